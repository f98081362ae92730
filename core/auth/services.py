"""Registering users and checking passwords, with login throttling. No Flask request globals here."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.auth import throttle
from core.auth.mails import mail_verification
from core.auth.models import User
from core.auth.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from core.errors import abort
from core.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register_user(email: str, password: str) -> User:
    """Create the account and mail it a verification link."""
    email = normalise_email(email)
    problems = password_problems(password, email)
    if problems:
        abort(422, "The password is too weak.", details={"json": {"password": problems}})
    user = User(email=email, password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        abort(409, "An account with this email already exists.", error="email_taken")
    mail_verification(user)
    return user


def authenticate(email: str, password: str, client_ip: str) -> User:
    """The user with these credentials, or a 401/429. Only failures count towards the throttle.

    With REQUIRE_EMAIL_VERIFICATION an unverified account gets a 403 (only once the
    password is right, so the answer tells nothing to someone who does not know it).
    """
    email = normalise_email(email)
    throttle.refuse_if_throttled(email, client_ip)
    user = find_user(email)
    if user is None:
        burn_verification_time()
    if user is None or not verify_password(user.password_hash, password) or not user.is_active:
        throttle.record_failure(email, client_ip)
        abort(401, "Wrong email or password.", error="invalid_credentials")
    if needs_rehash(user.password_hash):  # an imported hash (Django PBKDF2): argon2id from now on
        user.password_hash = hash_password(password)
        db.session.commit()
    if current_app.config.get("REQUIRE_EMAIL_VERIFICATION") and not user.email_verified:
        abort(403, "Confirm your email address first: use the link we mailed you, or ask for a new one.",
              error="email_not_verified")
    return user


def check_password(user: User, password: str, client_ip: str) -> None:
    """Re-authentication for sensitive changes: 403 on a wrong password, which counts as a failed login."""
    throttle.refuse_if_throttled(user.email, client_ip)
    if not verify_password(user.password_hash, password):
        throttle.record_failure(user.email, client_ip)
        abort(403, "The password is wrong.", error="wrong_password")
