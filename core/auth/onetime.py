"""Single-use, expiring tokens mailed to a user: email verification and password reset."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from core.auth.codes import digest, new_token
from core.auth.models import AccountToken, User
from core.auth import throttle
from core.errors import ApiError, abort
from core.extensions import db
from core.models_base import utcnow

VERIFY_EMAIL = "verify_email"
PASSWORD_RESET = "password_reset"


def issue(user: User, purpose: str, lifetime: timedelta) -> str:
    """A new token for ``purpose``; earlier unused ones of the same purpose stop working. Commits."""
    now = utcnow()
    retire(user, purpose, now)
    token = new_token()
    db.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=digest(token), expires_at=now + lifetime))
    db.session.commit()
    return token


def retire(user: User, purpose: str, when=None) -> None:
    """Mark every unused token of ``purpose`` as used (not committed)."""
    db.session.execute(update(AccountToken)
                       .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
                              AccountToken.used_at.is_(None))
                       .values(used_at=when or utcnow()))


def consume(token: str, purpose: str) -> User:
    """The user the token was issued to, marking it used (not committed); 400 when invalid, used or expired.

    The row is claimed with a conditional UPDATE, so two concurrent requests cannot both use one token.
    """
    row = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == digest(token),
                                                       AccountToken.purpose == purpose))
    now = utcnow()
    if row is None:
        abort(400, "This link or code is not valid.", error="invalid_token")
    if row.used_at is not None:
        abort(400, "This link or code has already been used.", error="token_used")
    if row.expires_at <= now:
        abort(400, "This link or code has expired; ask for a new one.", error="token_expired")
    claimed = db.session.execute(update(AccountToken)
                                 .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
                                 .values(used_at=now)).rowcount
    if claimed != 1:
        abort(400, "This link or code has already been used.", error="token_used")
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        abort(400, "This link or code is not valid.", error="invalid_token")
    return user


def consume_throttled(token: str, purpose: str, client_ip: str) -> User:
    """``consume`` behind the per-IP throttle of invalid tokens: refused while throttled, and a
    failure is rolled back and counted."""
    throttle.refuse_token_if_throttled(client_ip)
    try:
        return consume(token, purpose)
    except ApiError:
        db.session.rollback()
        throttle.record_token_failure(client_ip)
        raise
