"""The chat WebSocket sends and reads what /api/asyncapi.json says: every frame of a real conversation
(message, streamed reply, triage answers, resume, ping, errors, a refused token) validates against its
channel's messages, and every message the channel lists is seen."""

import json

import websocket

from tests.asyncapi_tools import Frames
from tests.plugins.chat.servers import receive

CHANNEL = "/ws/chat/{session_id}/"


def test_a_real_conversation_matches_the_document(chat_app, api, serve, user, new_session, llm_server):
    frames = Frames(api.get("/api/asyncapi.json").get_json())
    base = serve(chat_app).replace("http://", "ws://")
    session = new_session(user)
    ws = websocket.create_connection(base + f"/ws/chat/{session['id']}/", timeout=10)

    def send(**frame):
        ws.send(json.dumps(frames.check(CHANNEL, frame, sent_by="client")))

    def answer():
        return frames.check(CHANNEL, receive(ws))

    send(type="auth", token=user.access_token)
    assert answer()["type"] == "ready"
    send(type="ping", id=7)
    assert answer() == {"type": "pong", "id": 7}
    llm_server.stream(["Rest ", "and gentle movement usually help."])
    send(type="message", content="my back hurts")
    accepted = answer()
    tokens = [answer() for _ in range(2)]
    done = answer()
    assert [accepted["type"], *(t["type"] for t in tokens), done["type"]] == ["accepted", "token", "token", "done"]
    question = accepted["message"]
    assert "saddle_numbness" in [q["id"] for q in question["triage"]["questions"]]
    send(type="answers", message_id=question["id"], answers=[{"question_id": "nope", "answer": "yes"}])
    assert answer()["error"] == "unknown_question"
    send(type="answers", message_id=question["id"], answers=[{"question_id": "saddle_numbness", "answer": "yes"}])
    answered = answer()
    assert answered["type"] == "answered" and answered["reply"]["status"] == "red_flag"
    send(type="resume", reply_id=accepted["reply_id"])
    assert answer()["type"] == "done"
    ws.send("not json")
    assert answer()["error"] == "invalid_message"
    ws.close()

    refused = websocket.create_connection(base + f"/ws/chat/{session['id']}/", timeout=10)
    refused.send(json.dumps({"type": "auth", "token": "not-a-token"}))
    assert frames.check(CHANNEL, receive(refused))["error"] == "unauthorized"
    refused.close()

    described = {m["name"] for m in frames.messages(CHANNEL, "subscribe")}
    # the core's rate-limit frames are exercised by the limit tests (tests/plugins/chat/test_limits.py)
    assert frames.seen[(CHANNEL, "subscribe")] == described - {"rate_limited", "auth_rate_limited"}
    assert frames.seen[(CHANNEL, "publish")] == {m["name"] for m in frames.messages(CHANNEL, "publish")}
