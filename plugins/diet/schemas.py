"""Request and response shapes of the diet API (documented in the OpenAPI spec)."""

from __future__ import annotations

import re

import marshmallow as ma

from core.api import get_profile, no_llm_notice
from plugins.diet.items import MAX_ITEMS
from plugins.diet.references import ACTIVITY_FACTORS

MAX_TEXT = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(value: str) -> None:
    """Text may hold line breaks and tabs, not other control characters (databases refuse NUL)."""
    if _CONTROL.search(value):
        raise ma.ValidationError("Contains control characters.")


class DietItemInputSchema(ma.Schema):
    food = ma.fields.String(validate=[ma.validate.Length(min=1, max=200), printable],
                            metadata={"description": "Food name, matched against USDA SR28.", "example": "banana"})
    food_id = ma.fields.String(validate=ma.validate.Regexp(r"^\d{5}$", error="A USDA NDB number has 5 digits."),
                               metadata={"description": "USDA NDB number (from /api/foods/).", "example": "09040"})
    quantity = ma.fields.Float(allow_nan=False, metadata={"description": "How many units (default 1).",
                                                          "example": 1})
    unit = ma.fields.String(validate=[ma.validate.Length(min=1, max=30), printable], metadata={
        "description": "g, kg, oz, lb, ml, l, cup, tbsp, tsp, fl oz, slice, piece, serving, small, medium, large...",
        "example": "medium"})
    grams = ma.fields.Float(allow_nan=False, metadata={"description": "Weight in grams (instead of quantity and "
                                                                      "unit).", "example": 118})

    @ma.validates_schema
    def one_food_one_amount(self, data, **kwargs):
        if not data.get("food") and not data.get("food_id"):
            raise ma.ValidationError("Give 'food' (a name) or 'food_id' (a USDA NDB number).")
        if data.get("grams") is not None and (data.get("quantity") is not None or data.get("unit")):
            raise ma.ValidationError("Give either 'grams' or 'quantity' and 'unit', not both.")


class DietAnalysisCreateSchema(ma.Schema):
    @ma.pre_load
    def not_too_many_items(self, data, **kwargs):
        """Refuse a huge list before validating each of its items."""
        if isinstance(data, dict) and isinstance(data.get("items"), list) and len(data["items"]) > MAX_ITEMS:
            raise ma.ValidationError(f"At most {MAX_ITEMS} items per analysis; send the rest in another one.",
                                     "items")
        return data

    text = ma.fields.String(validate=[ma.validate.Length(max=MAX_TEXT), printable], metadata={
        "description": "What was eaten, in words.",
        "example": "2 eggs, a slice of whole wheat toast with butter, a cup of orange juice"})
    items = ma.fields.List(ma.fields.Nested(DietItemInputSchema), metadata={"description": "Or structured items."})
    kind = ma.fields.String(load_default="meal", validate=ma.validate.OneOf(("meal", "day")), metadata={
        "description": "A meal is compared with a third of the daily references, a day with all of them."})
    activity_level = ma.fields.String(load_default="light", validate=ma.validate.OneOf(tuple(ACTIVITY_FACTORS)),
                                      metadata={"description": "For the energy estimate."})
    explain = ma.fields.Boolean(load_default=True, metadata={
        "description": "Ask the LLM for a plain-language explanation when one is configured.", "example": True})


class DietCandidateSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    group = ma.fields.String()
    confidence = ma.fields.Float()


class DietFoodRefSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    group = ma.fields.String()


class DietItemSchema(ma.Schema):
    index = ma.fields.Integer()
    text = ma.fields.String(metadata={"description": "The words this item came from."})
    query = ma.fields.String(metadata={"description": "The words matched against the food table."})
    quantity = ma.fields.Float()
    unit = ma.fields.String(allow_none=True)
    size = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "matched (in the totals), unmatched (no food found) or "
                                                       "unquantified (food found, amount unknown)."})
    food = ma.fields.Nested(DietFoodRefSchema, allow_none=True)
    confidence = ma.fields.Float(metadata={"description": "0-1: how well the words match the food."})
    candidates = ma.fields.List(ma.fields.Nested(DietCandidateSchema), metadata={"description": "Ranked matches."})
    match_source = ma.fields.String(metadata={
        "description": "'rules', or 'llm' when the food was found through a name an LLM suggested."})
    llm_query = ma.fields.String(allow_none=True, metadata={"description": "The name the LLM suggested."})
    grams = ma.fields.Float(allow_none=True)
    portion = ma.fields.String(allow_none=True, metadata={"description": "How the weight was found."})
    portion_assumed = ma.fields.Boolean(metadata={"description": "True when a standard portion was assumed."})
    nutrients = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(allow_none=True))
    flags = ma.fields.List(ma.fields.String())
    message = ma.fields.String(allow_none=True)


