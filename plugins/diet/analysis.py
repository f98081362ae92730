"""One diet assessment, end to end and without the network: parse, match, weigh, total,
compare with the person's references, flag and recommend. Pure functions over plain data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from plugins.diet import flags as flag_rules
from plugins.diet.errors import MealError
from plugins.diet.foods import Food, food_table, get_food
from plugins.diet.items import MAX_ITEMS, items_from_structure, items_from_text
from plugins.diet.nutrients import KEYS, NUTRIENTS
from plugins.diet.parsing import ParsedItem
from plugins.diet.portions import QuantityError, resolve
from plugins.diet.recommendations import recommend
from plugins.diet.references import reference_intakes
from plugins.diet.search import MATCH_THRESHOLD, Candidate, search_foods
from plugins.diet.tags import food_tags

MAX_TOTAL_GRAMS = 20_000.0
MAX_UNITS = 500  # "600 eggs" is not a meal
MEAL_SHARE = 1 / 3  # a meal is taken as a third of the day's references
CANDIDATES = 5
LLM_CONFIDENCE = 0.9  # a match found through an LLM-suggested name is trusted a little less


@dataclass
class Request:
    text: str | None
    items: list[dict] | None
    kind: str = "meal"  # or "day"
    activity: str = "light"
    # Food names an LLM suggested for items the rules could not match, by item text (see assist.py).
    hints: dict[str, str] = field(default_factory=dict)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _candidate(c: Candidate) -> dict:
    return {"id": c.food.id, "name": c.food.name, "group": c.food.group, "confidence": c.confidence}


def _match(parsed: ParsedItem, food_id: str | None) -> tuple[Food | None, float, list[dict], str | None]:
    if food_id:
        food = get_food(food_id)
        if food is None:
            return None, 0.0, [], f"No food with id {food_id} in the USDA table."
        return food, 1.0, [], None
    if not parsed.food:
        return None, 0.0, [], parsed.notes[0] if parsed.notes else "No food named."
    candidates = search_foods(parsed.food, CANDIDATES)
    listed = [_candidate(c) for c in candidates]
    if not candidates:
        return None, 0.0, listed, f"No food in the USDA table matches '{parsed.food}'."
    best = candidates[0]
    if best.confidence < MATCH_THRESHOLD:
        return None, best.confidence, listed, (f"'{parsed.food}' matches no food well enough (best: "
                                               f"{best.food.name}, confidence {best.confidence:.2f}).")
    return best.food, best.confidence, listed, None


def _check_quantity(parsed: ParsedItem) -> None:
    if not math.isfinite(parsed.quantity) or parsed.quantity <= 0:
        raise MealError("invalid_quantity", f"'{parsed.text}': the quantity must be a positive number.")
    if parsed.unit not in ("g", "mg", "ml") and parsed.quantity > MAX_UNITS:
        raise MealError("implausible_quantity", f"'{parsed.text}': {parsed.quantity:g} is not a plausible "
                                                f"amount to eat.", {"item": parsed.text})


def assess_item(index: int, parsed: ParsedItem, food_id: str | None, hint: str | None = None) -> dict:
    """One item's match, weight and nutrients (status matched, unmatched or unquantified).

    ``hint`` is a food name an LLM suggested; it is tried only when the item's own words match nothing.
    """
    _check_quantity(parsed)
    food, confidence, candidates, problem = _match(parsed, food_id)
    source = "rules"
    if food is None and hint and not food_id:
        suggested = search_foods(hint, CANDIDATES)
        if suggested and suggested[0].confidence >= MATCH_THRESHOLD:
            food, confidence, source = suggested[0].food, suggested[0].confidence * LLM_CONFIDENCE, "llm"
            candidates, problem = [_candidate(c) for c in suggested], None
    item = {"index": index, "text": parsed.text, "query": parsed.food, "quantity": parsed.quantity,
            "unit": parsed.unit, "size": parsed.size, "status": "unmatched", "food": None,
            "confidence": round(confidence, 3), "candidates": candidates, "match_source": source,
            "llm_query": hint if source == "llm" else None, "grams": None, "portion": None,
            "portion_assumed": False, "nutrients": {}, "flags": [], "message": problem}
    if food is None:
        return item
    item["food"] = {"id": food.id, "name": food.name, "group": food.group}
    try:
        amount = resolve(food, parsed.quantity, parsed.unit, parsed.size, parsed.prep, parsed.explicit_quantity)
    except QuantityError as error:
        if "more than anyone eats" in str(error):
            raise MealError("implausible_quantity", f"'{parsed.text}': {error}.", {"item": parsed.text}) from error
        item.update(status="unquantified", message=f"{error}.")
        return item
    factor = amount.grams / 100.0
    exact = {k: v * factor if v is not None else None for k, v in zip(KEYS, food.per_100g, strict=True)}
    item.update(status="matched", grams=round(amount.grams, 1), portion=amount.portion,
                portion_assumed=amount.assumed, message=None, nutrients={k: _round(v) for k, v in exact.items()})
    item["_food"], item["_exact"] = food, exact  # kept unrounded for the totals, dropped before storing
    return item


def totals_of(items: list[dict]) -> tuple[dict[str, float], dict[str, list[int]]]:
    """Sum of each nutrient over matched items, and the items USDA has no value for."""
    totals = {k: 0.0 for k in KEYS}
    missing: dict[str, list[int]] = {}
    for item in items:
        if item["status"] != "matched":
            continue
        for key, value in item["_exact"].items():
            if value is None:
                missing.setdefault(key, []).append(item["index"])
            else:
                totals[key] += value
    return {k: round(v, 2) for k, v in totals.items()}, missing


def analyse(request: Request, profile: dict) -> dict:
    """The full assessment as a JSON-able dict. Raises MealError for input that cannot be assessed."""
    if request.text is not None and request.items:
        raise MealError("ambiguous_input", "Send either 'text' or 'items', not both.")
    if request.items:
        if len(request.items) > MAX_ITEMS:
            raise MealError("too_many_items", f"{len(request.items)} items; at most {MAX_ITEMS} per analysis.")
        pairs = items_from_structure(request.items)
    else:
        if not (request.text or "").strip():
            raise MealError("empty_meal", "The meal is empty: describe what you ate in 'text' or list 'items'.")
        parsed = items_from_text(request.text)
        if len(parsed) > MAX_ITEMS:
            raise MealError("too_many_items", f"More than {MAX_ITEMS} items; split the text into several analyses.")
        pairs = [(p, None) for p in parsed]
    if not pairs:
        raise MealError("empty_meal", "No food found in the text: describe what you ate, e.g. '2 eggs, a banana'.")
    food_table()  # loaded once per process
    items = [assess_item(i, parsed, food_id, request.hints.get(parsed.text))
             for i, (parsed, food_id) in enumerate(pairs)]
    grams = sum(i["grams"] or 0 for i in items)
    if grams > MAX_TOTAL_GRAMS:
        raise MealError("implausible_quantity", f"{grams:,.0f} g in total is more than a day of eating "
                                                f"(at most {MAX_TOTAL_GRAMS:,.0f} g).")
    totals, missing = totals_of(items)
    share = 1.0 if request.kind == "day" else MEAL_SHARE
    refs = reference_intakes(profile, request.activity)
    meal_items = [flag_rules.MealItem(i["index"], i["food"]["name"], food_tags(i["_food"]), i["nutrients"],
                                      i["_food"].group_code) for i in items if i["status"] == "matched"]
    allergy, by_name = flag_rules.allergy_flags(list(profile.get("allergies") or []), meal_items)
    condition, unknown_conditions = flag_rules.condition_flags(list(profile.get("chronic_conditions") or []),
                                                               meal_items, totals, refs, share)
    preference, unknown_preferences = flag_rules.preference_flags(
        list(profile.get("dietary_preferences") or []), meal_items, totals, refs, share)
    medication = flag_rules.medication_flags(list(profile.get("current_medications") or []), meal_items, refs)
    flags = allergy + condition + preference + medication
    for flag in flags:
        for index in flag.items:
            if flag.code not in items[index]["flags"]:
                items[index]["flags"].append(flag.code)
    for item in items:
        item.pop("_food", None)
        item.pop("_exact", None)
    unmatched = [{"index": i["index"], "text": i["text"], "status": i["status"], "message": i["message"],
                  "candidates": i["candidates"][:3]} for i in items if i["status"] != "matched"]
    vegan = any("vegan" in p.lower() for p in profile.get("dietary_preferences") or [])
    return {
        "kind": request.kind,
        "items": items,
        "unmatched": unmatched,
        "totals": {n.key: {"amount": totals[n.key], "unit": n.unit, "name": n.name,
                           "missing_for_items": missing.get(n.key, [])} for n in NUTRIENTS},
        "reference_intakes": {
            key: {"amount": ref.amount, "kind": ref.kind, "basis": ref.basis,
                  "percent": round(100 * totals[key] / ref.amount, 1) if ref.amount else None}
            for key, ref in refs.items()
        },
        "energy_estimate_kcal": refs["energy_kcal"].amount,
        "flags": [f.as_dict() for f in flags],
        "not_assessed": {"allergies_checked_by_name": by_name, "conditions": unknown_conditions,
                         "dietary_preferences": unknown_preferences},
        "recommendations": recommend(items, totals, refs, share, flags, vegan, unmatched),
        "data_source": food_table().source,
    }
