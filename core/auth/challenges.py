"""The second step of a two-factor login: a short-lived challenge, completed with a code."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from core.auth import tokens, two_factor
from core.auth.codes import digest, new_token
from core.auth.models import LoginChallenge, User
from core.errors import abort
from core.extensions import db
from core.models_base import utcnow


def open_challenge(user: User) -> dict:
    """Instead of tokens: a challenge token to send back with a code to /api/auth/2fa/verify/."""
    minutes = current_app.config["TWO_FACTOR_CHALLENGE_MINUTES"]
    token = new_token()
    db.session.add(LoginChallenge(user_id=user.id, token_hash=digest(token),
                                  expires_at=utcnow() + timedelta(minutes=minutes)))
    db.session.commit()
    return {"two_factor_required": True, "challenge_token": token, "expires_in": minutes * 60,
            "methods": ["totp", "recovery_code"]}


def complete(challenge_token: str, code: str | None, recovery_code: str | None,
             user_agent: str, ip: str) -> dict:
    """Tokens for the login when the code is right; each challenge allows a few attempts and one success."""
    row = db.session.scalar(select(LoginChallenge).where(LoginChallenge.token_hash == digest(challenge_token)))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        abort(401, "This login has expired or is not valid; log in again.", error="invalid_challenge")
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active or not two_factor.is_enabled(user.id):
        abort(401, "This login has expired or is not valid; log in again.", error="invalid_challenge")
    if row.attempts >= current_app.config["TWO_FACTOR_ATTEMPTS_PER_CHALLENGE"]:
        row.used_at = utcnow()
        db.session.commit()
        abort(401, "Too many wrong codes for this login; log in again.", error="invalid_challenge")
    row.attempts += 1
    db.session.commit()  # the attempt counts even when the code is wrong
    two_factor.require_code(user, code=code, recovery_code=recovery_code, status=401)
    claimed = db.session.execute(update(LoginChallenge)
                                 .where(LoginChallenge.id == row.id, LoginChallenge.used_at.is_(None))
                                 .values(used_at=utcnow())).rowcount
    if claimed != 1:
        db.session.rollback()
        abort(401, "This login has expired or is not valid; log in again.", error="invalid_challenge")
    return tokens.issue_tokens(user, user_agent, ip)  # commits the code, the challenge and the session
