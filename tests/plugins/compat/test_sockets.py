"""The original's WebSocket protocols on a real server: chat frames ({"message": ...}) and /ws/health/ ping."""

import json

import pytest
import websocket

from tests.plugins.compat.conftest import Original


@pytest.fixture
def app(make_app, compat_tables, llm_server):
    return make_app({"HYGEIA_PLUGINS": ["chat", "compat"], "RATELIMIT_ENABLED": False,
                     "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"})


def receive(ws):
    ws.settimeout(15)
    return json.loads(ws.recv())


def test_health_socket_answers_ping_and_health_check(app, serve):
    ws = websocket.create_connection(serve(app).replace("http", "ws") + "/ws/compat/health/", timeout=10)
    ws.send(json.dumps({"type": "ping"}))
    pong = receive(ws)
    assert pong["type"] == "pong" and pong["timestamp"]
    ws.send(json.dumps({"type": "health_check"}))
    results = receive(ws)
    assert results["type"] == "health_check_results" and results["results"]["status"] == "operational"
    ws.send(json.dumps({"type": "something else"}))
    ws.send(json.dumps({"type": "ping"}))
    assert receive(ws)["type"] == "pong"  # other types get no reply
    ws.close()


@pytest.mark.parametrize("by_header", [True, False], ids=["header", "first-message"])
def test_chat_socket_speaks_the_original_protocol(app, serve, signed_in, client, llm_server, by_header):
    session = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()
    client.post(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=signed_in.headers,
                json={"content": "I have a headache"})
    url = serve(app).replace("http", "ws") + f"/ws/compat/chat/{session['id']}/"
    if by_header:
        ws = websocket.create_connection(url, timeout=10,
                                         header=[f"Authorization: Bearer {signed_in.access_token}"])
    else:
        ws = websocket.create_connection(url, timeout=10)
        ws.send(json.dumps({"type": "auth", "token": signed_in.access_token}))
    assert receive(ws)["type"] == "ready"
    history = receive(ws)
    assert history["type"] == "chat_history" and [m["role"] for m in history["messages"]] == ["user", "assistant"]

    llm_server.reply("Rest and drink fluids; see a doctor if the fever lasts over three days.")
    ws.send(json.dumps({"message": "My throat hurts when I swallow"}))
    mine, reply = receive(ws), receive(ws)
    assert mine == {"type": "chat_message", "message": {**mine["message"], "role": "user",
                                                        "content": "My throat hurts when I swallow"}}
    assert reply["type"] == "chat_message" and reply["message"]["role"] == "assistant"
    assert "fluids" in json.loads(reply["message"]["content"])["diagnosis"]["advice"]

    ws.send(json.dumps({"text": "no message key"}))
    assert receive(ws)["error"] == "message_missing"  # the original crashed here
    ws.close()


def test_chat_socket_refuses_strangers_and_other_peoples_sessions(app, serve, signed_in, client):
    session = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()
    url = serve(app).replace("http", "ws") + f"/ws/compat/chat/{session['id']}/"
    anonymous = websocket.create_connection(url, timeout=10)
    anonymous.send(json.dumps({"message": "hello"}))
    assert receive(anonymous)["error"] == "unauthorized"
    other = Original(client)
    other.login(other.register())
    ws = websocket.create_connection(url, timeout=10, header=[f"Authorization: Bearer {other.access_token}"])
    assert receive(ws)["type"] == "ready"
    assert receive(ws)["error"] == "not_found"
