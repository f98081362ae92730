"""Consultations: create, analyse (now or as a job), re-run, list. Plain functions for routes and jobs.

Every answer comes from one pipeline, ``answer``: triage, the profile and other
plugins' context, the cache, the model, the fallback, the finishing touches, each
a small function of the module that owns it. A signed-in user's consultation is
stored with its answer in one write: every failure of the model ends in the
stored fallback answer, so nothing is lost, and no database connection is held
while the model thinks. In background mode the consultation is stored first
(pending) and the job (registered as "symptoms:analyse_consultation") fills in
the answer. Anonymous consultations are answered the same way but stored nowhere.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import timedelta

from redis.exceptions import RedisError
from sqlalchemy import select

from core.api import (
    LLMUnavailable, TriageResult, abort, checked_triage_answers, db, detect_text_language, enqueue, profile_facts,
    utcnow,
)
from plugins.symptoms.analysis import Outcome, Prepared, Request
from plugins.symptoms.cache import cached_outcome, remember
from plugins.symptoms.fallback import fallback_analysis, fallback_outcome
from plugins.symptoms.finishing import finish
from plugins.symptoms.model import InvalidOutput, ask_model
from plugins.symptoms.models import COMPLETE, PENDING, SymptomConsultation
from plugins.symptoms.preparation import prepare, relevant_facts
from plugins.symptoms.schemas import LANGUAGES
from plugins.symptoms.settings import setting
from plugins.symptoms.triage import assess, emergency_outcome, is_emergency

log = logging.getLogger(__name__)


def _nothing() -> None:
    pass


def answer(request: Request, user_id, facts: dict, assessment: TriageResult | None = None, *,
           use_cache: bool = True, before_model: Callable[[], None] = _nothing) -> Outcome:
    """One consultation's answer, the steps in order.

    ``facts``: the user's profile_facts ({} when anonymous); ``assessment``: the engine's, when the
    caller has it; ``before_model`` runs just before the model is asked (a stored consultation ends
    its read transaction there, so no database connection is held while the model thinks).
    """
    assessment = assessment or assess(request, facts)  # 1. the offline triage engine, always first
    emergency = emergency_outcome(request, assessment)
    if emergency is not None:
        return emergency  # answered at once, whatever the model would say
    prepared = prepare(request, user_id, facts, assessment)  # 2. profile fields, cache key, others' context
    outcome = cached_outcome(prepared) if use_cache else None  # 3. the 24-hour cache
    if outcome is None:
        before_model()
        try:
            outcome = ask_model(request, prepared)  # 4. the model
        except LLMUnavailable as error:
            outcome = fallback_outcome(request, prepared, error.reason)  # 5. the engine's own answer
        except InvalidOutput:
            outcome = fallback_outcome(request, prepared, "invalid_output")
        else:
            remember(prepared, outcome)
    return finish(outcome, request, prepared)  # 6. floor, warnings, sources, health topics


def to_request(data: dict, facts: dict) -> Request:
    """The analysis request; the language defaults to the text's own (when it can be told), else the
    profile's, else English."""
    preferred = facts.get("preferred_language")
    language = (data.get("language") or detect_text_language(data["symptoms"])
                or (preferred if preferred in LANGUAGES else "en"))
    return Request(symptoms=data["symptoms"], duration=data.get("duration"), severity=data.get("severity"),
                   language=language, answers=answers_of(data.get("answers") or []))


def answers_of(items: list[dict]) -> dict:
    return {item["question_id"]: item["answer"] for item in items}


def apply(consultation: SymptomConsultation, outcome: Outcome) -> SymptomConsultation:
    for name, value in asdict(outcome).items():
        setattr(consultation, name, value)
    consultation.status = COMPLETE
    consultation.completed_at = utcnow()
    return consultation


def _new(user_id, request: Request) -> SymptomConsultation:
    """Created now (not at the insert, which comes after the answer: completed_at never precedes it)."""
    return SymptomConsultation(created_at=utcnow(), user_id=user_id, symptoms=request.symptoms, duration=request.duration,
                               severity=request.severity, language=request.language, status=PENDING,
                               cache_hit=False, allergy_warnings=[], medicine_warnings=[], sources=[],
                               health_topics=[],
                               interview={"answers": dict(request.answers), "steps": []})


def _request_of(consultation: SymptomConsultation) -> Request:
    return Request(consultation.symptoms, consultation.duration, consultation.severity, consultation.language,
                   dict((consultation.interview or {}).get("answers") or {}))


def create_consultation(user_id: uuid.UUID, data: dict) -> tuple[SymptomConsultation, bool]:
    """A stored consultation and whether it is still being analysed in the background."""
    facts = profile_facts(user_id)
    request = to_request(data, facts)
    consultation = _new(user_id, request)
    assessment = assess(request, facts)
    if data.get("run_async") and not is_emergency(assessment) and _queue(consultation, refresh=False):
        return consultation, True  # an emergency is answered at once, never left to a queue
    _store(consultation, answer(request, user_id, facts, assessment, before_model=db.session.commit))
    return consultation, False


def _store(consultation: SymptomConsultation, outcome: Outcome) -> None:
    db.session.add(apply(consultation, outcome))
    db.session.commit()


