"""Records each successful authenticated request to a user-data endpoint (an after_request hook).

A user-data endpoint is any route guarded by a token outside the account-management
blueprints (login sessions, two-factor set-up) and the audit log itself. The record id is the
route's UUID argument, or for a create the ``id`` of the JSON answer. Writing the event never
fails the request: a database error is logged (without personal data) and the answer goes out.
"""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, request
from flask_jwt_extended import get_jwt
from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError

from core.audit.models import AuditEvent
from core.extensions import db
from core.models_base import utcnow
from core.ratelimit import client_address

log = logging.getLogger(__name__)

NOT_AUDITED_BLUEPRINTS = {"auth", "auth_2fa", "auth_sessions", "audit", "health"}
ACTIONS = {"GET": "read", "HEAD": "read", "POST": "create", "PUT": "update", "PATCH": "update",
           "DELETE": "delete"}


def _authenticated_subject() -> uuid.UUID | None:
    """The caller when this request went through jwt_required (a view guarded by auth_required)."""
    if getattr(g, "_jwt_extended_jwt", None) is None:
        return None
    try:
        return uuid.UUID(get_jwt()["sub"])
    except (KeyError, ValueError, RuntimeError):
        return None


def _record_id(response) -> str | None:
    for value in (request.view_args or {}).values():
        if isinstance(value, uuid.UUID):
            return str(value)
    if request.method == "POST" and response.is_json:
        body = response.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("id"), str):
            return body["id"][:64]
    return None


def should_audit(response) -> bool:
    if request.blueprint == "account_data" and request.method == "DELETE":
        return False  # the account and its log are gone
    return (request.url_rule is not None and request.method in ACTIONS and response.status_code < 400
            and request.blueprint not in NOT_AUDITED_BLUEPRINTS)


def record_access(response):
    if not should_audit(response):
        return response
    subject = _authenticated_subject()
    if subject is None:
        return response
    try:
        db.session.execute(insert(AuditEvent).values(
            id=uuid.uuid4(), user_id=subject, actor_id=subject, action=ACTIONS[request.method],
            method=request.method, route=request.url_rule.rule[:200], record_id=_record_id(response),
            status=response.status_code, ip=client_address()[:45],
            user_agent=(request.user_agent.string or "")[:256], at=utcnow()))
        db.session.commit()
    except SQLAlchemyError as error:  # the account was just deleted, or the database is down
        db.session.rollback()
        log.warning("audit event not written: %s", type(error).__name__)
    return response


def init_audit(app: Flask) -> None:
    app.after_request(record_access)
