"""Throttles of the account endpoints, counted with core.ratelimit (Redis or memory).

- Failed logins, per account from one IP and per IP (LOGIN_FAILURES_PER_ACCOUNT_IP,
  LOGIN_FAILURES_PER_IP). Successful logins do not count, so a user who types the password right is
  never slowed, and failures from other addresses never lock the owner out of their account.
- Account mails (verification, reset), per address and per IP (ACCOUNT_MAILS_PER_ADDRESS,
  ACCOUNT_MAILS_PER_IP). The address counts whether or not an account has it, so the
  answers never tell which addresses are registered.
- Wrong mailed tokens, per IP (ACCOUNT_TOKEN_FAILURES_PER_IP).
- Wrong two-factor codes, per account (TWO_FACTOR_FAILURES_PER_ACCOUNT).

Keys never carry an address: accounts appear as a digest (keys show up in Redis tooling).
"""

from __future__ import annotations

import hashlib

from flask import current_app

from core import ratelimit
from core.errors import abort


def _account(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _refuse_if_exceeded(limits, name: str, message: str, error: str) -> None:
    for limit, scope, key in limits:
        if ratelimit.is_exceeded(limit, name, scope, key):
            wait = ratelimit.retry_after(limit, name, scope, key)
            abort(429, message, error=error, headers={"Retry-After": str(wait)})


def _hit(limits, name: str) -> None:
    for limit, scope, key in limits:
        ratelimit.hit(limit, name, scope, key)


def _login_limits(email: str, client_ip: str):
    config = current_app.config
    return [
        (config["LOGIN_FAILURES_PER_ACCOUNT_IP"], "account-ip", f"{_account(email)}:{client_ip}"),
        (config["LOGIN_FAILURES_PER_IP"], "ip", client_ip),
    ]


def refuse_if_throttled(email: str, client_ip: str) -> None:
    _refuse_if_exceeded(_login_limits(email, client_ip), "login-failures",
                        "Too many failed logins; try again after the time in Retry-After.", "login_throttled")


def record_failure(email: str, client_ip: str) -> None:
    _hit(_login_limits(email, client_ip), "login-failures")


def count_account_mail(email: str, client_ip: str) -> None:
    """Count one request for an account mail, or 429 once the address or the IP asked too often."""
    config = current_app.config
    limits = [(config["ACCOUNT_MAILS_PER_ADDRESS"], "address", _account(email)),
              (config["ACCOUNT_MAILS_PER_IP"], "ip", client_ip)]
    _refuse_if_exceeded(limits, "account-mails",
                        "Too many requests for this address; try again after the time in Retry-After.",
                        "mail_throttled")
    _hit(limits, "account-mails")


def _token_limits(client_ip: str):
    return [(current_app.config["ACCOUNT_TOKEN_FAILURES_PER_IP"], "ip", client_ip)]


def refuse_token_if_throttled(client_ip: str) -> None:
    _refuse_if_exceeded(_token_limits(client_ip), "token-failures",
                        "Too many invalid links or codes; try again after the time in Retry-After.",
                        "token_throttled")


def record_token_failure(client_ip: str) -> None:
    _hit(_token_limits(client_ip), "token-failures")


def _code_limits(user_id: str):
    return [(current_app.config["TWO_FACTOR_FAILURES_PER_ACCOUNT"], "account", user_id)]


def refuse_code_if_throttled(user_id: str) -> None:
    _refuse_if_exceeded(_code_limits(user_id), "2fa-failures",
                        "Too many wrong codes; try again after the time in Retry-After.", "code_throttled")


def record_code_failure(user_id: str) -> None:
    _hit(_code_limits(user_id), "2fa-failures")
