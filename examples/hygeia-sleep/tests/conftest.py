"""Fixtures for the sleep plugin's tests, on top of the ones Hygeia exports (the ``hygeia`` pytest plugin:
hygeia_backend, make_app, app, client, make_user, user, auth_headers, serve)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest


@pytest.fixture(scope="session")
def sleep_tables(hygeia_backend):
    """The plugin's Alembic branch in the session's database, as `flask db upgrade` would run it."""
    from core.app import create_app

    app = create_app({**hygeia_backend.overrides(), "HYGEIA_PLUGINS": ["sleep"]}, env="testing")
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def app(make_app, sleep_tables):
    """An app with only this plugin enabled; `client`, `make_user` and `user` use it."""
    return make_app({"HYGEIA_PLUGINS": ["sleep"]})


@pytest.fixture
def evening():
    """``evening(days_ago, "23:10", offset_hours)`` -> an aware datetime in that offset, days in the past."""

    def at(days_ago: int, clock: str, offset_hours: float = 1) -> datetime:
        zone = timezone(timedelta(hours=offset_hours))
        day = (datetime.now(zone) - timedelta(days=days_ago)).date()
        hour, minute = map(int, clock.split(":"))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)

    return at


@pytest.fixture
def log_night(client, evening):
    """``log_night(user, days_ago, "23:10", minutes, quality=...)`` posts a night and returns the response."""

    def post(user, days_ago: int, clock: str, minutes: int, **fields):
        bedtime = evening(days_ago, clock)
        body = {"bedtime": bedtime.isoformat(), "wake_time": (bedtime + timedelta(minutes=minutes)).isoformat(),
                **fields}
        return client.post("/api/sleep/logs/", headers=user.headers, json=body)

    return post
