"""The core's own contributions, made through the same hooks as any plugin."""

from __future__ import annotations

from datetime import timedelta

import pluggy

from core import __version__
from core.auth.models import RevokedSession, User
from core.auth.routes import blp as auth_blp
from core.auth.tokens import purge_expired_revocations
from core.health.models import HealthCheckRun
from core.health.routes import blp as health_blp
from core.health.routes import health_socket
from core.health.service import run_scheduled_check
from core.plugin_types import Manifest, RateLimit, Schedule, WebSocketRoute
from core.profile.models import HealthProfile
from core.profile.routes import blp as profile_blp

hookimpl = pluggy.HookimplMarker("hygeia")

manifest = Manifest(
    name="core",
    version=__version__,
    description="Users, auth, health profile, health checks",
)


@hookimpl
def register_models():
    return [User, RevokedSession, HealthProfile, HealthCheckRun]


@hookimpl
def register_blueprints():
    return [auth_blp, profile_blp, health_blp]


@hookimpl
def register_websockets():
    return [WebSocketRoute("/ws/health/", health_socket, auth=False)]


@hookimpl
def register_jobs():
    return [run_scheduled_check, purge_expired_revocations]


@hookimpl
def register_schedules(app):
    return [
        Schedule(run_scheduled_check, interval=timedelta(seconds=app.config["HEALTH_CHECK_INTERVAL_SECONDS"]),
                 timeout=60),
        Schedule(purge_expired_revocations, interval=timedelta(days=1), timeout=300),
    ]


@hookimpl
def register_rate_limits():
    return [
        RateLimit(authenticated="60/minute", anonymous="20/minute", blueprints=["auth"]),
        RateLimit(authenticated="120/minute", anonymous="20/minute", blueprints=["profile"]),
    ]
