"""Request and response schemas of the consultations API, and the schema the model's JSON must meet."""

from __future__ import annotations

import re

import marshmallow as ma

from core.api import TRIAGE_QUESTION_EXAMPLE as QUESTION_EXAMPLE
from core.api import TriageQuestionSchema as QuestionSchema
from core.api import MedicineFindingSchema, TriageSchema, triage_answers_field

LANGUAGES = ("en", "es", "fr")
SEVERITIES = ("mild", "moderate", "severe")
TRIAGE_LEVELS = ("emergency", "urgent", "see_doctor", "self_care")
ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")


class Trimmed(ma.fields.String):
    """A string with surrounding whitespace removed; blank is refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ma.ValidationError("Must not be blank.")
        return text


class ConsultationRequestSchema(ma.Schema):
    symptoms = Trimmed(required=True, validate=ma.validate.Length(min=3, max=4000),
                       metadata={"example": "Sore throat and a mild fever since yesterday"})
    duration = Trimmed(load_default=None, allow_none=True, validate=ma.validate.Length(max=64),
                       metadata={"example": "2 days"})
    severity = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.OneOf(SEVERITIES))
    language = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.OneOf(LANGUAGES),
                                metadata={"description": "Answer language; default: the profile's, else en."})
    run_async = ma.fields.Boolean(data_key="async", load_default=False,
                                  metadata={"description": "Answer 202 at once and analyse in the background "
                                                           "(signed-in users only)."})
    answers = triage_answers_field(
        "Answers to the questions of an earlier answer: how the anonymous path runs the interview without "
        "storing anything (send the symptoms again with every answer so far).", load_default=list)


class RerunRequestSchema(ma.Schema):
    run_async = ma.fields.Boolean(data_key="async", load_default=False)


class RedFlagSchema(ma.Schema):
    category = ma.fields.String()
    title = ma.fields.String()
    advice = ma.fields.String()
    rule = ma.fields.String(metadata={"description": "The triage rule that found the emergency."})


class ConditionSchema(ma.Schema):
    name = ma.fields.String()
    likelihood = ma.fields.String()
    explanation = ma.fields.String()
    icd10 = ma.fields.String(allow_none=True)


class MedicationSchema(ma.Schema):
    name = ma.fields.String()
    note = ma.fields.String()
    allergy_warning = ma.fields.String(allow_none=True)


class AnalysisSchema(ma.Schema):
    summary = ma.fields.String()
    possible_conditions = ma.fields.List(ma.fields.Nested(ConditionSchema))
    next_steps = ma.fields.List(ma.fields.String())
    watch_for = ma.fields.List(ma.fields.String())
    medications = ma.fields.List(ma.fields.Nested(MedicationSchema))
    disclaimer = ma.fields.String()


class AllergyWarningSchema(ma.Schema):
    medication = ma.fields.String()
    allergy = ma.fields.String()
    message = ma.fields.String()


class InterviewStepSchema(ma.Schema):
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema))
    answers = ma.fields.Dict(metadata={"example": {"saddle_numbness": "no"}})
    level_before = ma.fields.String(metadata={"example": "self_care"})
    level_after = ma.fields.String(metadata={"example": "self_care"})
    at = ma.fields.String(metadata={"example": "2026-12-03T18:01:02+00:00"})


class InterviewSchema(ma.Schema):
    answers = ma.fields.Dict(metadata={"description": "Every answer given so far.",
                                       "example": {"saddle_numbness": "no"}})
    steps = ma.fields.List(ma.fields.Nested(InterviewStepSchema), metadata={
        "description": "Each round of answers: the questions, the answers, the level before and after.",
        "example": [{"questions": [QUESTION_EXAMPLE], "answers": {"saddle_numbness": "no"},
                     "level_before": "self_care", "level_after": "self_care", "at": "2026-12-03T18:01:02+00:00"}]})


class ConsultationSchema(ma.Schema):
    id = ma.fields.UUID(allow_none=True, metadata={"description": "None for an anonymous (unstored) consultation."})
    stored = ma.fields.Method("_stored")
    symptoms = ma.fields.String()
    duration = ma.fields.String(allow_none=True)
    severity = ma.fields.String(allow_none=True)
    language = ma.fields.String()
    status = ma.fields.String(metadata={"description": "pending (analysis running) or complete"})
    source = ma.fields.String(allow_none=True, metadata={"description": "llm, fallback or red_flag"})
    triage_level = ma.fields.String(allow_none=True, metadata={"description": ", ".join(TRIAGE_LEVELS)})
    cache_hit = ma.fields.Boolean()
    red_flag = ma.fields.Nested(RedFlagSchema, allow_none=True)
    questions = ma.fields.Method("_questions", metadata={
        "description": "The engine's open questions (also in triage.questions): answer them at answers/.",
        "example": [QUESTION_EXAMPLE]})
    interview = ma.fields.Nested(InterviewSchema, allow_none=True)
    triage = ma.fields.Nested(TriageSchema, allow_none=True, metadata={
        "description": "The offline triage engine's assessment: the findings, the rule behind the level and "
                       "its source; the model can raise the level, never lower it."})
    analysis = ma.fields.Nested(AnalysisSchema, allow_none=True)
    allergy_warnings = ma.fields.List(ma.fields.Nested(AllergyWarningSchema))
    medicine_warnings = ma.fields.List(ma.fields.Nested(MedicineFindingSchema), metadata={
        "description": "What the sourced medicine tables say about the medicines this answer suggests, for "
                       "this person: allergies and cross-reactions, conditions, age, pregnancy, interactions "
                       "with their own medicines, the same ingredient twice."})
    sources = ma.fields.List(ma.fields.Dict())
    health_topics = ma.fields.List(ma.fields.Dict())
    model = ma.fields.String(allow_none=True)
    fallback_reason = ma.fields.String(allow_none=True)
    job_id = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    completed_at = ma.fields.DateTime(allow_none=True)

    def _stored(self, consultation) -> bool:
        return consultation.id is not None

    def _questions(self, consultation) -> list[dict]:
        return list((consultation.triage or {}).get("questions") or [])


class ConsultationAcceptedSchema(ma.Schema):
    id = ma.fields.UUID()
    job_id = ma.fields.String()
    status = ma.fields.String()
    status_url = ma.fields.String()


# -- what the model must answer ---------------------------------------------------

def _triage(value):
    """Accept the spellings models use ("See a doctor", "self-care") for the four levels."""
    if not isinstance(value, str):
        return value
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    return {"see_a_doctor": "see_doctor", "doctor": "see_doctor", "selfcare": "self_care",
            "self": "self_care", "home_care": "self_care"}.get(key, key)


class LLMConditionSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    likelihood = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60))
    explanation = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    icd10 = ma.fields.String(load_default=None, allow_none=True)

    @ma.post_load
    def _clean_code(self, data, **kwargs):
        code = (data.get("icd10") or "").strip().upper()
        data["icd10"] = code if ICD10.match(code) else None  # a wrong code costs a topic, not the answer
        return data


class LLMMedicationSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=600))


class LLMAnalysisSchema(ma.Schema):
    """The JSON object the model is asked for (see prompt.py); unknown keys are dropped."""

    class Meta:
        unknown = ma.EXCLUDE

    triage_level = ma.fields.String(required=True, validate=ma.validate.OneOf(TRIAGE_LEVELS))
    summary = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    possible_conditions = ma.fields.List(ma.fields.Nested(LLMConditionSchema), required=True,
                                         validate=ma.validate.Length(max=8))
    next_steps = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=600)), required=True,
                                validate=ma.validate.Length(min=1, max=10))
    watch_for = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=600)), load_default=list,
                               validate=ma.validate.Length(max=10))
    medications = ma.fields.List(ma.fields.Nested(LLMMedicationSchema), load_default=list,
                                 validate=ma.validate.Length(max=8))
    disclaimer = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))

    @ma.pre_load
    def _normalise(self, data, **kwargs):
        if isinstance(data, dict) and "triage_level" in data:
            data = {**data, "triage_level": _triage(data["triage_level"])}
        return data
