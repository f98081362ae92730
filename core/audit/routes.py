"""GET /api/profile/audit/: the caller's own audit log, newest first."""

from __future__ import annotations

from flask_jwt_extended import current_user
from sqlalchemy import select

from core.audit.models import AuditEvent
from core.audit.schemas import AuditEventSchema, AuditQuerySchema
from core.openapi import Blueprint
from core.pagination import page_of, paginate

blp = Blueprint("audit", __name__, title="Access history", url_prefix="/api/profile/audit",
                description="Who read or changed your health data, when and from where.")


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, page_of(AuditEventSchema))
def list_audit_events(args):
    """List accesses to your health data, newest first (optionally one action)."""
    statement = select(AuditEvent).where(AuditEvent.user_id == current_user.id)
    if args.get("action"):
        statement = statement.where(AuditEvent.action == args["action"])
    return paginate(statement.order_by(AuditEvent.at.desc(), AuditEvent.id), args)
