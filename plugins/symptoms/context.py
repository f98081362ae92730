"""What the symptoms plugin tells other plugins' prompts: the user's recent consultations."""

from __future__ import annotations

from core.api import ContextItem
from plugins.symptoms.services import recent_consultations

SNIPPET_CHARS = 200


def recent_consultations_context(user_id) -> list[ContextItem]:
    if user_id is None:
        return []
    consultations = recent_consultations(user_id)
    if not consultations:
        return []
    lines, sources = [], []
    for c in consultations:
        symptoms = c.symptoms if len(c.symptoms) <= SNIPPET_CHARS else c.symptoms[:SNIPPET_CHARS] + "…"
        lines.append(f"{c.created_at:%Y-%m-%d}: {symptoms} (triage: {c.triage_level})")
        sources.append({"type": "consultation", "id": str(c.id), "created_at": c.created_at.isoformat(),
                        "triage_level": c.triage_level})
    return [ContextItem("The user's recent symptom consultations", "\n".join(lines), sources)]
