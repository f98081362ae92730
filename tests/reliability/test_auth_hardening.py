"""Auth hardening across every guarded operation of the spec and the WebSockets: expired, revoked and
refresh tokens refused; login throttling; password rules."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
import websocket
from flask_jwt_extended import create_access_token, decode_token

from tests.reliability.spec_walk import operations, request_kwargs

ANY_ID = "00000000-0000-4000-8000-000000000000"


def _expired_token(app, user) -> str:
    """A token like the user's own (same session and version claims) whose lifetime has passed."""
    with app.app_context():
        claims = decode_token(user.access_token)
        return create_access_token(identity=str(user.id), expires_delta=timedelta(seconds=-5),
                                   additional_claims={"sid": claims["sid"], "ver": claims["ver"]})


def _logged_out(client, make_user):
    user = make_user()
    assert client.post("/api/auth/logout/", headers=user.headers).status_code == 204
    return user


@pytest.fixture
def tokens(full_app, make_user):
    client = full_app.test_client()
    live, revoked = make_user(), _logged_out(client, make_user)
    return {"expired": _expired_token(full_app, live), "revoked": revoked.access_token,
            "refresh": live.refresh_token, "garbage": "not.a.jwt"}, live


@pytest.mark.parametrize("kind", ["expired", "revoked", "refresh", "garbage"])
def test_bad_tokens_are_refused_on_every_guarded_operation(full_app, spec, tokens, upload_files, kind):
    client = full_app.test_client()
    bad, live = tokens
    # The token is refused before any lookup: a real record of the live user or a made-up id alike.
    ids = {"/api/chat-sessions/": client.post("/api/chat-sessions/", json={}, headers=live.headers).get_json()["id"]}
    guarded = [op for op in operations(spec) if op.requires_token and op.path != "/api/auth/refresh/"]
    assert len(guarded) >= 20
    for op in guarded:
        url = op.url(ids) if op.fillable(ids) else op.url({c: ANY_ID for c in op.collections})
        response = client.open(url, method=op.method.upper(), headers={"Authorization": f"Bearer {bad[kind]}"},
                               **request_kwargs(spec, op, upload_files))
        body = response.get_json()
        expected = {"expired": "token_expired", "revoked": "token_revoked", "refresh": "invalid_token",
                    "garbage": "invalid_token"}[kind]
        assert response.status_code == 401 and body["error"] == expected, (str(op), response.status_code, body)
        assert not set(ids.values()) & set(json.dumps(body).split('"'))


def test_an_access_token_cannot_refresh_and_a_revoked_refresh_token_is_dead(full_app, make_user):
    client = full_app.test_client()
    user = make_user()
    assert client.post("/api/auth/refresh/", headers=user.headers).status_code == 401
    client.post("/api/auth/logout/", headers=user.headers)
    refused = client.post("/api/auth/refresh/", headers={"Authorization": f"Bearer {user.refresh_token}"})
    assert refused.status_code == 401 and refused.get_json()["error"] == "token_revoked"


def _socket_close(base: str, path: str, token: str | None, first_message: bool = False):
    url = base.replace("http://", "ws://") + path
    header = [f"Authorization: Bearer {token}"] if token and not first_message else []
    ws = websocket.create_connection(url, timeout=10, header=header)
    try:
        if first_message:
            ws.send(json.dumps({"type": "auth", "token": token}))
        error = json.loads(ws.recv())
        opcode, frame = ws.recv_data_frame(True)
        return error, opcode, int.from_bytes(frame.data[:2], "big")
    finally:
        ws.close()


@pytest.mark.parametrize("kind", ["expired", "revoked", "refresh", "garbage"])
@pytest.mark.parametrize("first_message", [False, True], ids=["header", "auth-message"])
def test_bad_tokens_are_refused_on_every_authenticated_websocket(full_app, serve, tokens, kind, first_message):
    bad, live = tokens
    base = serve(full_app)
    client = full_app.test_client()
    created = client.post("/api/chat-sessions/", json={"title": "t"}, headers=live.headers).get_json()
    routes = [rule.rule for rule in full_app.url_map.iter_rules() if rule.rule.startswith("/ws/")]
    guarded = [r for r in routes if not r.startswith("/ws/health/")]
    assert guarded, routes
    for rule in guarded:
        path = rule.replace("<uuid:session_id>", created["id"])
        path = path.replace("<uuid:", "<").split("<")[0] + (ANY_ID + "/" if "<" in path else "")
        error, opcode, code = _socket_close(base, path, bad[kind], first_message)
        assert error["type"] == "error" and error["error"] == "unauthorized", (rule, error)
        assert opcode == websocket.ABNF.OPCODE_CLOSE and code == 4401, (rule, code)


def test_failed_logins_are_throttled_then_refused_even_with_the_right_password(make_app, make_user):
    app = make_app({"LOGIN_FAILURES_PER_ACCOUNT_IP": "3 per 15 minutes"})
    client = app.test_client()
    user = make_user()
    for _ in range(3):
        wrong = client.post("/api/auth/login/", json={"email": user.email, "password": "wrong password 1"})
        assert wrong.status_code == 401
    refused = client.post("/api/auth/login/", json={"email": user.email, "password": user.password})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "access_token" not in refused.get_json()


@pytest.mark.parametrize("password, reason", [
    ("short1!", "at least 10"), ("onlyletterslong", "Mix letters"), ("12345678901234", "Mix letters"),
    ("x" * 129 + "1", "maximum length 128")])
def test_weak_passwords_are_refused_with_the_reason(client, password, reason):
    response = client.post("/api/auth/register/", json={"email": f"{uuid.uuid4().hex[:8]}@example.org",
                                                        "password": password})
    assert response.status_code == 422 and reason in json.dumps(response.get_json())


@pytest.mark.parametrize("kind", ["expired", "revoked", "refresh", "garbage"])
def test_a_bad_token_is_answered_401_however_often_it_is_sent(make_app, make_user, kind):
    app = make_app({"RATELIMIT_ENABLED": True})
    client = app.test_client()
    live = make_user()
    bad = {"expired": _expired_token(app, live), "revoked": _logged_out(client, make_user).access_token,
           "refresh": live.refresh_token, "garbage": "not.a.jwt"}[kind]
    answers = [client.get("/api/profile/", headers={"Authorization": f"Bearer {bad}"}) for _ in range(60)]
    assert {a.status_code for a in answers} == {401}  # a stale token refreshes; it is not told to back off
    assert {a.get_json()["error"] for a in answers} == {"token_revoked" if kind == "revoked" else
                                                         "token_expired" if kind == "expired" else "invalid_token"}
    anonymous = [client.get("/api/profile/").status_code for _ in range(60)]
    assert 429 in anonymous  # no token at all still meets the anonymous limit