class DietUnmatchedSchema(ma.Schema):
    index = ma.fields.Integer()
    text = ma.fields.String()
    status = ma.fields.String()
    message = ma.fields.String(allow_none=True)
    candidates = ma.fields.List(ma.fields.Nested(DietCandidateSchema))


class DietFlagSchema(ma.Schema):
    type = ma.fields.String(metadata={"description": "allergy, condition, preference or medication"})
    code = ma.fields.String()
    profile_entry = ma.fields.String(metadata={"description": "The profile entry that raised it."})
    severity = ma.fields.String(metadata={"description": "high, moderate or info"})
    message = ma.fields.String()
    items = ma.fields.List(ma.fields.Integer())
    foods = ma.fields.List(ma.fields.String())


class DietRecommendationSchema(ma.Schema):
    code = ma.fields.String()
    priority = ma.fields.String(metadata={"description": "high, medium or low"})
    text = ma.fields.String()
    source = ma.fields.String(metadata={"description": "Always 'rules' here."})
    nutrient = ma.fields.String()


def _unavailable_notice(analysis) -> str | None:
    if analysis.explanation_status != "unavailable":
        return None
    return no_llm_notice(None, get_profile(analysis.user_id).preferred_language)


class DietExplanationSchema(ma.Schema):
    status = ma.fields.String(attribute="explanation_status", metadata={
        "description": "not_requested, pending, ready or unavailable (no LLM configured, or it failed)"})
    text = ma.fields.String(attribute="explanation", allow_none=True)
    source = ma.fields.Function(lambda a: "llm" if a.explanation else None, metadata={
        "description": "'llm' when the text was written by a language model from the figures above."})
    model = ma.fields.String(attribute="explanation_model", allow_none=True)
    generated_at = ma.fields.DateTime(attribute="explanation_at", allow_none=True)
    unavailable_notice = ma.fields.Function(_unavailable_notice, allow_none=True, metadata={
        "type": "string",
        "description": "Only when status is unavailable: why, and whether to try again later (no AI model is "
                       "configured on this server, or the AI service could not answer), in the profile's language"})


class DietAnalysisSummarySchema(ma.Schema):
    id = ma.fields.UUID()
    created_at = ma.fields.DateTime()
    kind = ma.fields.String()
    text = ma.fields.String(attribute="input_text", allow_none=True)
    item_count = ma.fields.Integer()
    unmatched_count = ma.fields.Integer()
    energy_kcal = ma.fields.Float()
    explanation_status = ma.fields.String()


class DietAnalysisSchema(DietAnalysisSummarySchema):
    activity_level = ma.fields.String()
    input_items = ma.fields.List(ma.fields.Dict(), allow_none=True)
    items = ma.fields.List(ma.fields.Nested(DietItemSchema), attribute="result.items")
    unmatched = ma.fields.List(ma.fields.Nested(DietUnmatchedSchema), attribute="result.unmatched")
    totals = ma.fields.Dict(attribute="result.totals", metadata={
        "description": "Per nutrient: amount, unit, name and the items USDA has no value for."})
    reference_intakes = ma.fields.Dict(attribute="result.reference_intakes", metadata={
        "description": "Per nutrient: the day's reference for this profile, target or limit, basis, percent."})
    energy_estimate_kcal = ma.fields.Float(attribute="result.energy_estimate_kcal")
    flags = ma.fields.List(ma.fields.Nested(DietFlagSchema), attribute="result.flags")
    not_assessed = ma.fields.Dict(attribute="result.not_assessed")
    recommendations = ma.fields.List(ma.fields.Nested(DietRecommendationSchema), attribute="result.recommendations")
    explanation = ma.fields.Nested(DietExplanationSchema, attribute="explanation_view")
    data_source = ma.fields.String(attribute="result.data_source")


class DietFoodSearchArgs(ma.Schema):
    q = ma.fields.String(required=True, validate=[ma.validate.Length(min=1, max=200), printable],
                         metadata={"description": "Words to search for.", "example": "orange juice"})
    limit = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=50))


class DietFoodHitSchema(DietCandidateSchema):
    score = ma.fields.Float()


class DietFoodSearchSchema(ma.Schema):
    query = ma.fields.String()
    results = ma.fields.List(ma.fields.Nested(DietFoodHitSchema))


class DietFoodDetailSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    group = ma.fields.String()
    common_names = ma.fields.String(allow_none=True)
    nutrients_per_100g = ma.fields.Dict()
    portions = ma.fields.List(ma.fields.Dict())
    source = ma.fields.String()
