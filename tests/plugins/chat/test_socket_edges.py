"""WebSocket edge cases against a server thread in the test process: idle timeout, deleted session, resume."""

import json

import websocket

from tests.plugins.chat.servers import receive


def open_socket(base, session_id, user):
    ws = websocket.create_connection(base.replace("http://", "ws://") + f"/ws/chat/{session_id}/", timeout=10,
                                     header=[f"Authorization: Bearer {user.access_token}"])
    assert receive(ws)["type"] == "ready"
    return ws


def close_code(ws) -> int:
    opcode, data = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    return int.from_bytes(data[:2], "big")


def test_idle_socket_is_closed(make_app, serve, user, llm_server):
    app = make_app({"CHAT_WS_IDLE_SECONDS": 2, "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "k"})
    api = app.test_client()
    session = api.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    ws = open_socket(serve(app), session["id"], user)
    ws.send(json.dumps({"type": "ping"}))
    assert receive(ws)["type"] == "pong"
    notice = receive(ws, timeout=10)
    assert notice["type"] == "error" and notice["error"] == "idle_timeout"
    assert close_code(ws) == 1000


def test_deleted_session_closes_the_socket(chat_app, api, serve, user, new_session):
    session = new_session(user)
    ws = open_socket(serve(chat_app), session["id"], user)
    assert api.delete(f"/api/chat-sessions/{session['id']}/", headers=user.headers).status_code == 204
    ws.send(json.dumps({"type": "message", "content": "still there?"}))
    assert receive(ws)["error"] == "not_found"
    assert close_code(ws) == 4404


def test_resume_names_replies_only(chat_app, api, serve, user, new_session, llm_server):
    session = new_session(user)
    llm_server.stream(["Fine."])
    sent = api.post(f"/api/chat-sessions/{session['id']}/messages/", json={"content": "hi"},
                    headers=user.headers).get_json()
    ws = open_socket(serve(chat_app), session["id"], user)
    ws.send(json.dumps({"type": "resume", "reply_id": sent["message"]["id"]}))
    assert receive(ws)["error"] == "not_found"
    ws.send(json.dumps({"type": "resume", "reply_id": "not-a-uuid"}))
    assert receive(ws)["error"] == "invalid_message"
    ws.send(json.dumps({"type": "resume", "reply_id": sent["reply"]["id"]}))
    done = receive(ws)
    ws.close()
    assert done["type"] == "done" and done["message"]["content"] == "Fine."



def test_reply_arrives_when_the_relay_is_unreachable(chat_app, api, serve, user, new_session, llm_server):
    """Pub/sub down (its Redis unreachable): the socket finds the reply stored instead of streamed."""
    import redis

    from plugins.chat.relay import RedisRelay

    dead = RedisRelay.__new__(RedisRelay)
    dead.client, dead.prefix = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1), "x"
    chat_app.extensions["chat.relay"] = dead
    session = new_session(user)
    llm_server.stream(["Still ", "here."])
    ws = open_socket(serve(chat_app), session["id"], user)
    ws.send(json.dumps({"type": "message", "content": "Are you there?"}))
    assert receive(ws)["type"] == "accepted"
    done = receive(ws)
    ws.close()
    assert done["type"] == "done" and done["message"]["content"] == "Still here."
