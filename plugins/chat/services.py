"""Sessions and messages: plain functions used by the REST routes, the WebSocket and the jobs."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import Select, and_, func, select

from core.api import (
    checked_triage_answers, db, medicine_warnings, mentioned_medicines, profile_facts, triage, utcnow,
)
from plugins.chat.models import ASSISTANT, PENDING, RED_FLAG, USER, ChatMessage, ChatSession

TITLE_CHARS = 60


def title_from(text: str) -> str:
    """A session title from its first message: the first line's words, cut near TITLE_CHARS."""
    words = " ".join(text.split())
    if len(words) <= TITLE_CHARS:
        return words
    cut = words[:TITLE_CHARS].rsplit(" ", 1)[0] or words[:TITLE_CHARS]
    return re.sub(r"[\s,.;:!?-]+$", "", cut) + "…"


def create_session(user_id: uuid.UUID, title: str | None = None) -> ChatSession:
    session = ChatSession(user_id=user_id, title=title.strip() if title else None)
    db.session.add(session)
    db.session.commit()
    return session


def sessions_of(user_id: uuid.UUID) -> Select:
    return select(ChatSession).where(ChatSession.user_id == user_id).order_by(ChatSession.updated_at.desc())


def with_last_messages(sessions: list[ChatSession]) -> list[ChatSession]:
    """Each session's newest message, read for the whole list in one query (never one per session)."""
    newest: dict[uuid.UUID, ChatMessage] = {}
    if sessions:
        latest = (select(ChatMessage.session_id, func.max(ChatMessage.created_at).label("at"))
                  .where(ChatMessage.session_id.in_([s.id for s in sessions]))
                  .group_by(ChatMessage.session_id).subquery())
        for message in db.session.scalars(select(ChatMessage).join(latest, and_(
                ChatMessage.session_id == latest.c.session_id, ChatMessage.created_at == latest.c.at))):
            newest.setdefault(message.session_id, message)
    for session in sessions:
        session.__dict__["preloaded_last_message"] = newest.get(session.id)
    return sessions


def session_of(user_id: uuid.UUID, session_id: uuid.UUID) -> ChatSession | None:
    """The session if it exists and belongs to ``user_id``; None otherwise (callers answer 404)."""
    return db.session.scalar(select(ChatSession).where(ChatSession.id == session_id,
                                                       ChatSession.user_id == user_id))


def rename_session(session: ChatSession, title: str) -> ChatSession:
    session.title = title.strip()
    db.session.commit()
    return session


def delete_session(session: ChatSession) -> None:
    db.session.delete(session)
    db.session.commit()


def history(session_id: uuid.UUID, order: str = "asc") -> Select:
    column = ChatMessage.created_at
    return (select(ChatMessage).where(ChatMessage.session_id == session_id)
            .order_by(column.desc() if order == "desc" else column.asc()))


def message_of(session: ChatSession, message_id: uuid.UUID) -> ChatMessage | None:
    return db.session.scalar(select(ChatMessage).where(ChatMessage.id == message_id,
                                                       ChatMessage.session_id == session.id))


def fresh_message(message_id: uuid.UUID) -> ChatMessage | None:
    """The message as stored now (another process may have completed it)."""
    return db.session.get(ChatMessage, message_id, populate_existing=True)


def assess_message(user_id: uuid.UUID, content: str, answers: dict | None = None,
                   facts: dict | None = None) -> dict:
    """The triage engine's assessment of a message, as stored on it (answered in the text's language, else
    the profile's)."""
    facts = profile_facts(user_id) if facts is None else facts
    return triage(content, profile=facts, country=facts.get("country"), answers=answers).record()


def answer_message(session: ChatSession, message: ChatMessage, items: list[dict]) -> tuple[ChatMessage,
                                                                                           ChatMessage | None]:
    """Re-triage a user message with answers to its open questions and store the step on it; when the
    answers make it an emergency, the advice is posted as a new reply. Nothing changes on a bad answer."""
    before = message.triage or {}
    given = checked_triage_answers(before.get("questions") or [], items)
    interview = before.get("interview") or {"answers": {}, "steps": []}
    answers = {**interview["answers"], **given}
    after = assess_message(session.user_id, message.content, answers)
    step = {"questions": [q for q in before["questions"] if q["id"] in given], "answers": given,
            "level_before": before.get("level"), "level_after": after["level"], "at": utcnow().isoformat()}
    message.triage = {**after, "interview": {"answers": answers, "steps": [*interview["steps"], step]}}
    reply = None
    if after["level"] == "emergency" and before.get("level") != "emergency":
        message.red_flag = after["category"]
        now = utcnow()
        reply = ChatMessage(session_id=session.id, role=ASSISTANT, reply_to=message, content=emergency_reply(after),
                            status=RED_FLAG, created_at=now, completed_at=now)
        session.updated_at = now
        db.session.add(reply)
    db.session.commit()
    return message, reply


def emergency_reply(assessment: dict) -> str:
    """The advice given at once, without the model, with the crisis lines when they apply."""
    lines = list(assessment["advice"])
    crisis = assessment.get("crisis")
    if crisis:
        lines.append(crisis["message"] + " " + "; ".join(f"{line['name']}: {line['contact']}"
                                                          for line in crisis["lines"]) + ".")
    return "\n\n".join(lines)


def post_user_message(session: ChatSession, content: str) -> tuple[ChatMessage, ChatMessage]:
    """Store a user message with its triage and its reply: pending, or the emergency advice at once.

    The first message names an untitled session. A pending reply is then written
    by plugins.chat.generation (in a job, in a thread, or inline).
    """
    content = content.strip()
    now = utcnow()
    facts = profile_facts(session.user_id)
    assessment = assess_message(session.user_id, content, facts=facts)
    emergency = assessment["level"] == "emergency"
    question = ChatMessage(session_id=session.id, role=USER, content=content, created_at=now,
                           red_flag=assessment["category"] if emergency else None, triage=assessment,
                           medicine_warnings=medicine_warnings(mentioned_medicines(content), facts,
                                                               assessment["language"]))
    reply = ChatMessage(session_id=session.id, role=ASSISTANT, reply_to=question,
                        created_at=now + timedelta(microseconds=1))
    if emergency:
        reply.content, reply.status, reply.completed_at = emergency_reply(assessment), RED_FLAG, now
    else:
        reply.content, reply.status = "", PENDING
    if not session.title:
        session.title = title_from(content)
    session.updated_at = now
    db.session.add_all([question, reply])
    db.session.commit()
    return question, reply


def export_user_data(user_id: uuid.UUID) -> list[dict]:
    """Every session of the user with its messages, oldest message first (the data export)."""
    from plugins.chat.schemas import ChatMessageSchema, ChatSessionSchema

    session_schema, message_schema = ChatSessionSchema(), ChatMessageSchema(many=True)
    exported = []
    for session in db.session.scalars(sessions_of(user_id)):
        messages = db.session.scalars(history(session.id)).all()
        exported.append({**session_schema.dump(session), "messages": message_schema.dump(messages)})
    return exported
