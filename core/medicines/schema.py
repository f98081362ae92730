"""How an API response shows a medication review (the medications plugin's, and any plugin's warnings)."""

from __future__ import annotations

import marshmallow as ma

from core.medicines.review import OUTCOMES
from core.triage.schema import TriageSchema

F = ma.fields


class IngredientSchema(ma.Schema):
    id = F.String(metadata={"description": "The ingredient's WHO INN, as an id.", "example": "ibuprofen"})
    name = F.String(metadata={"description": "Its generic name in the answer's language.", "example": "ibuprofen"})
    strength_mg = F.Float(allow_none=True, metadata={"description": "Per unit, when written or known.",
                                                     "example": 200})
    atc = F.String(allow_none=True, metadata={"description": "WHO ATC code.", "example": "M01AE01"})
    rxnorm = F.String(allow_none=True, metadata={"description": "RxNorm ingredient id (RXCUI).", "example": "5640"})
    classes = F.List(F.String(), metadata={"example": ["nsaid", "bleeding_risk"]})
    max_daily_mg = F.Float(allow_none=True, metadata={"description": "Usual adult maximum a day by mouth.",
                                                      "example": 3200})


class DoseSchema(ma.Schema):
    strength_mg = F.Float(allow_none=True, metadata={"example": 200})
    strengths_mg = F.List(F.Float(), metadata={"description": "As written, in order (\"875/125\").",
                                               "example": [200]})
    units_per_dose = F.Float(allow_none=True, metadata={"example": 2})
    doses_per_day = F.Float(allow_none=True, metadata={"example": 6})
    units_per_day = F.Float(allow_none=True, metadata={"example": 12})
    taken_at_once_units = F.Float(allow_none=True, metadata={"description": "\"I took 20 tablets\".",
                                                             "example": None})
    whole_pack = F.Boolean(metadata={"description": "\"the whole box\".", "example": False})


class ReviewedMedicineSchema(ma.Schema):
    input = F.String(metadata={"description": "As written.", "example": "Advil 200mg, 2 tabs every 4 hours"})
    origin = F.String(metadata={"description": "list, profile (the profile's regular medicines) or question",
                                "example": "list"})
    recognised = F.Boolean(metadata={"example": True})
    read_as = F.String(allow_none=True, metadata={"description": "The words recognised.", "example": "advil"})
    product = F.String(allow_none=True, metadata={"description": "A known combination or fixed-strength product.",
                                                  "example": None})
    ingredients = F.List(F.Nested(IngredientSchema))
    corrected = F.Dict(keys=F.String(), values=F.String(),
                       metadata={"description": "Slips read as a known name (written: read as).",
                                 "example": {}})
    dose = F.Nested(DoseSchema)


class MedicineFindingSchema(ma.Schema):
    kind = F.String(metadata={"description": "interaction, condition, allergy, age, pregnancy, duplicate, "
                                             "max_dose, overdose or unrecognised", "example": "interaction"})
    severity = F.String(metadata={"description": "emergency, contraindicated, major, moderate, or unknown "
                                                 "(not recognised)", "example": "major"})
    medicines = F.List(F.String(), metadata={"description": "Ingredient ids (the text, when unrecognised).",
                                             "example": ["warfarin", "ibuprofen"]})
    about = F.String(allow_none=True, metadata={"description": "The allergy, condition, age or pregnancy.",
                                                "example": None})
    message = F.String(metadata={"example": "Warfarin with ibuprofen: raises the risk of serious bleeding."})
    advice = F.String(metadata={"example": "Talk to a doctor or pharmacist before taking it."})
    source = F.String(allow_none=True, metadata={"description": "The public source of the rule.",
                                                 "example": "BNF: Warfarin, Interactions (NSAIDs)"})
    items = F.List(F.Integer(), metadata={"description": "Which medicines (0-based, in `medicines`).",
                                          "example": [0, 1]})


class NotCheckedSchema(ma.Schema):
    field = F.String(metadata={"description": "allergies or conditions", "example": "conditions"})
    value = F.String(metadata={"example": "fibromyalgia"})


class MedicationReviewResultSchema(ma.Schema):
    outcome = F.String(metadata={"description": ", ".join(OUTCOMES) + ": the most serious finding's; "
                                 "incomplete when a medicine was not recognised", "example": "avoid"})
    summary = F.String(metadata={"example": "Some of these medicines should not be taken this way without a "
                                            "doctor's or pharmacist's advice."})
    language = F.String(metadata={"example": "en"})
    medicines = F.List(F.Nested(ReviewedMedicineSchema))
    findings = F.List(F.Nested(MedicineFindingSchema))
    not_checked = F.List(F.Nested(NotCheckedSchema),
                         metadata={"description": "Profile entries the tables do not know."})
    triage = F.Nested(TriageSchema, allow_none=True,
                      metadata={"description": "The triage engine's emergency assessment (overdose wording)."})
    disclaimer = F.String(metadata={"example": "Information from sourced tables, not a prescription: it does not "
                                               "replace a pharmacist or doctor."})
