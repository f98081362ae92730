"""Health report, Prometheus metrics, circuit breakers and the cache, including dependency faults."""

import pytest

from core.breakers import CircuitBreakerError, get_breaker
from core.cache import remember


@pytest.fixture
def app(sample_app):
    return sample_app


def test_health_reports_every_component(client, hygeia_backend):
    response = client.get("/api/health/")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["components"]["database"]["status"] == "ok"
    assert body["components"]["database"]["detail"] == ("postgresql" if hygeia_backend.name == "postgres"
                                                        else "sqlite")
    assert body["breakers"] == {"medlineplus": "closed", "pubmed": "closed", "together_ai": "closed", "who": "closed"}
    assert set(body["queues"]) == ({"core", "sample"} if hygeia_backend.redis_url else set())
    assert body["last_scheduled_check"] is None


def test_metrics_count_requests_jobs_and_breakers(client, user):
    client.get("/api/profile/", headers=user.headers)
    client.post("/api/sample-notes/", headers=user.headers, json={"text": "a b"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'flask_http_request_total{method="GET",status="200"}' in text
    assert 'endpoint="profile.get_profile"' in text
    assert 'hygeia_jobs_total{job="count_words",plugin="sample",status="succeeded"} 1.0' in text
    assert 'hygeia_breaker_state{breaker="together_ai"} 0.0' in text


def fail():
    raise ConnectionError("upstream down")


def test_breaker_opens_at_its_threshold_and_fails_fast(app, client):
    with app.app_context():
        breaker = get_breaker("pubmed")
        for _ in range(4):
            with pytest.raises(ConnectionError):
                breaker.call(fail)
        with pytest.raises(CircuitBreakerError):  # the 5th failure opens it
            breaker.call(fail)
        with pytest.raises(CircuitBreakerError):
            breaker.call(lambda: "never called")
    body = client.get("/api/health/").get_json()
    assert body["breakers"]["pubmed"] == "open" and body["status"] == "degraded"
    assert 'hygeia_breaker_state{breaker="pubmed"} 2.0' in client.get("/metrics").get_data(as_text=True)


def test_breaker_state_is_shared_between_processes_through_redis(app, make_app, hygeia_backend):
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis")
    with app.app_context():
        for _ in range(3):
            with pytest.raises((ConnectionError, CircuitBreakerError)):
                get_breaker("together_ai").call(fail)
    other = make_app({"HYGEIA_PLUGINS": []})  # another app, as another process would be
    with other.app_context():
        assert get_breaker("together_ai").current_state == "open"


def test_cache_remembers_values_and_marks_hits(app):
    calls = []
    with app.app_context():
        first = remember("test:key", 60, lambda: calls.append(1) or {"v": 1})
        second = remember("test:key", 60, lambda: calls.append(1) or {"v": 2})
    assert first == ({"v": 1}, False) and second == ({"v": 1}, True) and len(calls) == 1


def test_redis_outage_is_reported_but_does_not_break_requests(make_app, make_user):
    app = make_app({"REDIS_URL": "redis://127.0.0.1:1/0", "HYGEIA_PLUGINS": []})
    client = app.test_client()
    health = client.get("/api/health/")
    assert health.status_code == 503 and health.get_json()["status"] == "down"
    assert health.get_json()["components"]["redis"]["status"] == "down"
    with app.app_context():  # the cache degrades to computing every time
        assert remember("k", 60, lambda: 42) == (42, False)
    # Registration does not touch Redis; login rate limits fall back to memory.
    email = "outage@example.org"
    assert client.post("/api/auth/register/", json={"email": email, "password": "correct horse 9"}).status_code == 201
    login = client.post("/api/auth/login/", json={"email": email, "password": "correct horse 9"})
    assert login.status_code == 200
    # Token checks read the database only (revocations live there), so signed-in requests go on working.
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    assert client.get("/api/profile/", headers=headers).status_code == 200
    assert client.post("/api/auth/logout/", headers=headers).status_code == 204
    assert client.get("/api/profile/", headers=headers).get_json()["error"] == "token_revoked"


def test_sqlite_and_postgresql_both_cascade_user_deletion(app, user):
    from core.auth.models import User
    from core.extensions import db
    from tests.sample_plugin.models import SampleNote

    with app.app_context():
        db.session.add(SampleNote(user_id=user.id, text="mine"))
        db.session.commit()
        db.session.execute(db.delete(User).where(User.id == user.id))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(SampleNote)) == 0


def test_a_503_keeps_its_own_retry_after(make_app):
    from core.errors import abort

    app = make_app({"HYGEIA_PLUGINS": []})

    @app.get("/api/auth/unavailable")
    def unavailable():
        abort(503, "Try later.", headers={"Retry-After": "30"})

    response = app.test_client().get("/api/auth/unavailable")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"


def test_breaker_calls_run_concurrently(app):
    """A slow upstream call must not block other calls through the same breaker."""
    import threading
    import time

    with app.app_context():
        breaker = get_breaker("medlineplus")
    started = time.perf_counter()
    threads = [threading.Thread(target=breaker.call, args=(time.sleep, 0.3)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.perf_counter() - started < 0.9  # serialised calls would take 1.2 s
    assert breaker.current_state == "closed" and breaker.fail_counter == 0


def test_cached_values_are_sealed_json_in_redis_and_tampering_reads_as_a_miss(make_app, hygeia_backend):
    from core.cache import cache_get, cache_set

    app = make_app()
    with app.app_context():
        cache_set("phi-probe", {"symptoms": "chest pain and my name is Ana"}, 60)
        assert cache_get("phi-probe") == {"symptoms": "chest pain and my name is Ana"}
        if hygeia_backend.redis_url is None:
            return
        import redis

        client = redis.Redis.from_url(hygeia_backend.redis_url)
        (key,) = [k for k in client.scan_iter(f"{hygeia_backend.prefix}*phi-probe")]
        stored = client.get(key)
        assert stored.startswith(b"hygeia1:") and b"Ana" not in stored and b"chest" not in stored
        import pickle

        client.set(key, b"!" + pickle.dumps({"symptoms": "forged"}))  # what a pickle-reading cache would load
        assert cache_get("phi-probe") is None
        client.close()


def test_health_answers_from_a_short_lived_snapshot_and_deep_checks_live(make_app):
    from sqlalchemy import event

    from core.extensions import db

    app = make_app({"HEALTH_SNAPSHOT_SECONDS": 30})
    client = app.test_client()
    first = client.get("/api/health/").get_json()
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args, **kwargs: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        again = client.get("/api/health/").get_json()
        assert again["checked_at"] == first["checked_at"] and statements == []  # no check ran again
        deep = client.get("/api/health/?deep=1").get_json()
        assert deep["checked_at"] > first["checked_at"] and statements  # the database was asked now
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert deep["components"]["database"]["status"] == "ok"
    assert client.get("/api/health/?deep=maybe").status_code == 422
