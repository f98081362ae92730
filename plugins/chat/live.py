"""ws /ws/chat/<session_id>/: send a message, receive the reply token by token, then the stored reply.

The protocol is documented in docs/chat-websocket.md. The core has already
authenticated the connection and counts every received message against the
plugin's rate limit. The handler holds no database connection while it waits,
so idle sockets cost no pool slots.
"""

from __future__ import annotations

import json
import time
import uuid

import marshmallow as ma

from core.api import ApiError, TriageAnswersSchema, db, send_json
from plugins.chat import services
from plugins.chat.dispatch import start_reply
from plugins.chat.models import ASSISTANT, PENDING, ChatMessage
from plugins.chat.relay import listen
from plugins.chat.schemas import ChatMessageCreateSchema, ChatMessageSchema, ChatSessionSchema
from plugins.chat.settings import setting

CLOSE_NOT_FOUND = 4404
SILENCE_CHECK_SECONDS = 2.0  # how often a waiting socket looks at the stored reply when no event comes

_message = ChatMessageSchema()
_session = ChatSessionSchema()
_create = ChatMessageCreateSchema()
_answers = TriageAnswersSchema()


class SessionGone(Exception):
    """The session was deleted while the socket was open."""


def error(ws, code: str, message: str, **extra) -> None:
    send_json(ws, {"type": "error", "error": code, "message": message, **extra})


def chat_socket(ws, user, session_id: uuid.UUID) -> None:
    user_id = user.id
    found = services.session_of(user_id, session_id) is not None
    db.session.remove()
    if not found:
        error(ws, "not_found", "Chat session not found.")
        ws.close(reason=CLOSE_NOT_FOUND, message="not_found")
        return
    idle = setting("WS_IDLE_SECONDS")
    while True:
        raw = ws.receive(timeout=idle)
        if raw is None:
            error(ws, "idle_timeout", f"No message for {int(idle)} seconds; send a ping at least every minute.")
            ws.close()
            return
        try:
            handle(ws, user_id, session_id, raw)
        except SessionGone:
            error(ws, "not_found", "Chat session not found.")
            ws.close(reason=CLOSE_NOT_FOUND, message="not_found")
            return
        finally:
            db.session.remove()


def handle(ws, user_id: uuid.UUID, session_id: uuid.UUID, raw) -> None:
    try:
        message = json.loads(raw)
    except (TypeError, ValueError):
        message = None
    if not isinstance(message, dict):
        error(ws, "invalid_message", "Send JSON objects with a \"type\": message, answers, resume or ping.")
        return
    kind = message.get("type")
    if kind == "ping":
        send_json(ws, {"type": "pong", **({"id": message["id"]} if "id" in message else {})})
    elif kind == "message":
        on_message(ws, user_id, session_id, message)
    elif kind == "answers":
        on_answers(ws, user_id, session_id, message)
    elif kind == "resume":
        on_resume(ws, user_id, session_id, message)
    else:
        error(ws, "invalid_message",
              f"Unknown message type {str(kind)[:40]!r}: use message, answers, resume or ping.")


def on_message(ws, user_id: uuid.UUID, session_id: uuid.UUID, message: dict) -> None:
    try:
        content = _create.load({"content": message.get("content")})["content"]
    except ma.ValidationError as invalid:
        error(ws, "invalid_message", "The message is invalid.", details=invalid.messages)
        return
    session = services.session_of(user_id, session_id)
    if session is None:
        raise SessionGone
    question, reply = services.post_user_message(session, content)
    send_json(ws, {"type": "accepted", "message": _message.dump(question), "reply_id": str(reply.id),
                   "session": _session.dump(session)})
    relay_reply(ws, reply, start=True)


def on_answers(ws, user_id: uuid.UUID, session_id: uuid.UUID, message: dict) -> None:
    """Answers to a message's triage questions: the same step as POST .../messages/{id}/answers/."""
    try:
        message_id = uuid.UUID(str(message.get("message_id")))
        items = _answers.load({"answers": message.get("answers")})["answers"]
    except (ValueError, ma.ValidationError) as invalid:
        details = invalid.messages if isinstance(invalid, ma.ValidationError) else None
        error(ws, "invalid_message", "answers needs the \"message_id\" of your message and its \"answers\".",
              **({"details": details} if details else {}))
        return
    session = services.session_of(user_id, session_id)
    if session is None:
        raise SessionGone
    question = services.message_of(session, message_id)
    if question is None or question.role != "user":
        error(ws, "not_found", "Message not found in this session.", message_id=str(message_id))
        return
    try:
        question, reply = services.answer_message(session, question, items)
    except ApiError as refused:  # 409 no open questions, 422 an unknown question or a wrong answer
        db.session.rollback()
        error(ws, refused.error, refused.description, message_id=str(message_id),
              **({"details": refused.details} if refused.details else {}))
        return
    send_json(ws, {"type": "answered", "message": _message.dump(question),
                   "reply": _message.dump(reply) if reply is not None else None})


def on_resume(ws, user_id: uuid.UUID, session_id: uuid.UUID, message: dict) -> None:
    try:
        reply_id = uuid.UUID(str(message.get("reply_id")))
    except ValueError:
        error(ws, "invalid_message", "resume needs the \"reply_id\" the server sent in \"accepted\".")
        return
    session = services.session_of(user_id, session_id)
    if session is None:
        raise SessionGone
    reply = services.message_of(session, reply_id)
    if reply is None or reply.role != ASSISTANT:
        error(ws, "not_found", "Message not found in this session.", reply_id=str(reply_id))
        return
    relay_reply(ws, reply, start=False)


def relay_reply(ws, reply: ChatMessage, start: bool) -> None:
    """Forward the reply's tokens as they come, then send it as stored."""
    rid = reply.id
    if reply.status != PENDING:
        send_json(ws, {"type": "done", "message": _message.dump(reply)})
        return
    timeout = setting("REPLY_TIMEOUT_SECONDS")
    with listen(str(rid)) as events:
        if start:
            start_reply(str(rid))
        else:  # resuming: it may have finished before we subscribed
            stored = services.fresh_message(rid)
            if stored is None:
                raise SessionGone
            if stored.status != PENDING:
                send_json(ws, {"type": "done", "message": _message.dump(stored)})
                return
        db.session.remove()
        last_event = time.monotonic()
        while True:
            event = events.get(timeout=SILENCE_CHECK_SECONDS)
            if event is None:  # quiet: maybe finished before we subscribed, or the generator died
                stored = services.fresh_message(rid)
                db.session.remove()
                if stored is None:
                    raise SessionGone
                if stored.status != PENDING:
                    break
                if time.monotonic() - last_event > timeout:
                    error(ws, "reply_timeout", "The reply is taking too long; fetch it later with resume "
                          "or GET /api/chat-sessions/<id>/messages/<reply_id>/.", reply_id=str(rid))
                    return
                continue
            last_event = time.monotonic()
            if event.get("type") == "token":
                send_json(ws, {"type": "token", "reply_id": str(rid), "text": event.get("text", "")})
            elif event.get("type") == "done":
                break
    stored = services.fresh_message(rid)
    if stored is None:
        raise SessionGone
    send_json(ws, {"type": "done", "message": _message.dump(stored)})
