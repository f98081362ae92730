"""The work one request does: SQL statements and Redis commands for the main endpoints, counted on the
real backends, so a change that adds a round trip (or a query per row of a list) fails here.
Figures and the load they carry: bench/load.py and docs/deployment.md."""

from __future__ import annotations

import contextlib

import pytest
import redis
from sqlalchemy import event

from core.extensions import db

BUDGETS = {  # (method, path): (at most SQL statements, at most Redis commands)
    ("GET", "/api/profile/"): (4, 3),
    ("GET", "/api/chat-sessions/"): (6, 3),
    ("GET", "/api/consultations/"): (5, 3),
}


@contextlib.contextmanager
def counted(app):
    counts = {"sql": 0, "redis": 0}

    def statement(*_args, **_kwargs):
        counts["sql"] += 1

    command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def redis_command(self, *args, **kwargs):
        counts["redis"] += 1
        return command(self, *args, **kwargs)

    def redis_pipeline(self, *args, **kwargs):
        counts["redis"] += 1  # one round trip however many commands it holds
        return pipeline(self, *args, **kwargs)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    redis.Redis.execute_command, redis.client.Pipeline.execute = redis_command, redis_pipeline
    try:
        yield counts
    finally:
        redis.Redis.execute_command, redis.client.Pipeline.execute = command, pipeline
        event.remove(engine, "before_cursor_execute", statement)


@pytest.fixture
def budget_app(make_app, hygeia_backend):
    if hygeia_backend.name != "postgres":
        pytest.skip("the budgets are for PostgreSQL and Redis, the production backends (CI runs them)")
    return make_app({"HYGEIA_PLUGINS": ["symptoms", "chat"], "RATELIMIT_ENABLED": True})


@pytest.mark.parametrize("method,path", list(BUDGETS))
def test_a_request_stays_within_its_budget(budget_app, make_user, method, path):
    client, user = budget_app.test_client(), make_user()
    client.open(path, method=method, headers=user.headers)  # the first one may fill caches
    with counted(budget_app) as counts:
        response = client.open(path, method=method, headers=user.headers)
    assert response.status_code == 200, response.get_json()
    sql, commands = BUDGETS[(method, path)]
    assert counts["sql"] <= sql and counts["redis"] <= commands, counts


def test_a_list_reads_the_same_whatever_its_length(make_app, hygeia_backend, make_user):
    budget_app = make_app({"HYGEIA_PLUGINS": ["symptoms", "chat"], "RATELIMIT_ENABLED": False})  # 100 writes
    client, user = budget_app.test_client(), make_user()

    def statements_for_a_page():
        with counted(budget_app) as counts:
            page = client.get("/api/chat-sessions/?page_size=100", headers=user.headers).get_json()
        return counts["sql"], page["total"]

    def add_sessions(n):
        for i in range(n):
            session = client.post("/api/chat-sessions/", json={"title": f"s{i}"}, headers=user.headers).get_json()
            client.post(f"/api/chat-sessions/{session['id']}/messages/", json={"content": "hello"},
                        headers=user.headers)

    add_sessions(2)
    few = statements_for_a_page()
    add_sessions(48)
    many = statements_for_a_page()
    assert (few[1], many[1]) == (2, 50)
    assert many[0] == few[0]  # no statement per session (their last messages are read in one)
    page = client.get("/api/chat-sessions/?page_size=100", headers=user.headers).get_json()
    assert all(item["last_message"] and item["last_message"]["role"] in ("user", "assistant") for item in page["items"])
