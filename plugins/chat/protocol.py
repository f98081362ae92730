"""The frames of the chat WebSocket (live.py), for the AsyncAPI document at /api/asyncapi.json.

The prose version, with examples and reconnection advice, is docs/chat-websocket.md.
"""

from __future__ import annotations

import marshmallow as ma

from core.api import TriageAnswersSchema, WebSocketChannel, WebSocketMessage
from plugins.chat.live import CLOSE_NOT_FOUND
from plugins.chat.schemas import (
    ChatMessageCreateSchema,
    ChatMessageSchema,
    ChatSessionSchema,
)

F = ma.fields
ERRORS = ["invalid_message", "not_found", "unknown_question", "invalid_answer", "interview_finished",
          "reply_timeout", "idle_timeout"]


class AnswersFrame(TriageAnswersSchema):
    message_id = F.UUID(required=True, metadata={"description": "The id of your message whose questions these "
                                                                "answer (its `triage.questions`, in `accepted`)."})


def _ping_id(**kwargs):
    return F.Raw(metadata={"description": "Any value; the pong carries it back."}, **kwargs)


CHANNEL = WebSocketChannel(
    description="A chat session, live: send a message and receive the reply token by token, then the reply "
                "as stored (docs/chat-websocket.md). One reply is streamed at a time per socket; a reply is "
                "written and stored whether or not anyone listens, so after a disconnect `resume` (or "
                "GET /api/chat-sessions/{id}/messages/{reply_id}/) gets it. Send a `ping` every 30 to 60 "
                "seconds; a socket silent for CHAT_WS_IDLE_SECONDS (300) gets `idle_timeout` and is closed "
                f"(1000). A session that is not yours, or deleted while the socket is open, gets `not_found` and "
                f"close code {CLOSE_NOT_FOUND}.",
    parameters={"session_id": "A chat session of the authenticated user (POST /api/chat-sessions/)."},
    receives=[
        WebSocketMessage("message", "Send a message: `accepted` comes back, then the reply's tokens, then `done`.",
                         ChatMessageCreateSchema),
        WebSocketMessage("answers", "Answer the triage questions of one of your messages (the same step as "
                                    "POST .../messages/{id}/answers/): `answered` comes back.", AnswersFrame),
        WebSocketMessage("resume", "Get a reply (again): its remaining tokens if it is still being written, "
                                   "then `done`.",
                         {"reply_id": F.UUID(required=True, metadata={"description": "From `accepted`."})}),
        WebSocketMessage("ping", "Heartbeat: answered with `pong`.", {"id": _ping_id()}),
    ],
    sends=[
        WebSocketMessage("accepted", "Your message is stored; `reply_id` names the reply to come.", {
            "message": F.Nested(ChatMessageSchema, required=True),
            "reply_id": F.UUID(required=True),
            "session": F.Nested(ChatSessionSchema, required=True,
                                metadata={"description": "The session, with its (new) title."})}),
        WebSocketMessage("token", "The next piece of the reply, as the model streamed it.", {
            "reply_id": F.UUID(required=True), "text": F.String(required=True)}),
        WebSocketMessage("done", "The reply as stored: its `content` is authoritative (a fallback or red-flag "
                                 "reply has no tokens).", {"message": F.Nested(ChatMessageSchema, required=True)}),
        WebSocketMessage("answered", "Your message triaged again with the answers; `reply` is the emergency "
                                     "advice when the answers made it one.", {
                             "message": F.Nested(ChatMessageSchema, required=True),
                             "reply": F.Nested(ChatMessageSchema, required=True, allow_none=True)}),
        WebSocketMessage("pong", "The answer to `ping`.", {"id": _ping_id()}),
        WebSocketMessage("error", "A frame refused, or the socket about to close; it stays open unless a close "
                                  "follows.", {
                             "error": F.String(required=True, validate=ma.validate.OneOf(ERRORS)),
                             "message": F.String(required=True),
                             "details": F.Raw(metadata={"description": "Why the frame is invalid, per field."}),
                             "message_id": F.UUID(metadata={"description": "The message `answers` named."}),
                             "reply_id": F.UUID(metadata={"description": "The reply `resume` named, or the one "
                                                                         "that timed out."})},
                         description="`invalid_message`: not JSON, not an object, unknown `type`, invalid fields "
                                     "(fix and resend); `not_found`: `resume` or `answers` names a message not in "
                                     f"this session, or the session is gone (close {CLOSE_NOT_FOUND}); "
                                     "`unknown_question`, `invalid_answer`, `interview_finished`: `answers` "
                                     "refused, nothing changed; `reply_timeout`: no token for "
                                     "CHAT_REPLY_TIMEOUT_SECONDS (resume later); `idle_timeout`: nothing received "
                                     "for CHAT_WS_IDLE_SECONDS, the socket closes (1000)."),
    ],
)
