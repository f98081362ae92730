"""The core's own contributions, made through the same hooks as any plugin."""

from __future__ import annotations

from datetime import timedelta

import pluggy

from core.account_data.routes import blp as account_data_blp
from core.audit.models import AuditEvent
from core.audit.routes import blp as audit_blp
from core.auth.housekeeping import purge_expired_account_records
from core.auth.models import (
    AccountToken,
    LoginChallenge,
    LoginSession,
    RecoveryCode,
    RevokedSession,
    TwoFactorSecret,
    User,
)
from core.auth.password_reset import send_reset_to
from core.auth.routes import blp as auth_blp
from core.auth.session_routes import blp as auth_sessions_blp
from core.auth.tokens import purge_expired_revocations
from core.auth.two_factor_routes import blp as auth_2fa_blp
from core.auth.verification import send_verification_to
from core.health.models import HealthCheckRun
from core.health.routes import blp as health_blp
from core.health.routes import SOCKET_CHANNEL as HEALTH_CHANNEL
from core.health.routes import health_socket
from core.health.service import run_scheduled_check
from core.mail.jobs import send_mail
from core.mail.settings import check_mail_settings
from core.plugin_types import Manifest, RateLimit, Schedule, WebSocketRoute
from core.profile.models import HealthProfile
from core.profile.routes import blp as profile_blp
from core.storage.sweep import sweep_orphans
from core.version import __version__

hookimpl = pluggy.HookimplMarker("hygeia")

manifest = Manifest(
    name="core",
    version=__version__,
    description="Users, auth, health profile, health checks",
)


@hookimpl
def register_models():
    return [User, RevokedSession, HealthProfile, HealthCheckRun,
            LoginSession, AccountToken, TwoFactorSecret, RecoveryCode, LoginChallenge, AuditEvent]


@hookimpl
def register_blueprints():
    return [auth_blp, auth_2fa_blp, auth_sessions_blp, profile_blp, audit_blp, account_data_blp, health_blp]


@hookimpl
def register_websockets():
    return [WebSocketRoute("/ws/health/", health_socket, auth=False, channel=HEALTH_CHANNEL)]


@hookimpl
def register_jobs():
    return [run_scheduled_check, purge_expired_revocations, purge_expired_account_records,
            send_mail, send_verification_to, send_reset_to, sweep_orphans]


@hookimpl
def register_schedules(app):
    return [
        Schedule(run_scheduled_check, interval=timedelta(seconds=app.config["HEALTH_CHECK_INTERVAL_SECONDS"]),
                 timeout=60),
        Schedule(purge_expired_revocations, interval=timedelta(days=1), timeout=300),
        Schedule(purge_expired_account_records, interval=timedelta(days=1), timeout=300),
        Schedule(sweep_orphans, interval=timedelta(days=1), timeout=1800),
    ]


@hookimpl
def register_rate_limits():
    return [
        RateLimit(authenticated="60/minute", anonymous="20/minute", blueprints=["auth", "auth_sessions"]),
        # Codes are also throttled per account (TWO_FACTOR_FAILURES_PER_ACCOUNT); this bounds each IP.
        RateLimit(authenticated="30/minute", anonymous="10/minute", blueprints=["auth_2fa"]),
        RateLimit(authenticated="120/minute", anonymous="20/minute", blueprints=["profile", "audit"]),
        # An export reads every plugin's records; deleting checks the password (throttled per account too).
        RateLimit(authenticated="10/minute", anonymous="5/minute", blueprints=["account_data"]),
    ]


@hookimpl
def startup(app):
    check_mail_settings(app)
