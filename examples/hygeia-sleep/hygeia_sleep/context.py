"""What the sleep log tells the assistant (the ai_context hook), when the question is about sleep."""

from __future__ import annotations

import re
import uuid

from core.api import ContextItem
from hygeia_sleep import services

# Stems of sleep-related words in English, Spanish and French (the assistant's languages).
SLEEP_WORDS = re.compile(
    r"\b(sleep|slept|insomn|tired|fatigu|exhaust|naps?\b|drows|rest(less|ed)?\b|wak(e|ing)\b"
    r"|sueño|dorm|duerm|dors\b|cansad|desvel|sommeil|épuis|réveil)",
    re.IGNORECASE,
)


def is_about_sleep(query: str) -> bool:
    return bool(SLEEP_WORDS.search(query or ""))


def sleep_context(query: str, user_id: uuid.UUID | None) -> list[ContextItem]:
    if user_id is None or not is_about_sleep(query):
        return []
    summary = services.summary_of(uuid.UUID(str(user_id)))
    if summary is None or summary.nights == 0:
        return []
    return [ContextItem(
        title="The user's sleep log",
        text=services.describe(summary),
        sources=[{"type": "sleep_log", "nights": summary.nights, "updated_at": summary.updated_at.isoformat()}],
    )]
