"""Structured logs: JSON lines with request ids, and nothing a user typed, no password, no token."""

import io
import json
import logging
from urllib.parse import quote, quote_plus

import httpx
import pytest
import sqlalchemy as sa
import websocket

from core.auth.models import User
from core.extensions import db
from core.logging import make_handler, redact

CONSULTATION = "Crushing chest pain spreading to my left arm since this morning"
# Not a red flag, so the symptoms and chat plugins go all the way to the model with it.
ORDINARY = "Itchy red rash on both forearms after gardening, worse for four days"
PASSWORD = "violet tractor umbrella 42"


def test_json_lines_carry_level_logger_request_id_and_extras(make_app):
    app = make_app()
    stream = io.StringIO()
    logger = logging.getLogger("hygeia.test.json")
    logger.addHandler(make_handler("json", stream))
    logger.propagate = False
    try:
        with app.test_request_context("/", headers={"X-Request-ID": "req-1234567890"}):
            app.preprocess_request()
            logger.warning("queue %s is slow", "chat", extra={"queue": "chat", "depth": 12})
        logger.error("outside any request")
    finally:
        logger.handlers.clear()
    first, second = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["level"] == "WARNING" and first["logger"] == "hygeia.test.json"
    assert first["message"] == "queue chat is slow" and first["request_id"] == "req-1234567890"
    assert first["queue"] == "chat" and first["depth"] == 12 and first["ts"].endswith("+00:00")
    assert second["request_id"] is None


def test_tokens_passwords_and_credentials_are_redacted_even_in_tracebacks():
    token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZw"
    stream = io.StringIO()
    logger = logging.getLogger("hygeia.test.redact")
    logger.addHandler(make_handler("json", stream))
    logger.propagate = False
    try:
        try:
            raise ValueError(f"bad header Authorization: Bearer {token} for {{'password': '{PASSWORD}'}}")
        except ValueError:
            logger.exception("login failed password=%s url=%s", PASSWORD, "postgresql://hygeia:s3cr3tpw@db/hygeia")
    finally:
        logger.handlers.clear()
    output = stream.getvalue()
    entry = json.loads(output)
    assert entry["exc_type"] == "ValueError" and "Traceback" in entry["exc"]
    assert token not in output and PASSWORD not in output and "s3cr3tpw" not in output
    assert "password=[redacted]" in entry["message"] and "postgresql://hygeia:[redacted]@db" in entry["message"]
    assert redact("nothing secret here") == "nothing secret here"


def test_database_errors_leave_out_what_users_typed(app, user):
    with app.app_context(), pytest.raises(sa.exc.IntegrityError) as caught:
        db.session.add(User(email=user.email, password_hash=CONSULTATION))
        db.session.commit()
    assert CONSULTATION not in str(caught.value) and "parameters hidden" in str(caught.value)


def test_proxy_headers_are_trusted_only_when_configured(make_app):
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = make_app({"HYGEIA_PROXY_COUNT": hops})
        app.add_url_rule("/whoami", "whoami", lambda: {"ip": __import__("flask").request.remote_addr})
        body = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"}).get_json()
        assert body["ip"] == expected


