"""Accounts for plugins: the core's own account services, as ``core.api.accounts``.

A plugin that serves another API over Hygeia's accounts (the ``compat`` plugin serves
the original backend's) calls these instead of copying any of the logic; Hygeia's own
routes call the same functions. Errors are ``ApiError``s in the core's shape (401
wrong password, 403 unverified address, 422 weak password, 429 throttled...), which a plugin may translate into its own wire format.

A session is one login on one device; its ``session_key`` is the ``sid`` that the
session's access and refresh tokens share, so revoking it (here, through Hygeia's
``/api/auth/sessions/`` or logout) revokes every token of that login at once.
"""

from __future__ import annotations

import uuid

from flask import request
from flask_jwt_extended import decode_token, get_jwt
from jwt.exceptions import PyJWTError

from core.auth import challenges, sessions, tokens, two_factor, verification
from core.auth import password_reset as _password_reset
from core.auth import services as _services
from core.auth.models import LoginSession, User
from core.errors import abort
from core.extensions import db
from core.ratelimit import client_address

__all__ = [
    "active_sessions", "authenticate", "confirm_password_reset", "get_user", "import_user", "key_of", "login", "logout_all",
    "refresh", "register", "request_password_reset", "request_verification", "revoke_session", "session_key",
    "token_user", "two_factor_enabled", "verify_email",
]


def register(email: str, password: str) -> _services.Registration:
    """Create an account and mail its link (422 if the password is weak). A taken address gets the same
    answer with ``created`` false and a random ``id``, and its owner a mail: never tell the caller."""
    return _services.register_user(email, password, client_address())


def authenticate(email: str, password: str) -> User:
    """The user with these credentials (throttled per account and IP), or a 401/403/429."""
    return _services.authenticate(email, password, client_address())


def two_factor_enabled(user_id: uuid.UUID) -> bool:
    return two_factor.is_enabled(user_id)


def login(user: User, code: str | None = None) -> dict:
    """Open a session for a user whose password was checked: ``{access_token, refresh_token, ...}``.

    With two-factor login on, a TOTP or recovery ``code`` is required (401 without a right one),
    exactly as Hygeia's own two-step login asks for it.
    """
    agent, ip = request.headers.get("User-Agent", ""), client_address()
    if not two_factor.is_enabled(user.id):
        return tokens.issue_tokens(user, agent, ip)
    if not code:
        abort(401, "This account uses two-factor login: send a code from the authenticator app.",
              error="two_factor_required")
    challenge = challenges.open_challenge(user)
    recovery = "-" in code or len("".join(code.split())) > 6
    return challenges.complete(challenge["challenge_token"], None if recovery else code,
                               code if recovery else None, agent, ip)


def refresh(refresh_token: str) -> tuple[User, dict]:
    """A new access token for the session of ``refresh_token`` (401 when invalid, expired or revoked)."""
    try:
        payload = decode_token(refresh_token)
    except (PyJWTError, ValueError, KeyError):
        abort(401, "The refresh token is not valid or has expired.", error="invalid_token")
    if payload.get("type") != "refresh" or tokens.token_revoked(payload):
        abort(401, "The refresh token has been revoked; log in again.", error="token_revoked")
    user = tokens.user_of(payload)
    return user, {**tokens.refresh_access_token(user, payload), "session_key": payload["sid"]}


def session_key() -> str:
    """The session key (``sid``) of the access token of the current request."""
    return get_jwt()["sid"]


def key_of(token: str) -> str | None:
    """The session key inside a token this core issued (its signature is checked), or None."""
    try:
        return decode_token(token).get("sid")
    except (PyJWTError, ValueError, KeyError):
        return None


def token_user(token: str) -> User | None:
    """The user of a valid, unrevoked access token (for routes where a token is optional), or None."""
    try:
        payload = decode_token(token)
    except (PyJWTError, ValueError, KeyError):
        return None
    if payload.get("type") != "access" or tokens.token_revoked(payload):
        return None
    return tokens.user_of(payload)


def active_sessions(user_id: uuid.UUID) -> list[LoginSession]:
    """The user's usable sessions, most recently used first (``.sid`` is the session key)."""
    return sessions.active(user_id)


def revoke_session(user_id: uuid.UUID, key: str) -> bool:
    """Revoke the user's own active session with this key; False when there is none."""
    if not any(s.sid == key for s in sessions.active(user_id)):
        return False
    tokens.revoke_sid(key, user_id)
    return True


def logout_all(user: User) -> None:
    """Every session of the account ends, on every device."""
    tokens.revoke_all_sessions(user)


def verify_email(token: str) -> User:
    """Confirm the address of the mailed token's account (400 if invalid, used or expired; throttled)."""
    return verification.verify_email(token, client_address())


def request_verification(email: str) -> None:
    """Queue a new verification mail; the same answer and work whether or not the account exists."""
    verification.request_verification(email, client_address())


def request_password_reset(email: str) -> None:
    """Queue a password-reset mail; the same answer and work whether or not the account exists."""
    _password_reset.request_reset(email, client_address())


def confirm_password_reset(token: str, password: str) -> User:
    """Set the new password with the mailed token; every session ends and a notice is mailed."""
    return _password_reset.confirm_reset(token, password, client_address())


def import_user(email: str, password_hash: str, *, active: bool = True, verified_at=None,
                created_at=None) -> User | None:
    """Add an account moved from another backend, keeping its password hash (Django PBKDF2 hashes are
    verified at login and rehashed with argon2id then). None when the email already has an account.
    Not committed."""
    email = _services.normalise_email(email)
    if not email or _services.find_user(email) is not None:
        return None
    user = User(email=email, password_hash=password_hash, is_active=active, email_verified_at=verified_at)
    if created_at is not None:
        user.created_at = created_at
    db.session.add(user)
    db.session.flush()
    return user


def get_user(user_id: uuid.UUID) -> User | None:
    return db.session.get(User, user_id)
