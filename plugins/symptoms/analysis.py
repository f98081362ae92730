"""One consultation's analysis, from symptoms to answer, with no database writes.

Order: the offline triage engine (always first, no network; an emergency is
answered at once without asking the model), the user's profile and other
plugins' context, the 24-hour cache, the model (JSON validated, one corrective
retry), then the fallback when the model is unconfigured, unreachable, refusing
or keeps answering invalid JSON: the engine's own answer. The model can raise
the engine's level, never lower it; both are recorded. Medicine warnings (the
core's sourced tables) and health topics are added to whichever answer results.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import marshmallow as ma

from core.api import (
    ContextItem, LLMUnavailable, TriageResult, cache_get, cache_set, gather_ai_context, get_llm, profile_facts,
    rank, triage,
)
from plugins.symptoms.fallback import default_disclaimer, fallback_analysis
from plugins.symptoms.medicine_warnings import medicine_warnings
from plugins.symptoms.medlineplus import health_topics
from plugins.symptoms.prompt import build_messages, describe_errors, retry_messages
from plugins.symptoms.schemas import LLMAnalysisSchema
from plugins.symptoms.settings import setting
from plugins.symptoms.symptom_codes import codes_for

log = logging.getLogger(__name__)

PROFILE_KEYS = ("age", "gender", "allergies", "chronic_conditions", "current_medications")
CACHE_VERSION = "v2"


@dataclass(frozen=True)
class Request:
    symptoms: str
    duration: str | None
    severity: str | None
    language: str
    answers: dict = field(default_factory=dict)  # answers to the engine's questions (the interview)


@dataclass
class Prepared:
    """What the analysis needs besides the request. Other plugins' context is gathered only when the
    model is asked (a cache miss), so a cached answer costs no searches."""

    facts: dict
    cache_key: str
    assessment: TriageResult
    gather: Callable[[], list[ContextItem]] = list
    _context: list[ContextItem] | None = field(default=None, repr=False)

    @property
    def context(self) -> list[ContextItem]:
        if self._context is None:
            self._context = self.gather()
        return self._context


@dataclass
class Outcome:
    source: str  # "llm", "fallback" or "red_flag"
    triage_level: str
    analysis: dict
    red_flag: dict | None = None
    cache_hit: bool = False
    model: str | None = None
    fallback_reason: str | None = None
    allergy_warnings: list[dict] = field(default_factory=list)
    medicine_warnings: list[dict] = field(default_factory=list)  # core medicine-table findings
    sources: list[dict] = field(default_factory=list)
    health_topics: list[dict] = field(default_factory=list)
    triage: dict | None = None  # the engine's assessment, with engine_level and model_level


class InvalidOutput(ValueError):
    pass


_OUTPUT_SCHEMA = LLMAnalysisSchema()  # stateless between loads: built once


def assess(request: Request, facts: dict) -> TriageResult:
    """The offline triage engine's answer (``facts``: the user's full profile_facts, or {})."""
    return triage(request.symptoms, profile=facts, duration=request.duration, severity=request.severity,
                  language=request.language, country=facts.get("country"), answers=request.answers)


def emergency_outcome(request: Request, assessment: TriageResult) -> Outcome | None:
    """The emergency answer when the engine's level is emergency; None otherwise."""
    if assessment.level != "emergency":
        return None
    advice = " ".join(assessment.advice)
    analysis = {"summary": assessment.title, "possible_conditions": [], "next_steps": list(assessment.advice),
                "watch_for": [], "medications": [], "disclaimer": default_disclaimer(assessment.language)}
    return Outcome(source="red_flag", triage_level="emergency", analysis=analysis,
                   red_flag={"category": assessment.category, "title": assessment.title, "advice": advice,
                             "rule": assessment.rule["id"]},
                   triage=assessment.record())


def relevant_facts(facts: dict) -> dict:
    """The profile fields that change an assessment (and so the cache key)."""
    return {key: facts.get(key) for key in PROFILE_KEYS if facts.get(key) not in (None, [], "")}


def _plain(text: str | None) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\s+", " ", folded).strip(" .!?;,")


def cache_key(request: Request, facts: dict) -> str:
    """Normalised symptoms and the profile fields that matter: same inputs, same answer for 24 hours
    (the context other plugins would add is not part of it: it is gathered only on a miss)."""
    profile = {key: sorted(_plain(v) for v in value) if isinstance(value, list) else _plain(str(value))
               for key, value in facts.items()}
    payload = {"symptoms": _plain(request.symptoms), "duration": _plain(request.duration),
               "severity": request.severity, "language": request.language, "profile": profile}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"symptoms:analysis:{CACHE_VERSION}:{digest}"


