"""Request and response schemas of /api/medication-reviews/."""

from __future__ import annotations

import unicodedata

import marshmallow as ma

from core.api import MedicationReviewResultSchema

LANGUAGES = ("en", "es", "fr")
F = ma.fields


def _readable(value: str) -> None:
    """Refuse control characters and text with no letter at all (binary junk, not a medicine)."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ma.ValidationError("Must not contain control characters.")
    if not any(ch.isalpha() for ch in value):
        raise ma.ValidationError("Must name a medicine.")


class MedicineText(F.String):
    def _deserialize(self, value, attr, data, **kwargs):
        text = " ".join(super()._deserialize(value, attr, data, **kwargs).split())
        if not text:
            raise ma.ValidationError("Must not be blank.")
        _readable(text)
        return text


class ReviewRequestSchema(ma.Schema):
    medicines = F.List(MedicineText(validate=ma.validate.Length(max=200)), required=True,
                       validate=ma.validate.Length(min=1, max=50),
                       metadata={"description": "Medicines as people write them: brand or generic names, with "
                                                "doses when known (1 to 50).",
                                 "example": ["Advil 200mg, 2 tabs every 4 hours", "warfarin 5 mg daily"]})
    question = MedicineText(load_default=None, allow_none=True, validate=ma.validate.Length(max=1000),
                            metadata={"example": "Can I take these together?"})
    language = F.String(load_default=None, allow_none=True, validate=ma.validate.OneOf(LANGUAGES),
                        metadata={"description": "Answer language; default: the text's, else the profile's, "
                                                 "else en."})
    age = F.Float(load_default=None, allow_none=True, validate=ma.validate.Range(min=0, max=120),
                  metadata={"description": "Years; default: the profile's.", "example": None})
    pregnant = F.Boolean(load_default=None, allow_none=True, metadata={"example": None})
    pregnancy_week = F.Float(load_default=None, allow_none=True, validate=ma.validate.Range(min=0, max=45),
                             metadata={"example": None})
    allergies = F.List(MedicineText(validate=ma.validate.Length(max=200)), load_default=list,
                       validate=ma.validate.Length(max=50),
                       metadata={"description": "Added to the profile's.", "example": []})
    conditions = F.List(MedicineText(validate=ma.validate.Length(max=200)), load_default=list,
                        validate=ma.validate.Length(max=50),
                        metadata={"description": "Added to the profile's chronic conditions.", "example": []})
    explain = F.Boolean(load_default=True, metadata={"description": "Ask the LLM, when one is configured, for a "
                                                                    "plain-language explanation."})


class PointSchema(ma.Schema):
    finding = F.Integer(metadata={"description": "Index in `findings`.", "example": 0})
    text = F.String(metadata={"example": "Ibuprofen makes bleeding more likely while you take warfarin."})


class ExplanationSchema(ma.Schema):
    summary = F.String(metadata={"example": "One of your medicines does not go well with warfarin."})
    points = F.List(F.Nested(PointSchema))
    ask_pharmacist = F.List(F.String(), metadata={"example": ["Which painkiller can I take with warfarin?"]})


class MedicationReviewSchema(MedicationReviewResultSchema):
    id = F.UUID(allow_none=True, metadata={"description": "null when not stored (anonymous)."})
    stored = F.Boolean(metadata={"example": True})
    created_at = F.DateTime(metadata={"example": "2026-12-04T10:00:00+00:00"})
    question = F.String(allow_none=True, metadata={"example": "Can I take these together?"})
    explanation_status = F.String(metadata={
        "description": "ready, pending (a job is writing it), unavailable (no LLM answer: see "
                       "explanation_reason), not_requested, or not_needed (an emergency is answered at once)",
        "example": "unavailable"})
    explanation_reason = F.String(allow_none=True, metadata={"description": "not_configured, unreachable, "
                                                                            "breaker_open, malformed_response...",
                                                             "example": "not_configured"})
    explanation_notice = F.String(allow_none=True, metadata={
        "description": "Only when explanation_status is unavailable: why, and whether trying again later helps "
                       "(no AI model is configured on this server, or the AI service could not answer).",
        "example": "No AI model is configured on this server."})
    explanation = F.Nested(ExplanationSchema, allow_none=True)
    explanation_model = F.String(allow_none=True, metadata={"example": None})
    source = F.String(metadata={"description": "tables (findings only), or llm (findings with the model's "
                                               "explanation)", "example": "tables"})
