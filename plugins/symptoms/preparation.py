"""Step two: what the analysis needs besides the request: the profile fields that change an
assessment, the cache key they make, and (gathered only when the model is asked) other plugins' context."""

from __future__ import annotations

from core.api import TriageResult, gather_ai_context, profile_facts
from plugins.symptoms.analysis import Prepared, Request
from plugins.symptoms.cache import cache_key
from plugins.symptoms.triage import assess

PROFILE_KEYS = ("age", "gender", "allergies", "chronic_conditions", "current_medications")


def relevant_facts(facts: dict) -> dict:
    """The profile fields that change an assessment (and so the cache key)."""
    return {key: facts.get(key) for key in PROFILE_KEYS if facts.get(key) not in (None, [], "")}


def prepare(request: Request, user_id, facts: dict | None = None,
            assessment: TriageResult | None = None) -> Prepared:
    """``facts``: the user's profile_facts and ``assessment`` the engine's, when the caller has them."""
    full = profile_facts(user_id) if facts is None else facts
    facts = relevant_facts(full)
    return Prepared(facts, cache_key(request, facts), assessment or assess(request, full),
                    gather=lambda: gather_ai_context(request.symptoms, user_id, "symptoms"))
