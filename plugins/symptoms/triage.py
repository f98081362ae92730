"""Step one: the offline triage engine (no network), and the answer it gives alone to an emergency."""

from __future__ import annotations

from core.api import TriageResult, triage
from plugins.symptoms.analysis import Outcome, Request
from plugins.symptoms.fallback import default_disclaimer


def assess(request: Request, facts: dict) -> TriageResult:
    """The offline triage engine's answer (``facts``: the user's full profile_facts, or {})."""
    return triage(request.symptoms, profile=facts, duration=request.duration, severity=request.severity,
                  language=request.language, country=facts.get("country"), answers=request.answers)


def is_emergency(assessment: TriageResult) -> bool:
    return assessment.level == "emergency"


def emergency_outcome(request: Request, assessment: TriageResult) -> Outcome | None:
    """The emergency answer when the engine's level is emergency; None otherwise."""
    if not is_emergency(assessment):
        return None
    advice = " ".join(assessment.advice)
    analysis = {"summary": assessment.title, "possible_conditions": [], "next_steps": list(assessment.advice),
                "watch_for": [], "medications": [], "disclaimer": default_disclaimer(assessment.language)}
    return Outcome(source="red_flag", triage_level="emergency", analysis=analysis,
                   red_flag={"category": assessment.category, "title": assessment.title, "advice": advice,
                             "rule": assessment.rule["id"]},
                   triage=assessment.record())
