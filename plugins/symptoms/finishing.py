"""Step six: the finishing touches on any answer (the model's, the cached one or the fallback): the
engine's floor, the triage record, medicine warnings (the core's sourced tables), sources and health topics."""

from __future__ import annotations

from core.api import rank
from plugins.symptoms.analysis import Outcome, Prepared, Request
from plugins.symptoms.medicine_warnings import medicine_warnings
from plugins.symptoms.medlineplus import health_topics
from plugins.symptoms.settings import setting
from plugins.symptoms.symptom_codes import codes_for


def finish(outcome: Outcome, request: Request, prepared: Prepared) -> Outcome:
    """The engine's floor, allergy warnings, sources and health topics, on any answer."""
    model_level = outcome.triage_level if outcome.source == "llm" else None
    floor = prepared.assessment.level
    if request.severity == "severe" and rank(floor) < rank("see_doctor"):
        floor = "see_doctor"  # the person's own "severe" is never self-care
    if rank(outcome.triage_level) < rank(floor):
        outcome.triage_level = floor  # the model can raise the engine's level, never lower it
    outcome.triage = prepared.assessment.record(model_level)
    outcome.allergy_warnings, outcome.medicine_warnings = medicine_warnings(outcome.analysis, prepared.facts,
                                                                            request.language)
    if not outcome.cache_hit:  # a cached answer keeps the sources it was written from
        outcome.sources = prepared.context_sources()
    if setting("ENRICH"):
        model_codes = [c["icd10"] for c in outcome.analysis.get("possible_conditions", []) if c.get("icd10")]
        limit = int(setting("MAX_TOPICS"))
        outcome.health_topics = health_topics(model_codes + codes_for(request.symptoms, limit), request.language,
                                              limit)
    return outcome
