"""Registering users and checking passwords, with login throttling. No Flask request globals here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.auth import throttle
from core.auth.mails import mail_notice, mail_verification
from core.auth.models import User
from core.auth.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from core.errors import ApiError, abort
from core.extensions import db
from core.models_base import utcnow


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


@dataclass(frozen=True)
class Registration:
    """What registering answers: the same shape whether the address was free or already had an
    account (then ``id`` is a random one that names nothing), so no answer tells which addresses
    have accounts. Only ``created`` differs, and no response shows it."""

    id: uuid.UUID
    email: str
    created_at: datetime
    created: bool


def register_user(email: str, password: str, client_ip: str) -> Registration:
    """Create the account and mail it a verification link. An address that has an account already
    gets the same answer, and its owner a mail saying someone tried (at most as often as the
    account-mail limit allows: past it, no mail, and still the same answer)."""
    email = normalise_email(email)
    problems = password_problems(password, email)
    if problems:
        abort(422, "The password is too weak.", details={"json": {"password": problems}})
    user = User(email=email, password_hash=hash_password(password))  # hashed either way: the same time
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        _tell_owner_of_attempt(email, client_ip)
        return Registration(uuid.uuid4(), email, utcnow(), created=False)
    mail_verification(user)
    return Registration(user.id, user.email, user.created_at, created=True)


def _tell_owner_of_attempt(email: str, client_ip: str) -> None:
    owner = find_user(email)
    try:
        throttle.count_account_mail(email, client_ip)
    except ApiError:
        return  # told recently enough; a 429 here would tell the address has an account
    if owner is not None:
        mail_notice(owner, "registration_attempt")


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
