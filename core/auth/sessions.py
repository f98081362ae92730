"""Device sessions: each login recorded with its device, IP address and last use.

A session is the `sid` that a login's access and refresh tokens share (core.auth.tokens);
revoking one here revokes that sid, so its tokens stop working at once.
"""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select, update

from core.auth.devices import describe_device
from core.auth.models import LoginSession
from core.cache import cache_get, cache_set
from core.extensions import db
from core.models_base import utcnow

TOUCH_EVERY_SECONDS = 60  # last use is written at most once a minute per session


def record(user_id: uuid.UUID, sid: str, user_agent: str, ip: str) -> LoginSession:
    """Store the session of a new login (not committed)."""
    now = utcnow()
    session = LoginSession(user_id=user_id, sid=sid, device=describe_device(user_agent),
                           user_agent=(user_agent or "")[:512], ip=(ip or "")[:45], created_at=now,
                           last_used_at=now, expires_at=now + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"])
    db.session.add(session)
    return session


def active(user_id: uuid.UUID) -> list[LoginSession]:
    """The user's sessions that can still be used, most recently used first."""
    return list(db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None),
               LoginSession.expires_at > utcnow())
        .order_by(LoginSession.last_used_at.desc(), LoginSession.created_at.desc())))


def find_active(user_id: uuid.UUID, session_id: uuid.UUID) -> LoginSession | None:
    """The user's own active session with this id (another user's is None, like a missing one)."""
    return db.session.scalar(select(LoginSession).where(
        LoginSession.id == session_id, LoginSession.user_id == user_id,
        LoginSession.revoked_at.is_(None), LoginSession.expires_at > utcnow()))


def mark_revoked(sid: str) -> None:
    db.session.execute(update(LoginSession).where(LoginSession.sid == sid, LoginSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def mark_all_revoked(user_id: uuid.UUID) -> None:
    db.session.execute(update(LoginSession)
                       .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def touch(sid: str, ip: str) -> None:
    """Note that the session was just used, from ``ip``; at most one write a minute per session."""
    key = f"session-touch:{sid}"
    if cache_get(key):
        return
    cache_set(key, 1, TOUCH_EVERY_SECONDS)
    db.session.execute(update(LoginSession).where(LoginSession.sid == sid, LoginSession.revoked_at.is_(None))
                       .values(last_used_at=utcnow(), ip=(ip or "")[:45]))
    db.session.commit()
