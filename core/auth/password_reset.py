"""Password reset: a mailed single-use token sets a new password and ends every session."""

from __future__ import annotations

from sqlalchemy import update

from core.auth import onetime, throttle
from core.auth.mails import enqueue_lookup, mail_notice, mail_password_reset
from core.auth.models import LoginChallenge
from core.auth.passwords import hash_password, password_problems
from core.auth.services import find_user, normalise_email
from core.auth.tokens import revoke_all_sessions
from core.errors import abort
from core.extensions import db
from core.models_base import utcnow


def request_reset(email: str, client_ip: str) -> None:
    """Queue a reset mail for ``email``. Same work and same answer whether or not the account exists."""
    email = normalise_email(email)
    throttle.count_account_mail(email, client_ip)
    enqueue_lookup(send_reset_to, email)


def send_reset_to(email: str) -> None:
    """Job: mail a reset link when an active account has this address (nothing otherwise)."""
    user = find_user(email)
    if user is not None and user.is_active:
        mail_password_reset(user)


def confirm_reset(token: str, password: str, client_ip: str):
    """Set the new password, revoke every session and pending login, and mail a notice."""
    user = onetime.consume_throttled(token, onetime.PASSWORD_RESET, client_ip)
    problems = password_problems(password, user.email)
    if problems:
        db.session.rollback()  # a weak password does not use the token up
        abort(422, "The password is too weak.", details={"json": {"password": problems}})
    now = utcnow()
    user.password_hash = hash_password(password)
    if user.email_verified_at is None:  # the token proved the mailbox is theirs
        user.email_verified_at = now
    onetime.retire(user, onetime.PASSWORD_RESET, now)
    db.session.execute(update(LoginChallenge)
                       .where(LoginChallenge.user_id == user.id, LoginChallenge.used_at.is_(None))
                       .values(used_at=now))
    revoke_all_sessions(user, commit=False)
    db.session.commit()
    mail_notice(user, "password_changed")
    return user
