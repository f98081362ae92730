"""Writing a pending reply: stream it from the model, relay every delta, store the whole text.

Runs wherever plugins.chat.dispatch puts it (an RQ worker, a thread of the web
process, or inline for REST). Whatever happens, the reply ends stored and no
longer pending: the model's text, or an honest fallback marked as such.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy import select, update

from core.api import LLMUnavailable, db, get_llm, get_profile, utcnow
from plugins.chat import fallback
from plugins.chat.models import COMPLETE, FALLBACK, PENDING, ChatMessage, ChatSession
from plugins.chat.prompt import build_prompt
from plugins.chat.relay import get_relay
from plugins.chat.settings import setting

log = logging.getLogger(__name__)


def announce(reply_id: str, event: dict) -> None:
    """Tell the waiting sockets; a relay hiccup must not cost the reply (it is stored either way)."""
    try:
        get_relay().publish(reply_id, event)
    except Exception as error:
        log.warning("chat reply %s: relay failed (%s)", reply_id, type(error).__name__)


def _language_of(user_id: uuid.UUID) -> str:
    return get_profile(user_id).preferred_language or "en"


def _fallback_text(reply: ChatMessage, language: str, reason: str) -> str:
    """The honest reply without the model (``reason``: why), in the language the message was assessed in."""
    question = db.session.get(ChatMessage, reply.reply_to_id) if reply.reply_to_id else None
    assessment = question.triage if question is not None else None
    warnings = (question.medicine_warnings or []) if question is not None else []
    return fallback.unavailable_reply((assessment or {}).get("language") or language, assessment, reason,
                                      warnings)


def generate_reply(reply_id: uuid.UUID | str) -> ChatMessage | None:
    """Write the pending reply ``reply_id``; returns it stored (None if its session was deleted)."""
    rid = str(reply_id)
    reply = db.session.get(ChatMessage, uuid.UUID(rid))
    if reply is None or reply.status != PENDING:
        return reply
    user_id = db.session.get(ChatSession, reply.session_id).user_id
    language = _language_of(user_id)
    sources: list[dict] | None = None
    model = None
    try:
        prompt = build_prompt(reply, user_id)
        db.session.commit()  # hand the connection back while the model writes
        parts: list[str] = []
        with get_llm().stream(prompt.messages, max_tokens=setting("MAX_TOKENS"),
                              temperature=setting("TEMPERATURE")) as stream:
            for delta in stream:
                if delta:
                    parts.append(delta)
                    announce(rid, {"type": "token", "text": delta})
        text = "".join(parts).strip()
        if not text:
            raise LLMUnavailable("malformed_response", "the model returned no text")
        status, model, sources = COMPLETE, stream.model, prompt.sources or None
    except LLMUnavailable as error:
        log.warning("chat reply %s: model unavailable (%s)", rid, error.reason)
        text, status = _fallback_text(reply, language, error.reason), FALLBACK
    except Exception as error:  # never leave a reply pending; no message text in the log
        log.error("chat reply %s failed: %s", rid, type(error).__name__)
        db.session.rollback()
        text, status = _fallback_text(reply, language, "server_error"), FALLBACK
    stored = store_reply(rid, text, status, model, sources)
    announce(rid, {"type": "done", "status": stored.status if stored else status})
    return stored


def store_reply(rid: str, text: str, status: str, model: str | None, sources: list | None) -> ChatMessage | None:
    """Complete the reply if it is still pending (the stale-reply sweep may have closed it meanwhile)."""
    db.session.execute(
        update(ChatMessage)
        .where(ChatMessage.id == uuid.UUID(rid), ChatMessage.status == PENDING)
        .values(content=text, status=status, model=model, sources=sources, completed_at=utcnow())
    )
    db.session.commit()
    return db.session.get(ChatMessage, uuid.UUID(rid), populate_existing=True)


def close_stale_replies() -> int:
    """Mark replies pending for longer than CHAT_STALE_REPLY_SECONDS (a worker died) as interrupted."""
    limit = utcnow() - timedelta(seconds=setting("STALE_REPLY_SECONDS"))
    stale = db.session.scalars(select(ChatMessage).where(ChatMessage.status == PENDING,
                                                         ChatMessage.created_at < limit).limit(500)).all()
    for reply in stale:
        user_id = db.session.get(ChatSession, reply.session_id).user_id
        text = fallback.text_for(fallback.INTERRUPTED, _language_of(user_id))
        if store_reply(str(reply.id), text, FALLBACK, None, None) is not None:
            announce(str(reply.id), {"type": "done", "status": FALLBACK})
    return len(stale)
