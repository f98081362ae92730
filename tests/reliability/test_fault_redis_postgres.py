"""Redis and PostgreSQL killed and restarted under concurrent requests (private processes on free
ports, never the machine's shared servers): no 500, no request without an answer, a 503 that names
the dependency, and recovery by itself once the process is back."""

from __future__ import annotations

import httpx
import pytest

from tests.reliability.processes import PostgresProcess, RedisProcess
from tests.reliability.traffic import Traffic, until_healthy

PASSWORD = "correct horse battery 9"


def _sign_up(base: str, email: str) -> dict:
    assert httpx.post(f"{base}/api/auth/register/", json={"email": email, "password": PASSWORD}).status_code == 201
    tokens = httpx.post(f"{base}/api/auth/login/", json={"email": email, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _requests(headers: dict) -> list:
    return [("GET", "/api/profile/", {"headers": headers}), ("GET", "/api/health/", {}),
            ("GET", "/api/chat-sessions/", {"headers": headers}),
            ("PATCH", "/api/profile/", {"headers": headers, "json": {"age": 40}})]


@pytest.fixture
def redis_process():
    server = RedisProcess().start()
    yield server
    server.kill()


@pytest.fixture
def postgres_process():
    server = PostgresProcess().start()
    yield server
    server.remove()


def _report(name: str, tally) -> None:
    print(f"\n{name}: {tally.total} requests, statuses {dict(tally.statuses)}, 5xx codes {dict(tally.errors)}, "
          f"lost {tally.lost}, slowest {tally.slowest:.2f} s")


def test_redis_killed_and_restarted_during_requests(make_app, serve, redis_process):
    app = make_app({"REDIS_URL": redis_process.url, "RATELIMIT_ENABLED": False})
    base = serve(app)
    headers = _sign_up(base, "redis-fault@example.org")
    traffic = Traffic(base, _requests(headers))

    before = traffic.phase(1.0)
    assert set(before.statuses) == {200} and before.lost == 0

    redis_process.kill()
    during = traffic.phase(1.5)
    _report("redis down", during)
    assert during.lost == 0 and 500 not in during.statuses
    # 429: the limiter counts in memory while Redis is away (the limits still hold).
    assert set(during.statuses) <= {200, 429, 503} and during.statuses[503] > 0
    assert set(during.errors) <= {"redis_unavailable", "service_unavailable", "/api/health/ report"}, during.errors
    assert during.slowest < 5
    # Signed-in requests do not need Redis: token revocations are read from the database.
    outage = httpx.get(f"{base}/api/profile/", headers=headers)
    assert outage.status_code == 200 and "allergies" in outage.json()

    redis_process.restart()
    recovered_in = until_healthy(base, "/api/profile/", headers)
    after = traffic.phase(1.0)
    _report(f"redis back (recovered in {recovered_in:.2f} s)", after)
    assert set(after.statuses) <= {200, 429} and after.statuses[200] > 0 and after.lost == 0


def test_postgresql_killed_and_restarted_during_requests(make_app, serve, postgres_process):
    from core.testing import _migrate

    url = postgres_process.create_database()
    app = make_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": None, "HYGEIA_PLUGINS": ["chat"],
                    "RATELIMIT_ENABLED": False})
    _migrate(app)
    base = serve(app)
    headers = _sign_up(base, "pg-fault@example.org")
    traffic = Traffic(base, _requests(headers))
    before = traffic.phase(1.0)
    assert set(before.statuses) == {200} and before.lost == 0

    postgres_process.kill()
    during = traffic.phase(1.5)
    _report("postgres down", during)
    assert during.lost == 0 and 500 not in during.statuses
    assert during.statuses[503] > 0
    assert set(during.errors) <= {"database_unavailable", "/api/health/ report"}, during.errors
    outage = httpx.get(f"{base}/api/profile/", headers=headers)
    assert outage.status_code == 503 and outage.json()["error"] == "database_unavailable"
    assert outage.headers["Retry-After"]

    postgres_process.restart()
    recovered_in = until_healthy(base, "/api/profile/", headers)
    written = httpx.patch(f"{base}/api/profile/", headers=headers, json={"allergies": ["after restart"]})
    assert written.status_code == 200
    after = traffic.phase(1.0)
    _report(f"postgres back (recovered in {recovered_in:.2f} s)", after)
    assert set(after.statuses) == {200} and after.lost == 0
    assert httpx.get(f"{base}/api/profile/", headers=headers).json()["allergies"] == ["after restart"]
