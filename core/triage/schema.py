"""How an API response shows a triage assessment (the consultations and chat plugins both use it)."""

from __future__ import annotations

import marshmallow as ma

from core.triage.rules import LEVELS

LEVEL_LIST = ", ".join(reversed(LEVELS))


class FindingSchema(ma.Schema):
    concept = ma.fields.String(metadata={"description": "The concept id (core/triage/data/concepts.toml).",
                                         "example": "chest_pain"})
    label = ma.fields.String(metadata={"description": "The concept in the answer's language.",
                                       "example": "chest pain"})
    words = ma.fields.String(metadata={"description": "The words that gave it (normalised), or the profile entry.",
                                       "example": "chest feels tight"})
    origin = ma.fields.String(metadata={"description": "text, profile, or facts (a number read from the text)",
                                        "example": "text"})
    negated = ma.fields.Boolean(metadata={"example": False})
    hypothetical = ma.fields.Boolean(metadata={"description": "Asked about rather than had (\"what are the "
                                                              "signs of...\").", "example": False})
    historical = ma.fields.Boolean(metadata={"description": "In the past or in the family.", "example": False})
    subject = ma.fields.String(metadata={"description": "self, or other when the writer speaks for someone else",
                                         "example": "self"})


class TriageRuleSchema(ma.Schema):
    id = ma.fields.String(metadata={"example": "cardiac_chest_pain"})
    complaint = ma.fields.String(metadata={"example": "Chest pain"})
    level = ma.fields.String(metadata={"description": LEVEL_LIST, "example": "emergency"})
    source = ma.fields.String(metadata={"description": "The published guidance the rule follows.",
                                        "example": "NICE CG95 Chest pain of recent onset; MTS Chest pain chart"})


class QuestionSchema(ma.Schema):
    id = ma.fields.String(metadata={"description": "Answer with this id: a concept id, or age, temperature, "
                                                   "gestation or duration.", "example": "saddle_numbness"})
    text = ma.fields.String(metadata={"example": "Do you have this: numbness between the legs or around the "
                                                 "bottom?"})
    answer_type = ma.fields.String(metadata={"description": "yes_no (yes, no, dont_know) or number",
                                             "example": "yes_no"})
    unit = ma.fields.String(allow_none=True, metadata={"description": "For a number: years, °C, weeks or days.",
                                                       "example": None})
    concept = ma.fields.String(allow_none=True, metadata={"example": "saddle_numbness"})
    would_raise_to = ma.fields.String(metadata={"description": "The level this answer could lead to.",
                                                "example": "emergency"})


QUESTION_EXAMPLE = {"id": "saddle_numbness", "text": "Do you have this: numbness between the legs or around the "
                    "bottom?", "answer_type": "yes_no", "unit": None, "concept": "saddle_numbness",
                    "would_raise_to": "emergency"}


class CrisisLineSchema(ma.Schema):
    name = ma.fields.String(metadata={"example": "Samaritans"})
    contact = ma.fields.String(metadata={"example": "116 123"})
    source = ma.fields.String(metadata={"example": "samaritans.org"})


CRISIS_EXAMPLE = {
    "country": "GB", "emergency_number": "999",
    "lines": [{"name": "Samaritans", "contact": "116 123", "source": "samaritans.org"}],
    "message": "If you are thinking of ending your life or harming yourself, you are not alone: these lines "
               "answer now, free and in confidence. In immediate danger, call the emergency number."}
ADVICE_EXAMPLE = ["Book an appointment with a doctor in the coming days.",
                  "Note when it started, what makes it better or worse and any medicines you take."]
SAFETY_NET_EXAMPLE = ["Call your emergency number if you get chest pain, difficulty breathing, confusion, "
                      "fainting, a rash that does not fade under a glass, or you feel suddenly much worse."]
TRIAGE_EXAMPLE = {
    "level": "see_doctor", "engine_level": "see_doctor", "model_level": None, "confidence": "moderate",
    "rule": {"id": "cough_long", "complaint": "Cough", "level": "see_doctor",
             "source": "NHS: Cough (see a GP if it lasts more than 3 weeks)"},
    "findings": [{"concept": "cough", "label": "cough", "words": "cough", "origin": "text", "negated": False,
                  "hypothetical": False, "historical": False, "subject": "self"}],
    "also": [], "questions": [QUESTION_EXAMPLE], "title": "Book an appointment with a doctor", "category": None,
    "advice": ADVICE_EXAMPLE,
    "safety_net": SAFETY_NET_EXAMPLE, "crisis": None, "language": "en", "detected_language": "en",
    "subject": "self"}


