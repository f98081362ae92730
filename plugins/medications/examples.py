"""OpenAPI examples of the medication-review routes."""

REQUEST = {"medicines": ["Advil 200mg, 2 tabs every 4 hours", "warfarin 5 mg daily"],
           "question": "Can I take these together?", "language": "en"}

_WARFARIN = {"input": "warfarin 5 mg daily", "origin": "list", "recognised": True, "read_as": "warfarin",
             "product": None, "corrected": {},
             "ingredients": [{"id": "warfarin", "name": "warfarin", "strength_mg": 5.0, "atc": "B01AA03",
                              "rxnorm": "11289", "classes": ["anticoagulant", "bleeding_risk",
                                                             "vitamin_k_antagonist"], "max_daily_mg": None}],
             "dose": {"strength_mg": 5.0, "strengths_mg": [5.0], "units_per_dose": None, "doses_per_day": 1.0,
                      "units_per_day": 1.0, "taken_at_once_units": None, "whole_pack": False}}
_ADVIL = {"input": "Advil 200mg, 2 tabs every 4 hours", "origin": "list", "recognised": True, "read_as": "advil",
          "product": None, "corrected": {},
          "ingredients": [{"id": "ibuprofen", "name": "ibuprofen", "strength_mg": 200.0, "atc": "M01AE01",
                           "rxnorm": "5640", "classes": ["bleeding_risk", "nephrotoxic", "nsaid"],
                           "max_daily_mg": 3200.0}],
          "dose": {"strength_mg": 200.0, "strengths_mg": [200.0], "units_per_dose": 2.0, "doses_per_day": 6.0,
                   "units_per_day": 12.0, "taken_at_once_units": None, "whole_pack": False}}

REVIEW = {
    "id": "3f0c6b1e-8a52-4d7e-9b1a-2c4d5e6f7a8b", "stored": True, "created_at": "2026-12-04T10:00:00+00:00",
    "question": "Can I take these together?", "outcome": "avoid", "language": "en",
    "summary": "Some of these medicines should not be taken this way without a doctor's or pharmacist's advice.",
    "medicines": [_ADVIL, _WARFARIN],
    "findings": [{"kind": "interaction", "severity": "major", "medicines": ["warfarin", "ibuprofen"], "about": None,
                  "message": "Warfarin with ibuprofen: raises the risk of serious bleeding.",
                  "advice": "Talk to a doctor or pharmacist before taking it.",
                  "source": "BNF: Warfarin, Interactions (NSAIDs: severe); FDA label Coumadin, 7 Drug Interactions",
                  "items": [0, 1]}],
    "not_checked": [], "triage": None,
    "disclaimer": "Information from sourced tables, not a prescription: it does not replace a pharmacist or "
                  "doctor.",
    "explanation_status": "unavailable", "explanation_reason": "not_configured", "explanation": None,
    "explanation_model": None, "source": "tables",
    "explanation_notice": "No AI model is configured on this server, so this is the answer it gives, and trying "
                          "again will not change it. To have AI answers here, ask the server's administrator.",
}

EMERGENCY = {
    **REVIEW, "id": None, "stored": False, "question": None, "outcome": "emergency",
    "summary": "This may be an overdose. Get help now.",
    "medicines": [{**_ADVIL, "input": "I took the whole box of Advil", "dose": {**_ADVIL["dose"],
                   "units_per_dose": None, "doses_per_day": None, "units_per_day": None, "whole_pack": True}}],
    "findings": [{"kind": "overdose", "severity": "emergency", "medicines": ["ibuprofen"], "about": None,
                  "message": "Taking this much ibuprofen at once can be dangerous even if you feel well: call "
                             "emergency services or a poison centre now.",
                  "advice": "Call emergency services or a poison centre now.",
                  "source": "FDA label Motrin tablets (Rx), Dosage and Administration", "items": [0]}],
    "explanation_status": "not_needed", "explanation_reason": None, "explanation_notice": None,
}

PAGE = {"items": [REVIEW], "page": 1, "page_size": 20, "total": 1, "pages": 1}
