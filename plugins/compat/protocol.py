"""The frames of the original's two sockets (sockets.py), for the AsyncAPI document at /api/asyncapi.json."""

from __future__ import annotations

import marshmallow as ma

from core.api import WebSocketChannel, WebSocketMessage
from plugins.compat.schemas import AuthenticatedHealthSchema, MessageOutSchema
from plugins.compat.sockets import CLOSE_NOT_FOUND

F = ma.fields
INVALID_JSON = WebSocketMessage("error", "A frame that is not a JSON object; the socket stays open.", {
    "error": F.Constant("invalid_json", required=True), "message": F.String(required=True)}, name="invalid_json")

CHAT = WebSocketChannel(
    description="The original backend's chat socket (its ChatConsumer), over Hygeia's chat plugin: the "
                "session's history at once, then for each `{\"message\": \"<text>\"}` the stored user message "
                "and the assistant's reply, each a `chat_message` frame. Replies come from the chat plugin (its "
                f"triage, its limits). A session that is not yours gets `not_found` and close code {CLOSE_NOT_FOUND}.",
    parameters={"session_id": "A chat session of the authenticated user (POST /api/compat/chat-sessions/)."},
    receives=[
        WebSocketMessage(None, "Send a message: two `chat_message` frames come back, yours and the reply.",
                         {"message": F.String(required=True, metadata={"description": "The text (not blank)."})},
                         name="message"),
    ],
    sends=[
        WebSocketMessage("chat_history", "The session's messages (up to 100), sent once the socket is ready.",
                         {"messages": F.List(F.Nested(MessageOutSchema), required=True)}),
        WebSocketMessage("chat_message", "A stored message: yours first, then the assistant's reply (its "
                                         "`content` a JSON string, as the original stored it).",
                         {"message": F.Nested(MessageOutSchema, required=True)}),
        WebSocketMessage("error", "The message could not be answered, or the session is not yours.", {
            "error": F.String(required=True, metadata={
                "description": "`not_found` (then close 4404), `message_missing` (no text), or the error code "
                               "of the chat plugin's answer (`rate_limited`, `unauthorized` then close 4401...)."}),
            "message": F.String(required=True)}),
        INVALID_JSON,
    ],
)

HEALTH = WebSocketChannel(
    description="The original backend's health socket (its HealthCheckConsumer). Frames of another type get "
                "no answer, as in the original.",
    receives=[
        WebSocketMessage("ping", "Answered with `pong`.", {}),
        WebSocketMessage("health_check", "Answered with `health_check_results`.", {}),
    ],
    sends=[
        WebSocketMessage("pong", "The answer to `ping`.", {
            "timestamp": F.String(required=True, metadata={"description": "The server's local time."})}),
        WebSocketMessage("health_check_results", "The latest health check, in the original's field names.",
                         {"results": F.Nested(AuthenticatedHealthSchema, required=True)}),
        INVALID_JSON,
    ],
)
