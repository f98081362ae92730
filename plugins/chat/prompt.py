"""The messages sent to the model for one reply: identity, profile, other plugins' context, history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from core.api import ContextItem, assistant_identity, db, gather_ai_context, profile_facts
from plugins.chat.models import ASSISTANT, COMPLETE, RED_FLAG, USER, ChatMessage
from plugins.chat.settings import setting
from plugins.chat.tokens import clip, trim_history

HISTORY_ROWS = 200  # most rows read from the database before trimming to the token budget
PROFILE_LABELS = {
    "age": "Age", "gender": "Gender", "weight_kg": "Weight (kg)", "height_cm": "Height (cm)",
    "country": "Country", "preferred_language": "Preferred language", "allergies": "Allergies",
    "chronic_conditions": "Chronic conditions", "current_medications": "Current medications",
    "dietary_preferences": "Dietary preferences",
}


@dataclass
class Prompt:
    messages: list[dict]
    sources: list[dict] = field(default_factory=list)


def profile_section(user_id: uuid.UUID) -> str:
    facts = profile_facts(user_id)
    lines = []
    for key, label in PROFILE_LABELS.items():
        value = facts.get(key)
        if value in (None, "", []):
            continue
        lines.append(f"- {label}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    if not lines:
        return ""
    return ("About the user, from their health profile (use it where relevant; do not recite it):\n"
            + "\n".join(lines))


def context_section(items: list[ContextItem], budget: int) -> str:
    if not items:
        return ""
    share = max(50, budget // len(items))
    blocks = [f"### {item.title} (from {item.plugin})\n{clip(item.text, share)}" for item in items]
    return ("Context from other parts of this service (use it where relevant and name the sources you use):\n\n"
            + "\n\n".join(blocks))


def sources_of(items: list[ContextItem]) -> list[dict]:
    sources = []
    for item in items:
        for source in item.sources or [{}]:
            sources.append({**source, "plugin": item.plugin, "context": item.title})
    return sources


def history_for(reply: ChatMessage) -> list[dict]:
    """Earlier turns of the session up to the message being answered, oldest first."""
    rows = db.session.scalars(
        select(ChatMessage)
        .where(ChatMessage.session_id == reply.session_id, ChatMessage.created_at < reply.created_at)
        .order_by(ChatMessage.created_at.desc()).limit(HISTORY_ROWS)
    ).all()
    turns = [{"role": m.role, "content": m.content} for m in reversed(rows)
             if m.role == USER or (m.role == ASSISTANT and m.status in (COMPLETE, RED_FLAG))]
    return turns


def triage_section(assessment: dict | None) -> str:
    """The offline triage engine's level for the message: the reply may advise more care, never less."""
    if not assessment or not assessment.get("findings"):
        return ""
    return (f"Hygeia's offline triage rules rated the user's last message: {assessment['level']} "
            f"({assessment['rule']['complaint']}). Never advise a lower level of care than that.")


def build_prompt(reply: ChatMessage, user_id: uuid.UUID) -> Prompt:
    question = db.session.get(ChatMessage, reply.reply_to_id) if reply.reply_to_id else None
    items = gather_ai_context(question.content if question else "", user_id, "chat")
    system = "\n\n".join(part for part in (
        assistant_identity(),
        profile_section(user_id),
        triage_section(question.triage if question else None),
        context_section(items, setting("CONTEXT_TOKENS")),
    ) if part)
    history = trim_history(history_for(reply), setting("HISTORY_TOKENS"))
    return Prompt([{"role": "system", "content": system}, *history], sources_of(items))
