"""Request and response bodies of the chat API (and the WebSocket's JSON messages)."""

from __future__ import annotations

import marshmallow as ma

from core.api import PageArgs

MAX_MESSAGE_CHARS = 4000
MAX_TITLE_CHARS = 120


def _title_field(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(min=1, max=MAX_TITLE_CHARS), **kwargs)


class ChatSessionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True)
    title = ma.fields.String(dump_only=True, allow_none=True,
                             metadata={"description": "Set from the first message unless given."})
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True, metadata={"description": "Time of the last message."})


class ChatSessionCreateSchema(ma.Schema):
    title = _title_field(load_default=None, allow_none=True)


class ChatSessionUpdateSchema(ma.Schema):
    title = _title_field(required=True)


class ChatMessageSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True)
    session_id = ma.fields.UUID(dump_only=True)
    role = ma.fields.String(dump_only=True, metadata={"description": "user or assistant"})
    content = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={
        "description": "complete; on a reply also pending (being written), red_flag (urgent-care advice, "
                       "given without the model) or fallback (the AI service was unreachable)"})
    red_flag = ma.fields.String(dump_only=True, allow_none=True,
                                metadata={"description": "On a user message: the warning sign it matched."})
    reply_to_id = ma.fields.UUID(dump_only=True, allow_none=True)
    model = ma.fields.String(dump_only=True, allow_none=True)
    sources = ma.fields.List(ma.fields.Dict(), dump_only=True, allow_none=True,
                             metadata={"description": "Context other features added: citations, assessments."})
    created_at = ma.fields.DateTime(dump_only=True)
    completed_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class ChatMessageCreateSchema(ma.Schema):
    content = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=MAX_MESSAGE_CHARS))

    @ma.validates("content")
    def not_blank(self, value: str, **kwargs) -> None:
        if not value.strip():
            raise ma.ValidationError("The message is empty.")


class ChatExchangeSchema(ma.Schema):
    message = ma.fields.Nested(ChatMessageSchema, required=True, metadata={"description": "The stored user message."})
    reply = ma.fields.Nested(ChatMessageSchema, required=True, metadata={"description": "The assistant's reply."})


class ChatHistoryArgs(PageArgs):
    order = ma.fields.String(load_default="asc", validate=ma.validate.OneOf(["asc", "desc"]),
                             metadata={"description": "asc: oldest first (default); desc: newest first."})
