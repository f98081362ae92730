"""Login throttling: failed logins are counted per account and per IP address.

Limits come from LOGIN_FAILURES_PER_ACCOUNT and LOGIN_FAILURES_PER_IP. Successful
logins do not count, so a user who types the password right is never slowed.
"""

from __future__ import annotations

import hashlib

from flask import current_app

from core import ratelimit
from core.errors import abort


def _account(email: str) -> str:
    # Throttle keys must not carry the address itself (keys show up in Redis tooling).
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def refuse_if_throttled(email: str, client_ip: str) -> None:
    for limit, scope, key in _limits(email, client_ip):
        if ratelimit.is_exceeded(limit, "login-failures", scope, key):
            wait = ratelimit.retry_after(limit, "login-failures", scope, key)
            abort(429, "Too many failed logins; try again after the time in Retry-After.", error="login_throttled",
                  headers={"Retry-After": str(wait)})


def record_failure(email: str, client_ip: str) -> None:
    for limit, scope, key in _limits(email, client_ip):
        ratelimit.hit(limit, "login-failures", scope, key)


def _limits(email: str, client_ip: str):
    config = current_app.config
    return [
        (config["LOGIN_FAILURES_PER_ACCOUNT"], "account", _account(email)),
        (config["LOGIN_FAILURES_PER_IP"], "ip", client_ip),
    ]
