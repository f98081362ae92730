"""hygeia-sleep: a sleep log plugin for Hygeia, installed as its own package.

The manifest and the hook implementations only; the rest lives in the modules
beside this one. Hygeia finds the plugin through the ``hygeia.plugins`` entry
point in pyproject.toml and imports it only when it is enabled.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.api import Manifest, RateLimit, hookimpl
from hygeia_sleep.settings import DEFAULTS

manifest = Manifest(
    name="sleep",
    version="1.0.0",
    description="Sleep log: nightly entries, a rolling summary, sleep context for the assistant",
    settings=DEFAULTS,
    hooks_version="1.3",  # export_user_data came with 1.1, Blueprint(title=...) with 1.3
)


@hookimpl
def register_models():
    from hygeia_sleep.models import SleepLog, SleepSummary

    return [SleepLog, SleepSummary]


@hookimpl
def register_blueprints():
    from hygeia_sleep.routes import blp

    return [blp]


@hookimpl
def register_jobs():
    from hygeia_sleep import jobs

    return [jobs.refresh_summary]


@hookimpl
def register_rate_limits():
    return [RateLimit(authenticated="120/minute", anonymous="10/minute")]


@hookimpl
def register_commands():
    from hygeia_sleep import services
    from hygeia_sleep.jobs import refresh_summary

    @click.command("refresh-summaries")
    @with_appcontext
    def refresh_summaries():
        """Recompute every user's summary (after changing SLEEP_SUMMARY_NIGHTS)."""
        users = services.users_with_logs()
        for user_id in users:
            refresh_summary(str(user_id))
        click.echo(f"refreshed {len(users)} summaries")

    return [refresh_summaries]


@hookimpl
def export_user_data(user_id):
    # Account deletion needs no user_deleted hook: both tables cascade from users.id.
    from hygeia_sleep.services import export_nights

    return export_nights(user_id)


@hookimpl
def ai_context(query, user_id):
    from hygeia_sleep.context import sleep_context

    return sleep_context(query, user_id)
