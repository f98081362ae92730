"""Rule-based recommendations: always given, from the totals, references and flags."""

from __future__ import annotations

from plugins.diet.flags import Flag
from plugins.diet.nutrients import BY_KEY
from plugins.diet.references import Reference

# Nutrients worth raising, with foods that supply them (plant-only lists for vegans).
SOURCES: dict[str, tuple[str, str]] = {
    "fibre_g": ("whole grains, beans, lentils, vegetables and fruit", "whole grains, beans, lentils, vegetables "
                                                                      "and fruit"),
    "protein_g": ("fish, eggs, yoghurt, beans, lentils or tofu", "beans, lentils, tofu, tempeh or nuts"),
    "potassium_mg": ("bananas, potatoes, beans, yoghurt and leafy greens", "bananas, potatoes, beans and leafy "
                                                                          "greens"),
    "calcium_mg": ("milk, yoghurt, cheese or calcium-set tofu", "calcium-set tofu, fortified plant drinks or kale"),
    "vitamin_c_mg": ("citrus fruit, peppers, kiwi or broccoli", "citrus fruit, peppers, kiwi or broccoli"),
    "iron_mg": ("lean meat, legumes or fortified cereals, with vitamin C", "legumes, tofu or fortified cereals, "
                                                                          "with vitamin C"),
}
LIMIT_ADVICE = {
    "sodium_mg": "choose fresh over processed, cured or canned foods and season with herbs instead of salt",
    "saturated_fat_g": "swap butter, fatty meat and cheese for olive oil, fish, nuts or lean protein",
    "sugars_g": "swap sweet drinks, sweets and pastries for water, fruit or plain yoghurt",
    "fat_g": "grill, bake or steam instead of frying and use less added fat",
    "cholesterol_mg": "have egg yolks, organ meats and full-fat dairy less often",
    "trans_fat_g": "avoid products made with partially hydrogenated oils",
    "caffeine_mg": "switch some coffee, tea or energy drinks to decaffeinated or water",
    "alcohol_g": "have alcohol-free days and smaller drinks",
}
SEVERITY_PRIORITY = {"high": "high", "moderate": "medium", "info": "low"}


def _rec(code: str, priority: str, text: str, **extra) -> dict:
    return {"code": code, "priority": priority, "text": text, "source": "rules", **extra}


def _top_sources(key: str, items: list[dict], count: int = 3) -> list[str]:
    ranked = sorted((i for i in items if (i["nutrients"].get(key) or 0) > 0),
                    key=lambda i: -i["nutrients"][key])
    return [i["food"]["name"] for i in ranked[:count]]


def recommend(items: list[dict], totals: dict[str, float | None], refs: dict[str, Reference], share: float,
              flags: list[Flag], vegan: bool, unmatched: list[dict]) -> list[dict]:
    """Ordered recommendations: safety first, then limits exceeded, then gaps, then notes."""
    recs: list[dict] = []
    for flag in flags:
        if flag.type in ("allergy", "medication") or flag.severity == "high":
            recs.append(_rec(f"flag_{flag.code}", SEVERITY_PRIORITY[flag.severity],
                             f"{flag.message} Check: {', '.join(flag.foods) or 'this meal'}." if flag.foods
                             else flag.message))
    scope = "today" if share >= 1 else "this meal"
    for key, ref in refs.items():
        total = totals.get(key)
        if ref.kind != "limit" or total is None or key == "energy_kcal":
            continue
        allowed = ref.amount * share
        if total > allowed and total > 0:
            name = BY_KEY[key].name.lower()
            share_of_limit = (f"{total / ref.amount:.0%} of your daily limit ({ref.basis})" if ref.amount
                              else f"where the advice is {ref.basis}")
            recs.append(_rec(
                f"reduce_{key}", "high" if total > 1.5 * allowed else "medium",
                f"Cut down on {name}: {scope} gives {total:,.1f} {BY_KEY[key].unit}, {share_of_limit}. "
                f"Main sources: {', '.join(_top_sources(key, items))}. "
                f"Tip: {LIMIT_ADVICE.get(key, 'have less of them')}.", nutrient=key))
    energy, energy_ref = totals.get("energy_kcal"), refs.get("energy_kcal")
    if energy is not None and energy_ref is not None and share >= 1:
        if energy > 1.15 * energy_ref.amount:
            recs.append(_rec("energy_above_need", "medium",
                             f"{energy:,.0f} kcal is above your estimated need of {energy_ref.amount:,.0f} kcal "
                             f"({energy_ref.basis}).", nutrient="energy_kcal"))
        elif energy < 0.7 * energy_ref.amount:
            recs.append(_rec("energy_below_need", "low",
                             f"{energy:,.0f} kcal is well below your estimated need of {energy_ref.amount:,.0f} "
                             f"kcal; if this is a full day, eat enough to stay well.", nutrient="energy_kcal"))
    for key, (usual, plant) in SOURCES.items():
        total, ref = totals.get(key), refs.get(key)
        if total is None or ref is None:
            continue
        wanted = ref.amount * share
        if total < 0.5 * wanted:
            recs.append(_rec(f"increase_{key}", "low",
                             f"Add {BY_KEY[key].name.lower()}: {scope} gives {total:,.1f} {BY_KEY[key].unit}, "
                             f"{total / ref.amount:.0%} of your daily reference. Good sources: "
                             f"{plant if vegan else usual}.", nutrient=key))
    if unmatched:
        recs.append(_rec("describe_unmatched", "low",
                         "Some items were not recognised and are not in the totals: "
                         f"{', '.join(u['text'] for u in unmatched)}. Describe them more plainly or give "
                         "the amount in grams."))
    if not recs:
        recs.append(_rec("balanced", "low", f"Nothing in {scope} goes over a limit for your profile. Keep it up."))
    return recs