def anonymous_consultation(data: dict) -> SymptomConsultation:
    """Answered and not stored: no id, no profile, no history."""
    request = to_request(data, {})
    consultation = _new(None, request)
    return apply(consultation, answer(request, None, {}))


def _queue(consultation: SymptomConsultation, refresh: bool) -> bool:
    """Store the consultation pending and hand its analysis to a background job; False when the
    queue is unreachable (the caller then analyses at once rather than leave it pending)."""
    consultation.status = PENDING
    consultation.job_id = uuid.uuid4().hex
    consultation.queued_at = utcnow()
    db.session.add(consultation)
    db.session.commit()  # the job reads it
    try:
        enqueue("symptoms:analyse_consultation", str(consultation.id), refresh, job_id=consultation.job_id, retries=1,
                retry_intervals=(10,))
    except RedisError as error:
        log.warning("could not queue a symptom analysis (%s); analysing it now", type(error).__name__)
        consultation.job_id = None
        return False
    return True


def is_stale(consultation: SymptomConsultation) -> bool:
    """Pending for longer than any job could take: its job was lost (e.g. a worker died)."""
    limit = timedelta(seconds=int(setting("PENDING_STALE_SECONDS")))
    return consultation.queued_at is None or utcnow() - consultation.queued_at > limit


def analyse_stored(consultation_id: uuid.UUID, refresh: bool = False) -> SymptomConsultation | None:
    """Analyse a stored consultation (the background job's work); None when it was deleted meanwhile."""
    consultation = db.session.get(SymptomConsultation, consultation_id)
    if consultation is None:
        return None
    outcome = answer(_request_of(consultation), consultation.user_id, profile_facts(consultation.user_id),
                     use_cache=not refresh, before_model=db.session.commit)
    _store(consultation, outcome)
    return consultation


def store_fallback(consultation_id: uuid.UUID, reason: str) -> SymptomConsultation | None:
    """The general guidance, when the analysis itself failed: the user still gets a safe answer."""
    consultation = db.session.get(SymptomConsultation, consultation_id)
    if consultation is None:
        return None
    request, facts = _request_of(consultation), profile_facts(consultation.user_id)
    assessment = assess(request, facts)
    outcome = fallback_outcome(request, Prepared(relevant_facts(facts), "", assessment), reason)
    outcome.triage = assessment.record()
    apply(consultation, outcome)
    db.session.commit()
    return consultation


def rerun_consultation(consultation: SymptomConsultation, run_async: bool) -> tuple[SymptomConsultation, bool]:
    """Analyse again, skipping the cache (e.g. after a fallback); the answer replaces the previous one.

    Refused while an analysis is running, unless it has been pending so long that its job was lost.
    """
    if consultation.status == PENDING and not is_stale(consultation):
        abort(409, "This consultation is still being analysed.", error="analysis_pending")
    if run_async and _queue(consultation, refresh=True):
        return consultation, True
    return analyse_stored(consultation.id, refresh=True), False


def answer_consultation(consultation: SymptomConsultation, items: list[dict]) -> SymptomConsultation:
    """Re-triage with the answers to the open questions; store the step. Nothing changes on a bad answer."""
    if consultation.status == PENDING:
        abort(409, "This consultation is still being analysed.", error="analysis_pending")
    open_questions = {q["id"]: q for q in (consultation.triage or {}).get("questions") or []}
    given = checked_triage_answers(list(open_questions.values()), items)
    interview = consultation.interview or {"answers": {}, "steps": []}
    request = replace(_request_of(consultation), answers={**(interview.get("answers") or {}), **given})
    facts = profile_facts(consultation.user_id)
    assessment = assess(request, facts)
    before = consultation.triage_level
    model_level = (consultation.triage or {}).get("model_level")
    emergency = emergency_outcome(request, assessment)
    if emergency is not None:
        apply(consultation, emergency)
    else:
        record = assessment.record(model_level)
        consultation.triage, consultation.triage_level = record, record["level"]
        if consultation.source == "fallback":
            consultation.analysis = fallback_analysis(request.language, assessment, consultation.fallback_reason)
    step = {"questions": [open_questions[q] for q in given], "answers": given, "level_before": before,
            "level_after": consultation.triage_level, "at": utcnow().isoformat()}
    consultation.interview = {"answers": dict(request.answers), "steps": [*interview.get("steps", []), step]}
    db.session.commit()
    return consultation


def delete_consultation(consultation: SymptomConsultation) -> None:
    db.session.delete(consultation)
    db.session.commit()


def recent_consultations(user_id: uuid.UUID, limit: int = 3) -> list[SymptomConsultation]:
    statement = (select(SymptomConsultation)
                 .where(SymptomConsultation.user_id == user_id, SymptomConsultation.status == COMPLETE)
                 .order_by(SymptomConsultation.created_at.desc()).limit(limit))
    return list(db.session.scalars(statement))


def export_user_data(user_id: uuid.UUID) -> list[dict]:
    """Every stored consultation of the user, newest first, as the API shows one (the data export)."""
    from plugins.symptoms.schemas import ConsultationSchema

    statement = (select(SymptomConsultation).where(SymptomConsultation.user_id == user_id)
                 .order_by(SymptomConsultation.created_at.desc()))
    return ConsultationSchema(many=True).dump(db.session.scalars(statement).all())
