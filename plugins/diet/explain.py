"""An LLM-written, plain-language explanation of an assessment (optional, cached for 24 h).

The model only explains: every figure it sees comes from the USDA-based assessment,
and it is told not to add numbers, diagnoses or foods. The same assessment for the
same person asks the model once a day at most.
"""

from __future__ import annotations

import json

from core.api import assistant_identity, cached_chat

KEY_NUTRIENTS = ("energy_kcal", "protein_g", "fat_g", "saturated_fat_g", "carbohydrate_g", "sugars_g", "fibre_g",
                 "sodium_mg")
INSTRUCTIONS = (
    "You explain a nutrition assessment to the person it is about. The assessment below was computed from the "
    "USDA SR28 food database by rules; it is correct as given. In 120 to 200 words of plain language: say what "
    "stands out, why it matters for this person's profile, and two or three practical swaps. Use only the "
    "figures given, add no numbers of your own, name no diagnosis, and do not contradict the flags. "
    "Answer in the language code '{language}'."
)


def summary_for_prompt(result: dict, language: str) -> dict:
    """The part of an assessment the model needs, and nothing else (no ids, no account data)."""
    refs = result["reference_intakes"]
    return {
        "language": language,
        "scope": result["kind"],
        "foods": [f"{i['food']['name']}: {i['grams']:g} g" for i in result["items"] if i["status"] == "matched"],
        "not_recognised": [u["text"] for u in result["unmatched"]],
        "totals": {k: {"amount": result["totals"][k]["amount"], "unit": result["totals"][k]["unit"],
                       "percent_of_daily_reference": refs.get(k, {}).get("percent")} for k in KEY_NUTRIENTS},
        "energy_need_kcal": result["energy_estimate_kcal"],
        "flags": [f["message"] + (f" ({', '.join(f['foods'])})" if f["foods"] else "") for f in result["flags"]],
        "rule_recommendations": [r["text"] for r in result["recommendations"]],
    }


def explanation_messages(result: dict, language: str = "en") -> list[dict[str, str]]:
    summary = summary_for_prompt(result, language)
    return [
        {"role": "system", "content": assistant_identity() + "\n\n" + INSTRUCTIONS.format(language=language)},
        {"role": "user", "content": json.dumps(summary, ensure_ascii=False, sort_keys=True)},
    ]


def _text(text: str, model: str) -> dict | None:
    text = text.strip()
    return {"text": text, "model": model} if text else None


def explain(result: dict, language: str = "en") -> tuple[dict | None, str | None]:
    """({"text", "model"}, None) from the cache or the model, or (None, reason) when unavailable."""
    return cached_chat("diet:explanation", explanation_messages(result, language), _text)
