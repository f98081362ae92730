"""Request and response bodies of the chat API (and the WebSocket's JSON messages)."""

from __future__ import annotations

import marshmallow as ma

from core.api import TRIAGE_EXAMPLE, MedicineFindingSchema, PageArgs, TriageSchema

MAX_MESSAGE_CHARS = 4000
MAX_TITLE_CHARS = 120

# Example values shown in the OpenAPI spec (made up; no real person)
SESSION_ID = "3f2b8c1e-7a4d-4e2b-9c61-5d8e0f1a2b3c"
TITLE = "Upset stomach after starting metformin"
EXAMPLE_SOURCE = {  # one citation the research feature added to the reply's context
    "type": "pubmed", "pmid": "9742977", "plugin": "research", "context": "Research citations (PubMed)",
    "title": "Effect of intensive blood-glucose control with metformin on complications in overweight "
             "patients with type 2 diabetes (UKPDS 34)",
    "journal": "Lancet", "year": 1998, "doi": "10.1016/S0140-6736(98)07037-8",
    "url": "https://pubmed.ncbi.nlm.nih.gov/9742977/"}


def _title_field(**kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(min=1, max=MAX_TITLE_CHARS),
                            metadata={"example": TITLE}, **kwargs)


class ChatLastMessageSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "b7e4a2d9-1c3f-4a8e-8d52-6f0e9c7b1a24"})
    role = ma.fields.String(dump_only=True, metadata={"example": "assistant"})
    content = ma.fields.String(dump_only=True, metadata={"example": "Taking it with meals helps."})
    status = ma.fields.String(dump_only=True, metadata={"example": "complete"})
    created_at = ma.fields.DateTime(dump_only=True, metadata={"example": "2026-11-20T08:16:38+00:00"})


class ChatSessionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": SESSION_ID})
    title = ma.fields.String(dump_only=True, allow_none=True,
                             metadata={"description": "Set from the first message unless given.", "example": TITLE})
    created_at = ma.fields.DateTime(dump_only=True, metadata={"example": "2026-11-20T08:15:02+00:00"})
    updated_at = ma.fields.DateTime(dump_only=True, metadata={"description": "Time of the last message.",
                                                              "example": "2026-11-20T08:16:41+00:00"})
    last_message = ma.fields.Nested(ChatLastMessageSchema, dump_only=True, allow_none=True, metadata={
        "description": "The newest message, or null in a new session.",
        "example": {"id": "b7e4a2d9-1c3f-4a8e-8d52-6f0e9c7b1a24", "role": "assistant",
                    "content": "Taking it with meals helps.", "status": "complete",
                    "created_at": "2026-11-20T08:16:38+00:00"}})


class ChatSessionCreateSchema(ma.Schema):
    title = _title_field(load_default=None, allow_none=True)


class ChatSessionUpdateSchema(ma.Schema):
    title = _title_field(required=True)


class ChatMessageSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "b7e4a2d9-1c3f-4a8e-8d52-6f0e9c7b1a24"})
    session_id = ma.fields.UUID(dump_only=True, metadata={"example": SESSION_ID})
    role = ma.fields.String(dump_only=True, metadata={"description": "user or assistant", "example": "assistant"})
    content = ma.fields.String(dump_only=True, metadata={"example": (
        "Nausea and an upset stomach are common in the first weeks of metformin and often ease as your body "
        "adjusts. Taking it with meals helps. If it persists, ask your doctor whether an extended-release "
        "form or a slower dose increase would suit you.")})
    status = ma.fields.String(dump_only=True, metadata={
        "description": "complete; on a reply also pending (being written), red_flag (emergency advice, "
                       "given without the model) or fallback (no AI answer: its text says whether no model is "
                       "configured on this server or to try again later)",
        "example": "complete"})
    red_flag = ma.fields.String(dump_only=True, allow_none=True,
                                metadata={"description": "On a user message: the warning sign it matched.",
                                          "example": None})
    triage = ma.fields.Nested(TriageSchema, dump_only=True, allow_none=True, metadata={
        "description": "On a user message: the offline triage engine's assessment (findings, the rule behind "
                       "the level and its source, advice, crisis lines).", "example": TRIAGE_EXAMPLE})
    medicine_warnings = ma.fields.List(ma.fields.Nested(MedicineFindingSchema), dump_only=True, allow_none=True,
                                       metadata={"description": "On a user message: what the sourced medicine "
                                                                "tables say of the medicines it mentions, for "
                                                                "you (allergies, conditions, your own medicines)."})
    reply_to_id = ma.fields.UUID(dump_only=True, allow_none=True,
                                 metadata={"example": "9a1c5e3b-2d7f-4b6a-a0e8-3c4d5e6f7a81"})
    model = ma.fields.String(dump_only=True, allow_none=True,
                             metadata={"example": "Qwen/Qwen2.5-7B-Instruct"})
    sources = ma.fields.List(ma.fields.Dict(), dump_only=True, allow_none=True,
                             metadata={"description": "Context other features added: citations, assessments.",
                                       "example": [EXAMPLE_SOURCE]})
    created_at = ma.fields.DateTime(dump_only=True, metadata={"example": "2026-11-20T08:16:38+00:00"})
    completed_at = ma.fields.DateTime(dump_only=True, allow_none=True,
                                      metadata={"example": "2026-11-20T08:16:41+00:00"})


class ChatMessageCreateSchema(ma.Schema):
    content = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=MAX_MESSAGE_CHARS),
                               metadata={"example": "I started metformin last week and my stomach is upset "
                                                    "after meals. Is that normal?"})

    @ma.validates("content")
    def not_blank(self, value: str, **kwargs) -> None:
        if not value.strip():
            raise ma.ValidationError("The message is empty.")


class ChatExchangeSchema(ma.Schema):
    message = ma.fields.Nested(ChatMessageSchema, required=True, metadata={"description": "The stored user message."})
    reply = ma.fields.Nested(ChatMessageSchema, required=True, metadata={"description": "The assistant's reply."})


class ChatTriageAnswerSchema(ma.Schema):
    message = ma.fields.Nested(ChatMessageSchema, required=True,
                               metadata={"description": "The user message, triaged again with the answers."})
    reply = ma.fields.Nested(ChatMessageSchema, allow_none=True, metadata={
        "description": "The emergency advice, posted at once when the answers make it an emergency; else null.",
        "example": None})


class ChatHistoryArgs(PageArgs):
    order = ma.fields.String(load_default="asc", validate=ma.validate.OneOf(["asc", "desc"]),
                             metadata={"description": "asc: oldest first (default); desc: newest first."})