def prepare(request: Request, user_id, facts: dict | None = None,
            assessment: TriageResult | None = None) -> Prepared:
    """``facts``: the user's profile_facts and ``assessment`` the engine's, when the caller has them."""
    full = profile_facts(user_id) if facts is None else facts
    facts = relevant_facts(full)
    return Prepared(facts, cache_key(request, facts), assessment or assess(request, full),
                    gather=lambda: gather_ai_context(request.symptoms, user_id, "symptoms"))


def cached_outcome(prepared: Prepared) -> Outcome | None:
    cached = cache_get(prepared.cache_key)
    if not isinstance(cached, dict):
        return None
    return Outcome(source="llm", triage_level=cached["triage_level"], analysis=cached["analysis"],
                   cache_hit=True, model=cached.get("model"), sources=list(cached.get("sources") or []))


def parse_reply(text: str) -> dict:
    """The model's JSON object, validated; raises InvalidOutput with a short reason."""
    cleaned = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())  # some models fence JSON anyway
    try:
        data = json.loads(cleaned)
    except ValueError:
        raise InvalidOutput("it was not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidOutput("it was not a JSON object")
    try:
        return _OUTPUT_SCHEMA.load(data)
    except ma.ValidationError as error:
        raise InvalidOutput(describe_errors(error.messages)) from None


def ask_model(request: Request, prepared: Prepared) -> Outcome:
    """The model's analysis; raises LLMUnavailable or InvalidOutput (after one corrective retry)."""
    llm = get_llm()
    messages = build_messages(request.symptoms, request.duration, request.severity, request.language,
                              prepared.facts, prepared.context, prepared.assessment)
    options = {"max_tokens": int(setting("LLM_MAX_TOKENS")), "temperature": float(setting("LLM_TEMPERATURE")),
               "json_mode": True}
    try:
        reply = llm.chat(messages, **options)
    except LLMUnavailable as error:
        if error.reason != "client_error" or error.status not in (400, 422):
            raise
        options["json_mode"] = False  # a server without JSON mode: the prompt asks for JSON anyway
        reply = llm.chat(messages, **options)
    try:
        data = parse_reply(reply.text)
    except InvalidOutput as problem:
        log.info("model output invalid, asking once more")
        reply = llm.chat(retry_messages(messages, reply.text, str(problem)), **options)
        data = parse_reply(reply.text)
    triage = data.pop("triage_level")
    data["disclaimer"] = data["disclaimer"] or default_disclaimer(request.language)
    return Outcome(source="llm", triage_level=triage, analysis=data, model=reply.model)


def fallback_outcome(request: Request, prepared: Prepared, reason: str) -> Outcome:
    """No model answer: the engine's level, advice and safety-netting, said to come from it."""
    assessment = prepared.assessment
    return Outcome(source="fallback", triage_level=assessment.level,
                   analysis=fallback_analysis(request.language, assessment, reason), fallback_reason=reason)


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
        outcome.sources = [{**source, "plugin": item.plugin} for item in prepared.context for source in item.sources]
    if setting("ENRICH"):
        model_codes = [c["icd10"] for c in outcome.analysis.get("possible_conditions", []) if c.get("icd10")]
        limit = int(setting("MAX_TOPICS"))
        outcome.health_topics = health_topics(model_codes + codes_for(request.symptoms, limit), request.language,
                                              limit)
    return outcome


def analyse(request: Request, prepared: Prepared, use_cache: bool = True) -> Outcome:
    """The full answer for a request that raised no red flag."""
    outcome = cached_outcome(prepared) if use_cache else None
    if outcome is None:
        try:
            outcome = ask_model(request, prepared)
        except LLMUnavailable as error:
            outcome = fallback_outcome(request, prepared, error.reason)
        except InvalidOutput:
            outcome = fallback_outcome(request, prepared, "invalid_output")
        else:
            sources = [{**source, "plugin": item.plugin} for item in prepared.context for source in item.sources]
            cache_set(prepared.cache_key, {"triage_level": outcome.triage_level, "analysis": outcome.analysis,
                                           "model": outcome.model, "sources": sources}, int(setting("CACHE_SECONDS")))
    return finish(outcome, request, prepared)
