"""Diet use cases for routes, jobs and hooks: plain functions, no request globals."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from core.api import ContextItem, db, enqueue, get_llm, profile_facts, utcnow
from plugins.diet.analysis import Request, analyse
from plugins.diet.assist import suggest_food_names
from plugins.diet.errors import MealError
from plugins.diet.explain import explain
from plugins.diet.foods import food_table, get_food
from plugins.diet.models import DietAnalysis
from plugins.diet.nutrients import BY_KEY
from plugins.diet.search import search_foods
from plugins.diet.text import terms

CONTEXT_MAX_AGE = timedelta(days=14)
CONTEXT_NUTRIENTS = ("energy_kcal", "protein_g", "saturated_fat_g", "sugars_g", "fibre_g", "sodium_mg")
FOOD_TALK = frozenset(terms(
    "food foods eat eating ate meal meals diet dietary nutrition nutrient calorie calories kcal sodium salt sugar "
    "sugars carb carbs carbohydrate protein fat fats fibre fiber vitamin vitamins mineral breakfast lunch dinner "
    "snack snacks drink drinks cholesterol portion portions vegetarian vegan halal allergy allergic gluten dairy "
    "fruit vegetables meat fish "
    # Spanish and French, the profile's other languages
    "comida comer comi dieta nutricion caloria calorias azucar sal sodio desayuno almuerzo cena merienda bebida "
    "grasa grasas proteina proteinas fibra vitamina alimentos alimentation nourriture manger mange regime repas "
    "sucre sel petit dejeuner diner collation boisson graisses proteines fibres aliments"))


def create_analysis(user_id: uuid.UUID, data: dict) -> DietAnalysis:
    """Assess a meal or day for the user and store it; with an LLM configured, a job then names the
    items the rules could not match and writes the explanation."""
    profile = profile_facts(user_id)
    request = Request(text=data.get("text"), items=data.get("items"), kind=data.get("kind", "meal"),
                      activity=data.get("activity_level", "light"))
    result = analyse(request, profile)
    llm = get_llm().configured
    wants_explanation = data.get("explain", True)
    status = "not_requested" if not wants_explanation else ("pending" if llm else "unavailable")
    analysis = DietAnalysis(user_id=user_id, kind=request.kind, activity_level=request.activity,
                            input_text=request.text, input_items=request.items, explanation_status=status)
    _store_result(analysis, result)
    db.session.add(analysis)
    db.session.commit()
    if llm and (status == "pending" or _unmatched_texts(result)):
        enqueue("diet:enrich_analysis", str(analysis.id))
        db.session.refresh(analysis)
    return analysis


def _store_result(analysis: DietAnalysis, result: dict) -> None:
    analysis.result = result
    analysis.item_count = len(result["items"])
    analysis.unmatched_count = len(result["unmatched"])
    analysis.energy_kcal = result["totals"]["energy_kcal"]["amount"]


def _unmatched_texts(result: dict) -> list[str]:
    return [i["text"] for i in result["items"] if i["status"] == "unmatched"]


def enrich_analysis(analysis_id: str) -> str:
    """The LLM steps of a stored assessment: names for unmatched items (then the assessment is redone
    with them), and the explanation when it was asked for. Returns the explanation status."""
    analysis = db.session.get(DietAnalysis, uuid.UUID(analysis_id))
    if analysis is None:
        return "gone"
    profile = profile_facts(analysis.user_id)
    unmatched = _unmatched_texts(analysis.result)
    hints = suggest_food_names(unmatched) if unmatched else {}
    if hints:
        request = Request(text=analysis.input_text, items=analysis.input_items, kind=analysis.kind,
                          activity=analysis.activity_level, hints=hints)
        try:
            _store_result(analysis, analyse(request, profile))
        except MealError:
            pass  # a suggested food that makes the meal implausible is ignored; the rules' result stands
    if analysis.explanation_status == "pending":
        value, _reason = explain(analysis.result, profile.get("preferred_language") or "en")
        if value is None:
            analysis.explanation_status = "unavailable"
        else:
            analysis.explanation_status = "ready"
            analysis.explanation = value["text"]
            analysis.explanation_model = value["model"]
            analysis.explanation_at = utcnow()
    db.session.commit()
    return analysis.explanation_status


def export_analyses(user_id: uuid.UUID) -> dict:
    """Everything the plugin keeps about the user (for their data export): every stored assessment."""
    analyses = db.session.scalars(select(DietAnalysis).where(DietAnalysis.user_id == user_id)
                                  .order_by(DietAnalysis.created_at)).all()
    return {"diet_analyses": [{
        "id": str(a.id), "created_at": a.created_at.isoformat(), "kind": a.kind, "activity_level": a.activity_level,
        "text": a.input_text, "items": a.input_items, "result": a.result,
        "explanation": {"status": a.explanation_status, "text": a.explanation, "model": a.explanation_model,
                        "generated_at": a.explanation_at.isoformat() if a.explanation_at else None},
    } for a in analyses]}


def delete_analysis(analysis: DietAnalysis) -> None:
    db.session.delete(analysis)
    db.session.commit()


def search(query: str, limit: int) -> list[dict]:
    return [{"id": c.food.id, "name": c.food.name, "group": c.food.group, "confidence": c.confidence,
             "score": c.score} for c in search_foods(query, limit)]


def food_detail(food_id: str) -> dict | None:
    food = get_food(food_id)
    if food is None:
        return None
    return {
        "id": food.id, "name": food.name, "group": food.group, "common_names": food.common_names or None,
        "nutrients_per_100g": {k: {"amount": v, "unit": BY_KEY[k].unit, "name": BY_KEY[k].name}
                               for k, v in food.nutrients_per_100g().items()},
        "portions": [{"amount": p.amount, "description": p.description, "grams": p.grams} for p in food.portions],
        "source": food_table().source,
    }


def is_about_food(query: str) -> bool:
    return bool(set(terms(query)) & FOOD_TALK)


def recent_context(user_id: uuid.UUID | None, query: str) -> list[ContextItem]:
    """The user's latest assessment (last 14 days) as prompt context, when the question is about food."""
    if user_id is None or not is_about_food(query):
        return []
    latest = db.session.scalar(
        select(DietAnalysis).where(DietAnalysis.user_id == user_id,
                                   DietAnalysis.created_at >= utcnow() - CONTEXT_MAX_AGE)
        .order_by(DietAnalysis.created_at.desc()).limit(1))
    if latest is None:
        return []
    result = latest.result
    foods = ", ".join(f"{i['food']['name']} ({i['grams']:g} g)" for i in result["items"] if i["status"] == "matched")
    refs = result["reference_intakes"]
    totals = "; ".join(
        f"{BY_KEY[k].name} {result['totals'][k]['amount']:g} {BY_KEY[k].unit}"
        + (f" ({refs[k]['percent']:g}% of daily {'limit' if refs[k]['kind'] == 'limit' else 'reference'})"
           if k in refs and refs[k]["percent"] is not None else "")
        for k in CONTEXT_NUTRIENTS)
    lines = [f"Diet assessment of {latest.created_at:%Y-%m-%d} ({result['kind']}): {foods or 'no food recognised'}.",
             f"Totals: {totals}."]
    if result["flags"]:
        lines.append("Flags: " + " ".join(f["message"] for f in result["flags"]))
    lines.append("Recommendations: " + " ".join(r["text"] for r in result["recommendations"][:3]))
    return [ContextItem("Your recent diet assessment", "\n".join(lines), [
        {"type": "diet_analysis", "id": str(latest.id), "created_at": latest.created_at.isoformat()},
        {"type": "dataset", "title": food_table().source},
    ])]
