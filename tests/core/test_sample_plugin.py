"""The hook contract end to end, through a plugin that uses every hook."""

import json
from datetime import datetime

import pytest
import websocket

import tests.sample_plugin as sample_plugin
from core.ai_context import gather_ai_context


@pytest.fixture
def app(sample_app):
    return sample_app


def test_routes_jobs_and_pagination(client, user):
    for text in ("one two", "three four five", "six"):
        created = client.post("/api/sample-notes/", headers=user.headers, json={"text": text})
        assert created.status_code == 201
    assert created.get_json()["words"] == 1  # the job ran (JOBS_SYNC) and stored its result
    page = client.get("/api/sample-notes/?page=2&page_size=2", headers=user.headers).get_json()
    assert page["total"] == 3 and page["pages"] == 2 and page["page"] == 2
    assert [item["text"] for item in page["items"]] == ["one two"]


def test_another_users_record_is_not_found(client, make_user):
    ana, ben = make_user(), make_user()
    note = client.post("/api/sample-notes/", headers=ana.headers, json={"text": "private"}).get_json()
    response = client.get(f"/api/sample-notes/{note['id']}/", headers=ben.headers)
    assert response.status_code == 404 and response.get_json()["message"] == "Note not found."
    assert client.get("/api/sample-notes/", headers=ben.headers).get_json()["items"] == []



def test_the_data_export_holds_the_users_notes_only(client, make_user):
    ana, ben = make_user(), make_user()
    note = client.post("/api/sample-notes/", headers=ana.headers, json={"text": "Slept badly"}).get_json()
    client.post("/api/sample-notes/", headers=ben.headers, json={"text": "not Ana's"})
    exported = client.get("/api/profile/export/", headers=ana.headers)
    assert exported.status_code == 200
    [record] = exported.get_json()["plugins"]["sample"]
    assert {k: record[k] for k in ("id", "text", "words")} == note
    assert datetime.fromisoformat(record["created_at"]).tzinfo is not None
    assert client.get("/api/profile/export/", headers=make_user().headers).get_json()["plugins"]["sample"] == []

def test_declared_rate_limit_applies_per_user_with_retry_after(client, make_user):
    ana, ben = make_user(), make_user()
    statuses = [client.get("/api/sample-notes/", headers=ana.headers).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    limited = client.get("/api/sample-notes/", headers=ana.headers)
    assert limited.get_json()["error"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get("/api/sample-notes/", headers=ben.headers).status_code == 200


def test_anonymous_requests_get_the_anonymous_limit(client):
    statuses = [client.get("/api/sample-notes/").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_plugin_health_checks_show_in_health(client, user):
    client.post("/api/sample-notes/", headers=user.headers, json={"text": "x"})
    checks = client.get("/api/health/").get_json()["plugins"]["sample"]
    assert checks["notes_table"]["status"] == "ok" and checks["notes_table"]["notes"] == 1


def test_ai_context_comes_from_other_plugins_tagged(app, client, user):
    client.post("/api/sample-notes/", headers=user.headers, json={"text": "Ibuprofen upsets my stomach"})
    with app.app_context():
        items = gather_ai_context("can I take ibuprofen?", user.id, requester="chat")
        assert [(i.plugin, i.title) for i in items] == [("sample", "Your notes")]
        assert "Ibuprofen" in items[0].text
        assert gather_ai_context("ibuprofen", user.id, requester="sample") == []


def ws_url(base, path):
    return base.replace("http://", "ws://") + path


def test_websocket_with_header_auth(app, serve, user):
    ws = websocket.create_connection(ws_url(serve(app), "/ws/sample/echo/"), timeout=5,
                                     header=[f"Authorization: Bearer {user.access_token}"])
    assert json.loads(ws.recv()) == {"type": "ready", "user_id": str(user.id)}
    ws.send("hi")
    assert json.loads(ws.recv()) == {"type": "echo", "user": str(user.id), "text": "hi"}
    ws.close()


def test_websocket_with_first_message_auth(app, serve, user):
    ws = websocket.create_connection(ws_url(serve(app), "/ws/sample/echo/"), timeout=5)
    ws.send(json.dumps({"type": "auth", "token": user.access_token}))
    assert json.loads(ws.recv())["type"] == "ready"
    ws.close()


@pytest.mark.parametrize("token_kind", ["none", "garbage", "refresh", "revoked"])
def test_websocket_refuses_bad_tokens(app, client, serve, user, token_kind):
    if token_kind == "revoked":
        client.post("/api/auth/logout/", headers=user.headers)
    token = {"none": None, "garbage": "x.y.z", "refresh": user.refresh_token, "revoked": user.access_token}[token_kind]
    ws = websocket.create_connection(ws_url(serve(app), "/ws/sample/echo/"), timeout=5)
    ws.send(json.dumps({"type": "auth", "token": token}))
    refusal = json.loads(ws.recv())
    assert refusal["type"] == "error" and refusal["error"] == "unauthorized"
    opcode, frame = ws.recv_data_frame(True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(frame.data[:2], "big") == 4401


def test_websocket_messages_are_rate_limited(app, serve, user):
    ws = websocket.create_connection(ws_url(serve(app), "/ws/sample/echo/"), timeout=5,
                                     header=[f"Authorization: Bearer {user.access_token}"])
    ws.recv()
    replies = []
    for i in range(6):
        ws.send(str(i))
        replies.append(json.loads(ws.recv()))
    assert [r["type"] for r in replies] == ["echo"] * 5 + ["error"]
    assert replies[-1]["error"] == "rate_limited" and replies[-1]["retry_after"] > 0
    ws.close()


def test_health_websocket_pushes_the_report(app, serve):
    ws = websocket.create_connection(ws_url(serve(app), "/ws/health/"), timeout=5)
    message = json.loads(ws.recv())
    assert message["type"] == "health"
    assert message["report"]["components"]["database"]["status"] == "ok"
    assert "sample" in message["report"]["plugins"]
    ws.close()


def test_failed_websocket_authentications_are_throttled_per_address(app, serve):
    base = serve(app)
    for _ in range(2):  # the sample plugin allows 2 anonymous events a minute
        ws = websocket.create_connection(ws_url(base, "/ws/sample/echo/"), timeout=5)
        ws.send(json.dumps({"type": "auth", "token": "x.y.z"}))
        assert json.loads(ws.recv())["error"] == "unauthorized"
        ws.close()
    ws = websocket.create_connection(ws_url(base, "/ws/sample/echo/"), timeout=5)
    refusal = json.loads(ws.recv())  # refused before it may even try
    assert refusal["error"] == "rate_limited" and refusal["retry_after"] > 0
    opcode, frame = ws.recv_data_frame(True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE and int.from_bytes(frame.data[:2], "big") == 4429


def test_oversized_websocket_messages_close_the_connection(make_app, sample_tables, serve, make_user):
    app = make_app({"HYGEIA_PLUGINS": ["sample"], "SOCK_SERVER_OPTIONS": {"max_message_size": 1024}},
                   plugins=(sample_plugin,))
    user = make_user()
    ws = websocket.create_connection(ws_url(serve(app), "/ws/sample/echo/"), timeout=5,
                                     header=[f"Authorization: Bearer {user.access_token}"])
    ws.recv()
    ws.send("x" * 4096)
    opcode, frame = ws.recv_data_frame(True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE and int.from_bytes(frame.data[:2], "big") == 1009
