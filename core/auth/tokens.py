"""JWT access/refresh tokens, login sessions and their revocation.

A login opens a session: its access and refresh tokens share one ``sid`` claim,
and logout revokes the session, so both stop working at once. Logout-all bumps
the user's ``token_version`` (every token carries the version it was issued
under). Revoked sessions are rows in the database, kept until their tokens would expire: no cache
flush, restart or outage can bring a logged-out session back.
Each session is also recorded with its device (core.auth.sessions) for the user to see.
"""

from __future__ import annotations

import uuid

from flask import Flask, current_app, has_request_context, request
from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import delete

from core.auth import sessions
from core.auth.models import RevokedSession, User
from core.errors import error_response
from core.extensions import db, jwt
from core.models_base import utcnow


def issue_tokens(user: User, user_agent: str = "", ip: str = "") -> dict:
    """Open a session for ``user`` (recorded with the device it came from) and return its tokens."""
    claims = {"sid": uuid.uuid4().hex, "ver": user.token_version}
    sessions.record(user.id, claims["sid"], user_agent, ip)
    db.session.commit()
    return {
        "access_token": create_access_token(identity=str(user.id), additional_claims=claims),
        "refresh_token": create_refresh_token(identity=str(user.id), additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    }


def refresh_access_token(user: User, refresh_payload: dict) -> dict:
    claims = {"sid": refresh_payload["sid"], "ver": refresh_payload["ver"]}
    return {
        "access_token": create_access_token(identity=str(user.id), additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    }


def revoke_session(payload: dict) -> None:
    """Revoke the session of this token: every token sharing its sid, until they would expire."""
    revoke_sid(payload["sid"], uuid.UUID(payload["sub"]))


def _revoke(sid: str, user_id: uuid.UUID) -> None:
    """Record one session's revocation (until its tokens would expire) and mark it on the device list."""
    expires_at = utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    db.session.merge(RevokedSession(sid=sid, user_id=user_id, expires_at=expires_at))
    sessions.mark_revoked(sid)


def revoke_sid(sid: str, user_id: uuid.UUID) -> None:
    """Revoke one session of ``user_id`` by its sid, with the device list, in one commit."""
    _revoke(sid, user_id)
    db.session.commit()


def revoke_other_sessions(user: User, keep_sid: str) -> int:
    """Sign out every device of ``user`` but the session ``keep_sid`` (the one asking), in one commit."""
    others = [session.sid for session in sessions.active(user.id) if session.sid != keep_sid]
    for sid in others:
        _revoke(sid, user.id)
    db.session.commit()
    return len(others)


def revoke_all_sessions(user: User, commit: bool = True) -> None:
    """Every token of the account stops working (a new login still works)."""
    user.token_version += 1
    sessions.mark_all_revoked(user.id)
    if commit:
        db.session.commit()


def is_session_revoked(sid: str) -> bool:
    """One primary-key read per authenticated request: the database is the truth, never a cache."""
    row = db.session.get(RevokedSession, sid)
    return row is not None and row.expires_at > utcnow()


def purge_expired_revocations() -> int:
    """Delete revoked-session rows whose tokens have expired anyway (scheduled daily)."""
    result = db.session.execute(delete(RevokedSession).where(RevokedSession.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount or 0


def token_revoked(payload: dict) -> bool:
    """True when the token's account is gone or inactive, or its session was logged out."""
    user = user_of(payload)
    return (user is None or not user.is_active or payload.get("ver") != user.token_version
            or "sid" not in payload or is_session_revoked(payload["sid"]))


def user_of(payload: dict) -> User | None:
    """The token's user, read once per request: the revocation check and the user lookup share it (the
    session's identity map holds it only weakly, so it would be read again)."""
    try:
        user_id = uuid.UUID(payload["sub"])
    except (KeyError, ValueError):
        return None
    # Kept on this request's own environ: g is shared by an in-process call_route and its caller.
    kept = request.environ.get("hygeia.token_user") if has_request_context() else None
    if kept is not None and kept.id == user_id and kept in db.session:  # not once a socket let it go
        return kept
    user = db.session.get(User, user_id)
    if has_request_context():
        request.environ["hygeia.token_user"] = user
    return user


def init_jwt(app: Flask) -> None:
    jwt.init_app(app)

    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload):
        if token_revoked(payload):
            return True
        if has_request_context():  # the client's address (behind a proxy: as the proxy fix reads it)
            sessions.touch(payload["sid"], request.remote_addr or "unknown")
        return False

    @jwt.user_lookup_loader
    def _lookup(_header, payload):
        return user_of(payload)

    @jwt.unauthorized_loader
    def _missing(reason):
        return error_response(401, "Authentication required: send 'Authorization: Bearer <access token>'.")

    @jwt.invalid_token_loader
    def _invalid(reason):
        return error_response(401, f"Invalid token: {reason}.", error="invalid_token")

    @jwt.expired_token_loader
    def _expired(_header, _payload):
        return error_response(401, "The token has expired; refresh it or log in again.", error="token_expired")

    @jwt.revoked_token_loader
    def _revoked_response(_header, _payload):
        return error_response(401, "The token has been revoked; log in again.", error="token_revoked")

    @jwt.user_lookup_error_loader
    def _unknown_user(_header, _payload):
        return error_response(401, "The token's account no longer exists.", error="invalid_token")

    @jwt.token_verification_failed_loader
    def _failed(_header, _payload):
        return error_response(401, "The token was refused.", error="invalid_token")
