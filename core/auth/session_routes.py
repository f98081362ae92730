"""/api/auth/sessions/: the caller's devices, and revoking one of them."""

from __future__ import annotations

import uuid

from flask_jwt_extended import current_user, get_jwt

from core.auth import sessions, tokens
from core.auth.schemas import SessionSchema
from core.errors import ErrorSchema, abort
from core.openapi import Blueprint

blp = Blueprint("auth_sessions", __name__, title="Signed-in devices", url_prefix="/api/auth/sessions",
                description="Where the account is signed in.")


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.response(200, SessionSchema(many=True))
def list_sessions():
    """The account's signed-in devices, most recently used first; `current` marks this one."""
    current_sid = get_jwt()["sid"]
    found = sessions.active(current_user.id)
    for session in found:
        session.current = session.sid == current_sid
    return found


@blp.route("/<uuid:session_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such active session of yours.")
def revoke(session_id: uuid.UUID):
    """Sign a device out: the session's access and refresh tokens stop working at once."""
    session = sessions.find_active(current_user.id, session_id)
    if session is None:
        abort(404, "Session not found.")
    tokens.revoke_sid(session.sid, current_user.id)
