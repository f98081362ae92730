"""A browser-like client against real server processes: streamed replies, disconnects, fallback, limits.

With Redis: two web processes and one worker; the worker writes every reply and
its tokens reach whichever web process holds the socket through Redis pub/sub.
Without Redis: one web process writes replies in a thread (the embedded default).
"""

import time
import uuid

import httpx
import pytest
import websocket

from tests.plugins.chat.servers import receive


def connect(cluster, session_id, token=None, index=0, header=True):
    url = cluster.ws_url(index, f"/ws/chat/{session_id}/")
    if header:
        ws = websocket.create_connection(url, timeout=10, header=[f"Authorization: Bearer {token}"])
    else:
        ws = websocket.create_connection(url, timeout=10)
        ws.send(f'{{"type": "auth", "token": "{token}"}}')
    ready = receive(ws)
    assert ready["type"] == "ready", ready
    return ws


def send(ws, **message):
    import json

    ws.send(json.dumps(message))


def new_session(cluster, user, index=0):
    response = httpx.post(cluster.urls[index] + "/api/chat-sessions/", json={}, headers=user.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def read_reply(ws):
    """Frames until "done": (accepted, token texts, done)."""
    accepted = receive(ws)
    assert accepted["type"] == "accepted", accepted
    tokens = []
    while True:
        frame = receive(ws)
        if frame["type"] == "done":
            return accepted, tokens, frame
        assert frame["type"] == "token" and frame["reply_id"] == accepted["reply_id"], frame
        tokens.append(frame["text"])


def worker_jobs_finished(hygeia_backend) -> int:
    import redis
    from rq import Queue

    client = redis.Redis.from_url(hygeia_backend.redis_url)
    try:
        return Queue(f"{hygeia_backend.prefix}:chat", connection=client).finished_job_registry.count
    finally:
        client.close()


def test_streamed_conversation(cluster, llm, user, hygeia_backend):
    llm.stream(["Hydration ", "and ", "rest ", "usually ", "help."], delay=0.02)
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token, header=False)
    send(ws, type="message", content="How do I get over a cold?")
    accepted, tokens, done = read_reply(ws)
    ws.close()
    assert accepted["message"]["content"] == "How do I get over a cold?" and accepted["message"]["role"] == "user"
    assert accepted["session"]["title"] == "How do I get over a cold?"
    assert tokens == ["Hydration ", "and ", "rest ", "usually ", "help."]  # as the provider streamed them
    reply = done["message"]
    assert reply["id"] == accepted["reply_id"] and reply["status"] == "complete"
    assert reply["content"] == "Hydration and rest usually help."
    stored = httpx.get(cluster.urls[-1] + f"/api/chat-sessions/{session_id}/messages/", headers=user.headers).json()
    assert [(m["role"], m["content"]) for m in stored["items"]] == [
        ("user", "How do I get over a cold?"), ("assistant", "Hydration and rest usually help.")]
    if hygeia_backend.redis_url:
        assert worker_jobs_finished(hygeia_backend) >= 1  # written by the worker, not the web process


def test_two_web_processes_stream_at_once(cluster, llm, make_user):
    if len(cluster.urls) < 2:
        pytest.skip("one web process without Redis (the embedded default)")
    llm.respond_with(lambda body: _slow_echo(body))
    first, second = make_user(), make_user()
    sockets = [connect(cluster, new_session(cluster, u, i), u.access_token, index=i)
               for i, u in enumerate((first, second))]
    for n, ws in enumerate(sockets):
        send(ws, type="message", content=f"echo {n}")
    results = [read_reply(ws) for ws in sockets]
    for ws in sockets:
        ws.close()
    for n, (_, tokens, done) in enumerate(results):
        assert "".join(tokens) == f"You said: echo {n}" and done["message"]["content"] == f"You said: echo {n}"


def _slow_echo(body):
    from core.llm.fake_server import Answer

    question = body["messages"][-1]["content"]
    return Answer("stream", chunks=["You ", "said: ", question], delay=0.05)


def test_disconnect_mid_stream_loses_nothing(cluster, llm, user):
    chunks = [f"part{n} " for n in range(20)]
    llm.stream(chunks, delay=0.05)
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    send(ws, type="message", content="Tell me about sleep hygiene")
    accepted = receive(ws)
    assert receive(ws)["type"] == "token"
    ws.close()  # the browser tab goes away mid-reply
    reply_url = cluster.urls[-1] + f"/api/chat-sessions/{session_id}/messages/{accepted['reply_id']}/"
    deadline = time.monotonic() + 15
    while True:
        reply = httpx.get(reply_url, headers=user.headers).json()
        if reply["status"] != "pending" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert reply["status"] == "complete" and reply["content"] == "".join(chunks).strip()

    again = connect(cluster, session_id, user.access_token, index=len(cluster.urls) - 1)
    send(again, type="resume", reply_id=accepted["reply_id"])
    done = receive(again)
    again.close()
    assert done["type"] == "done" and done["message"]["content"] == reply["content"]


