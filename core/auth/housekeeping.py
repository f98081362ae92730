"""Deleting account records nobody can use any more (scheduled daily)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_

from core.auth.models import AccountToken, LoginChallenge, LoginSession, TwoFactorSecret
from core.extensions import db
from core.models_base import utcnow


def purge_expired_account_records() -> int:
    """Expired or revoked device sessions, expired mailed tokens and login challenges,
    and two-factor setups left unconfirmed for a day."""
    now = utcnow()
    removed = 0
    for statement in (
        delete(LoginSession).where(or_(LoginSession.expires_at <= now, LoginSession.revoked_at.is_not(None))),
        delete(AccountToken).where(AccountToken.expires_at <= now),
        delete(LoginChallenge).where(LoginChallenge.expires_at <= now),
        delete(TwoFactorSecret).where(TwoFactorSecret.enabled_at.is_(None),
                                      TwoFactorSecret.created_at <= now - timedelta(days=1)),
    ):
        removed += db.session.execute(statement).rowcount or 0
    db.session.commit()
    return removed
