"""Registering users and checking passwords, with login throttling. No Flask request globals here."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.auth import throttle
from core.auth.models import User
from core.auth.passwords import burn_verification_time, hash_password, password_problems, verify_password
from core.errors import abort
from core.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register_user(email: str, password: str) -> User:
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
    return user


def authenticate(email: str, password: str, client_ip: str) -> User:
    """The user with these credentials, or a 401/429. Only failures count towards the throttle."""
    email = normalise_email(email)
    throttle.refuse_if_throttled(email, client_ip)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        burn_verification_time()
    if user is None or not verify_password(user.password_hash, password) or not user.is_active:
        throttle.record_failure(email, client_ip)
        abort(401, "Wrong email or password.", error="invalid_credentials")
    return user
