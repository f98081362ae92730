"""Email verification: confirm a mailed token; ask for a new one without revealing who has an account."""

from __future__ import annotations

from core.auth import onetime, throttle
from core.auth.mails import enqueue_lookup, mail_verification
from core.auth.services import find_user, normalise_email
from core.extensions import db
from core.models_base import utcnow


def verify_email(token: str, client_ip: str):
    """Mark the address of the token's account as verified; the token works once."""
    user = onetime.consume_throttled(token, onetime.VERIFY_EMAIL, client_ip)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    onetime.retire(user, onetime.VERIFY_EMAIL)
    db.session.commit()
    return user


def request_verification(email: str, client_ip: str) -> None:
    """Queue a new verification mail for ``email``; the caller learns nothing about the account.

    The request does the same work for any address (count it, enqueue a job); the
    job looks the account up, so neither the answer nor its timing depends on it.
    """
    email = normalise_email(email)
    throttle.count_account_mail(email, client_ip)
    enqueue_lookup(send_verification_to, email)


def send_verification_to(email: str) -> None:
    """Job: mail a verification link when an active, unverified account has this address."""
    user = find_user(email)
    if user is not None and user.is_active and not user.email_verified:
        mail_verification(user)
