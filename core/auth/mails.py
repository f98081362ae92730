"""The account mails: what each says and where its link points. Sent through core.mail."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from flask import current_app
from redis.exceptions import RedisError

from core.auth import onetime
from core.auth.models import User
from core.errors import abort
from core.jobs import enqueue
from core.mail.jobs import queue_mail
from core.models_base import utcnow


def _link(setting: str, token: str) -> str | None:
    template = current_app.config.get(setting)
    return template.replace("{token}", quote(token, safe="")) if template else None


def mail_verification(user: User) -> None:
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    token = onetime.issue(user, onetime.VERIFY_EMAIL, timedelta(hours=hours))
    queue_mail(user.email, "verify_email", token=token, link=_link("VERIFY_EMAIL_URL", token), hours=hours)


def mail_password_reset(user: User) -> None:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = onetime.issue(user, onetime.PASSWORD_RESET, timedelta(minutes=minutes))
    queue_mail(user.email, "password_reset", token=token, link=_link("PASSWORD_RESET_URL", token), minutes=minutes)


NOTICES = {
    "password_changed": ("Your password was changed",
                         "Every device was signed out; sign in again with the new password."),
    "two_factor_enabled": ("Two-factor login was turned on",
                           "Signing in now also asks for a code from your authenticator app."),
    "two_factor_disabled": ("Two-factor login was turned off",
                            "Signing in now asks only for your password."),
    "recovery_codes_renewed": ("New recovery codes were created",
                               "Your previous recovery codes no longer work."),
    "registration_attempt": ("Someone tried to create an account with your address",
                             ("No new account was made. If it was you, sign in, or reset your password if you "
                              "have forgotten it; if not, you need do nothing.")),
}


def mail_notice(user: User, kind: str) -> None:
    """Tell the user that something changed on the account (so an intruder cannot do it quietly)."""
    headline, consequence = NOTICES[kind]
    queue_mail(user.email, "security_notice", headline=headline, consequence=consequence,
               when=utcnow().strftime("%Y-%m-%d %H:%M"))


def enqueue_lookup(job, email: str) -> None:
    """Enqueue a job that looks ``email`` up and mails the account if there is one.

    The request itself never looks the address up, so its answer and timing are
    the same for every address. Without the queue: a 503, the same for everyone.
    """
    try:
        enqueue(job, email)
    except RedisError:
        abort(503, "The mail queue is unavailable; try again shortly.")