def test_resume_while_the_reply_is_still_written(cluster, llm, user):
    chunks = [f"w{n} " for n in range(30)]
    llm.stream(chunks, delay=0.04)
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    send(ws, type="message", content="A long answer please")
    accepted = receive(ws)
    receive(ws)
    ws.close()
    again = connect(cluster, session_id, user.access_token, index=len(cluster.urls) - 1)
    send(again, type="resume", reply_id=accepted["reply_id"])
    frames = [receive(again)]
    while frames[-1]["type"] != "done":
        frames.append(receive(again))
    again.close()
    later_tokens = [f["text"] for f in frames if f["type"] == "token"]
    assert frames[-1]["message"]["content"] == "".join(chunks).strip()
    assert len(later_tokens) < len(chunks) and "".join(chunks).endswith("".join(later_tokens))


def test_model_down_over_the_socket(cluster, llm, user):
    llm.fail(503)
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    send(ws, type="message", content="Can I take aspirin?")
    accepted, tokens, done = read_reply(ws)
    ws.close()
    assert tokens == [] and done["message"]["status"] == "fallback"
    assert "I have no AI answer" in done["message"]["content"] and "try again later" in done["message"]["content"]
    stored = httpx.get(cluster.urls[0] + f"/api/chat-sessions/{session_id}/messages/{accepted['reply_id']}/",
                       headers=user.headers).json()
    assert stored["status"] == "fallback" and stored["content"] == done["message"]["content"]


def test_red_flag_over_the_socket(cluster, llm, user):
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    send(ws, type="message", content="I have crushing chest pain spreading to my left arm")
    accepted, tokens, done = read_reply(ws)
    ws.close()
    assert accepted["message"]["red_flag"] and tokens == []
    assert done["message"]["status"] == "red_flag" and done["message"]["content"]
    assert llm.requests == []


def test_protocol_errors_ping_and_rate_limit(cluster, llm, user, make_user):
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    ws.send("not json")
    assert receive(ws)["error"] == "invalid_message"
    send(ws, type="dance")
    assert receive(ws)["error"] == "invalid_message"
    send(ws, type="message", content="")
    bad = receive(ws)
    assert bad["error"] == "invalid_message" and "content" in bad["details"]
    send(ws, type="resume", reply_id=str(uuid.uuid4()))
    assert receive(ws)["error"] == "not_found"
    send(ws, type="ping", id=7)
    assert receive(ws) == {"type": "pong", "id": 7}
    for _ in range(25):  # 30 messages a minute in all
        send(ws, type="ping")
        assert receive(ws)["type"] == "pong"
    send(ws, type="ping")
    limited = receive(ws)
    ws.close()
    assert limited["type"] == "error" and limited["error"] == "rate_limited" and limited["retry_after"] >= 1
    # the REST API has the same limit (counted apart from the socket's messages)
    statuses = [httpx.get(cluster.urls[0] + "/api/chat-sessions/", headers=user.headers).status_code
                for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_someone_elses_session_is_not_found(cluster, make_user):
    owner, stranger = make_user(), make_user()
    session_id = new_session(cluster, owner)
    ws = connect(cluster, session_id, stranger.access_token)
    refusal = receive(ws)
    assert refusal["type"] == "error" and refusal["error"] == "not_found"
    ws.settimeout(5)
    opcode, frame = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE and int.from_bytes(frame[:2], "big") == 4404
    ws.close()


def test_unauthenticated_socket_is_refused(cluster, user):
    session_id = new_session(cluster, user)
    ws = websocket.create_connection(cluster.ws_url(0, f"/ws/chat/{session_id}/"), timeout=10,
                                     header=["Authorization: Bearer not-a-token"])
    refusal = receive(ws)
    ws.close()
    assert refusal["type"] == "error" and refusal["error"] == "unauthorized"


def test_triage_questions_are_answered_over_the_socket(cluster, llm, user):
    llm.always("Rest and gentle movement usually help.")
    session_id = new_session(cluster, user)
    ws = connect(cluster, session_id, user.access_token)
    send(ws, type="message", content="my back hurts")
    accepted, _tokens, done = read_reply(ws)
    message_id = accepted["message"]["id"]
    assert "saddle_numbness" in [q["id"] for q in accepted["message"]["triage"]["questions"]]
    send(ws, type="answers", message_id=message_id, answers=[{"question_id": "nope", "answer": "yes"}])
    refused = receive(ws)
    assert (refused["type"], refused["error"], refused["message_id"]) == ("error", "unknown_question", message_id)
    send(ws, type="answers", message_id=message_id, answers=[{"question_id": "saddle_numbness", "answer": "maybe"}])
    assert receive(ws)["error"] == "invalid_answer"
    send(ws, type="answers", message_id=message_id)
    assert receive(ws)["error"] == "invalid_message"
    send(ws, type="answers", message_id=message_id, answers=[{"question_id": "saddle_numbness", "answer": "yes"}])
    answered = receive(ws)
    assert answered["type"] == "answered" and answered["message"]["triage"]["level"] == "emergency"
    assert answered["reply"]["status"] == "red_flag" and answered["reply"]["reply_to_id"] == message_id
    send(ws, type="answers", message_id=message_id, answers=[{"question_id": "leg_weakness", "answer": "no"}])
    assert receive(ws)["error"] == "interview_finished"
    send(ws, type="answers", message_id=str(uuid.uuid4()), answers=[{"question_id": "x", "answer": "yes"}])
    assert receive(ws)["error"] == "not_found"
    ws.close()
    steps = httpx.get(cluster.urls[0] + f"/api/chat-sessions/{session_id}/messages/{message_id}/",
                      headers=user.headers).json()["triage"]["interview"]["steps"]
    assert [step["answers"] for step in steps] == [{"saddle_numbness": "yes"}]