def test_a_consultations_text_the_password_and_tokens_never_reach_the_log(gunicorn):
    server = gunicorn("gevent", workers=1)
    base, email = server.url, "log-check@example.org"
    seen_ids = []

    def call(method: str, path: str, **kwargs) -> httpx.Response:
        response = httpx.request(method, base + path, timeout=30, **kwargs)
        seen_ids.append(response.headers["X-Request-ID"])
        return response

    assert call("POST", "/api/auth/register/", json={"email": email, "password": PASSWORD}).status_code == 201
    tokens = call("POST", "/api/auth/login/", json={"email": email, "password": PASSWORD}).json()
    secrets_ = [PASSWORD, tokens["access_token"], tokens["refresh_token"], CONSULTATION, "left arm"]
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert call("POST", "/api/auth/login/", json={"email": email, "password": PASSWORD + "x"}).status_code == 401
    profile = call("PATCH", "/api/profile/", headers=auth, json={"chronic_conditions": [CONSULTATION]})
    assert profile.status_code == 200 and profile.json()["chronic_conditions"] == [CONSULTATION]
    assert call("PATCH", "/api/profile/", headers=auth, json={"age": CONSULTATION}).status_code == 422
    assert call("GET", "/api/health/", params={"q": CONSULTATION}).status_code == 200
    assert call("GET", f"/api/nowhere/{CONSULTATION}").status_code == 404
    assert call("POST", "/api/auth/refresh/", headers={"Authorization": f"Bearer {tokens['refresh_token']}"}
                ).status_code == 200
    ws = websocket.create_connection(base.replace("http", "ws") + "/ws/health/", timeout=10,
                                     header=[f"Authorization: Bearer {tokens['access_token']}"])
    assert json.loads(ws.recv())["type"] == "health"
    ws.close()
    server.stop()

    lines = server.log.splitlines()
    entries = [json.loads(line) for line in lines]  # every line is JSON, gunicorn's own included
    access = [e for e in entries if e["logger"] == "hygeia.access"]
    assert {e["request_id"] for e in access} >= set(seen_ids)
    routes = {(e["http"]["method"], e["http"]["route"], e["http"]["status"]) for e in access}
    assert ("PATCH", "/api/profile/", 422) in routes and ("GET", None, 404) in routes
    assert any(e["logger"] == "gunicorn.error" for e in entries)
    assert not any(e["logger"] == "gunicorn.access" for e in entries)  # raw URLs: the app logs routes instead
    for secret in secrets_:  # as typed, and as it would look in a logged URL
        for form in {secret, quote(secret), quote_plus(secret)}:
            assert form not in server.log, f"{form[:12]}... leaked into the log"


def installed_plugins(*names: str) -> list[str]:
    from importlib.metadata import entry_points

    installed = {ep.name for ep in entry_points(group="hygeia.plugins")}
    return [name for name in names if name in installed]


@pytest.fixture
def feature_tables(hygeia_backend):
    """The symptoms and chat plugins' tables in the session database, when they are installed."""
    import flask_migrate

    from core.app import create_app

    plugins = installed_plugins("symptoms", "chat")
    if plugins:
        app = create_app({**hygeia_backend.overrides(), "HYGEIA_PLUGINS": plugins}, env="testing")
        with app.app_context():
            for plugin in plugins:
                flask_migrate.upgrade(revision=f"{plugin}@head")
    return plugins


def test_a_consultation_and_a_chat_message_never_reach_the_log(gunicorn, feature_tables):
    if not feature_tables:
        pytest.skip("neither the symptoms nor the chat plugin is installed")
    from core.llm.fake_server import FakeLLMServer

    llm = FakeLLMServer().start()
    llm.always(json.dumps({"triage_level": "see_doctor", "summary": "Possibly cardiac; get checked today.",
                           "possible_conditions": [], "next_steps": ["See a doctor today."], "watch_for": [],
                           "medications": [], "disclaimer": "Not a diagnosis."}))
    try:
        server = gunicorn("gevent", workers=1, HYGEIA_PLUGINS=",".join(feature_tables), LLM_BASE_URL=llm.url,
                          TOGETHER_AI_API_KEY="sk-test-key-0123456789", SYMPTOMS_ENRICH="0",
                          CHAT_GENERATION="inprocess")
        base, email = server.url, "consult-log@example.org"
        httpx.post(f"{base}/api/auth/register/", json={"email": email, "password": PASSWORD}, timeout=30)
        token = httpx.post(f"{base}/api/auth/login/", json={"email": email, "password": PASSWORD},
                           timeout=30).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        if "symptoms" in feature_tables:
            made = httpx.post(f"{base}/api/consultations/", headers=auth, timeout=60,
                              json={"symptoms": ORDINARY, "duration": "four days"})
            assert made.status_code == 201, made.text
            assert made.json()["symptoms"] == ORDINARY  # stored and answered: it went through the code
        if "chat" in feature_tables:
            session = httpx.post(f"{base}/api/chat-sessions/", headers=auth, json={}, timeout=30).json()
            sent = httpx.post(f"{base}/api/chat-sessions/{session['id']}/messages/", headers=auth, timeout=60,
                              json={"content": ORDINARY})
            assert sent.status_code == 201, sent.text
        assert any(ORDINARY in json.dumps(body) for body in llm.requests)  # the model did see it
        server.stop()
    finally:
        llm.stop()
    for secret in (ORDINARY, "forearms", PASSWORD, token, "sk-test-key-0123456789"):
        for form in {secret, quote(secret), quote_plus(secret)}:
            assert form not in server.log, f"{form[:12]}... leaked into the log"
    assert '"hygeia.access"' in server.log