class CrisisSchema(ma.Schema):
    country = ma.fields.String(allow_none=True, metadata={"example": "GB"})
    emergency_number = ma.fields.String(metadata={"example": "999"})
    lines = ma.fields.List(ma.fields.Nested(CrisisLineSchema))
    message = ma.fields.String(metadata={"example": CRISIS_EXAMPLE["message"]})


class AnswerField(ma.fields.Field):
    """yes, no or dont_know for a yes/no question; a number for a number question."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ma.ValidationError("An answer is yes, no, dont_know or a number.")
        return value


class AnswerSchema(ma.Schema):
    question_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                                   metadata={"example": "saddle_numbness"})
    answer = AnswerField(required=True, metadata={"description": "yes, no or dont_know; or a number",
                                                  "oneOf": [{"type": "string", "enum": ["yes", "no", "dont_know"]},
                                                            {"type": "number"}], "example": "no"})


def answers_field(description: str = "The answers, one per question.", **kwargs) -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(AnswerSchema), validate=ma.validate.Length(min=1, max=10),
                          metadata={"description": description,
                                    "example": [{"question_id": "saddle_numbness", "answer": "no"}]}, **kwargs)


class AnswersSchema(ma.Schema):
    answers = answers_field(required=True)

    @ma.validates("answers")
    def _once_each(self, value, **kwargs):
        ids = [item["question_id"] for item in value]
        if len(ids) != len(set(ids)):
            raise ma.ValidationError("Answer each question once.")


class TriageSchema(ma.Schema):
    level = ma.fields.String(metadata={"description": f"The level given ({LEVEL_LIST}): the engine's, raised "
                                                      "by the model's when that is higher.", "example": "emergency"})
    engine_level = ma.fields.String(metadata={"description": "The offline engine's level.", "example": "emergency"})
    model_level = ma.fields.String(allow_none=True, metadata={"description": "The LLM's level, when one answered.",
                                                              "example": None})
    confidence = ma.fields.String(metadata={"description": "high, moderate, low, or insufficient (not enough to "
                                                           "go on: the engine says so and advises care)",
                                            "example": "high"})
    rule = ma.fields.Nested(TriageRuleSchema, metadata={"description": "The rule that set the engine's level."})
    findings = ma.fields.List(ma.fields.Nested(FindingSchema))
    also = ma.fields.List(ma.fields.String(), metadata={"description": "Other rules that fired.",
                                                        "example": ["chest_pain_now"]})
    title = ma.fields.String(metadata={"example": "Possible heart attack"})
    category = ma.fields.String(allow_none=True, metadata={"description": "The emergency advice category.",
                                                           "example": "cardiac"})
    advice = ma.fields.List(ma.fields.String(), metadata={"description": "What to do, in the answer's language.",
                                                          "example": ADVICE_EXAMPLE})
    safety_net = ma.fields.List(ma.fields.String(), metadata={"description": "What would make it an emergency.",
                                                              "example": SAFETY_NET_EXAMPLE})
    crisis = ma.fields.Nested(CrisisSchema, allow_none=True, metadata={
        "description": "Crisis lines, whenever the text speaks of suicide or self-harm (also when negated).",
        "example": CRISIS_EXAMPLE})
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), metadata={
        "description": "Up to three questions whose answers could change the level, the most decisive first "
                       "(none after an emergency).", "example": [QUESTION_EXAMPLE]})
    interview = ma.fields.Dict(allow_none=True, metadata={
        "description": "On a chat message: every answer given and each step (questions, answers, level before "
                       "and after).", "example": {"answers": {"saddle_numbness": "no"}, "steps": [
                           {"questions": [QUESTION_EXAMPLE], "answers": {"saddle_numbness": "no"},
                            "level_before": "self_care", "level_after": "self_care",
                            "at": "2026-12-03T18:01:02+00:00"}]}})
    language = ma.fields.String(metadata={"example": "en"})
    detected_language = ma.fields.String(allow_none=True, metadata={"example": "en"})
    subject = ma.fields.String(metadata={"example": "self"})
