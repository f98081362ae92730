"""The original's sockets send and read what /api/asyncapi.json says (the compat plugin on, as in its tests)."""

import json

import pytest
import websocket

from tests.asyncapi_tools import Frames
from tests.plugins.compat.conftest import Original

CHAT, HEALTH = "/ws/compat/chat/{session_id}/", "/ws/compat/health/"


@pytest.fixture
def app(make_app, compat_tables, llm_server):
    return make_app({"HYGEIA_PLUGINS": ["chat", "compat"], "RATELIMIT_ENABLED": False,
                     "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"})


def talk(ws, frames, channel):
    def send(frame):
        ws.send(json.dumps(frames.check(channel, frame, sent_by="client")))

    def answer():
        ws.settimeout(15)
        return frames.check(channel, json.loads(ws.recv()))

    return send, answer


def test_the_chat_and_health_sockets_match_the_document(app, serve, client, signed_in, llm_server):
    frames = Frames(client.get("/api/asyncapi.json").get_json())
    base = serve(app).replace("http", "ws")
    session = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()

    ws = websocket.create_connection(base + f"/ws/compat/chat/{session['id']}/", timeout=10)
    send, answer = talk(ws, frames, CHAT)
    send({"type": "auth", "token": signed_in.access_token})
    assert answer()["type"] == "ready"
    assert answer() == {"type": "chat_history", "messages": []}
    llm_server.reply("Rest and drink fluids.")
    send({"message": "My throat hurts"})
    assert [answer()["message"]["role"], answer()["message"]["role"]] == ["user", "assistant"]
    ws.send(json.dumps({"text": "no message key"}))
    assert answer()["error"] == "message_missing"
    ws.send("[1, 2]")
    assert answer()["error"] == "invalid_json"
    ws.close()

    other = Original(client)
    other.login(other.register())
    stranger = websocket.create_connection(base + f"/ws/compat/chat/{session['id']}/", timeout=10,
                                           header=[f"Authorization: Bearer {other.access_token}"])
    _, stranger_answer = talk(stranger, frames, CHAT)
    assert stranger_answer()["type"] == "ready" and stranger_answer()["error"] == "not_found"
    stranger.close()

    health = websocket.create_connection(base + "/ws/compat/health/", timeout=10)
    send, answer = talk(health, frames, HEALTH)
    send({"type": "ping"})
    assert answer()["type"] == "pong"
    send({"type": "health_check"})
    assert answer()["results"]["status"] == "operational"
    health.send("not json")
    assert answer()["error"] == "invalid_json"
    health.close()

    for channel in (CHAT, HEALTH):  # every frame the channels list was seen, but the core's rate-limit ones
        listed = {m["name"] for m in frames.messages(channel, "subscribe")}
        assert frames.seen[(channel, "subscribe")] == listed - {"rate_limited", "auth_rate_limited", "unauthorized"}
        assert frames.seen[(channel, "publish")] == {m["name"] for m in frames.messages(channel, "publish")}
