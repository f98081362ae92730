"""Flags for one person's meal: allergies, conditions, dietary preferences and medicines from
the health profile, checked against the foods' tags (tags.py) and the nutrient amounts.

An item is "high" in a nutrient when one item gives 20 % or more of the day's
reference (the rule food labels use). A profile entry the plugin does not know
is still checked by name against the food descriptions (allergies) or listed as
not assessed (conditions, preferences, medicines), never ignored silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.api import medicine_ingredients
from plugins.diet.references import Reference
from plugins.diet.text import terms

HIGH_SHARE = 0.20


@dataclass
class MealItem:
    """What the flag rules need to know about one matched item."""

    index: int
    name: str
    tags: frozenset[str]
    nutrients: dict[str, float | None]
    group_code: str


@dataclass
class Flag:
    type: str  # allergy, condition, preference, medication
    code: str
    profile_entry: str
    severity: str  # high, moderate, info
    message: str
    items: list[int] = field(default_factory=list)
    foods: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"type": self.type, "code": self.code, "profile_entry": self.profile_entry,
                "severity": self.severity, "message": self.message, "items": self.items, "foods": self.foods}


# Allergy words (stemmed) -> tags. Anything else is matched by name against the descriptions.
ALLERGENS: dict[str, tuple[str, ...]] = {
    "peanut": ("peanut",), "groundnut": ("peanut",), "nut": ("peanut", "tree_nut"), "tree": ("tree_nut",),
    "almond": ("tree_nut",), "cashew": ("tree_nut",), "walnut": ("tree_nut",), "hazelnut": ("tree_nut",),
    "pecan": ("tree_nut",), "pistachio": ("tree_nut",), "milk": ("milk",), "dairi": ("milk",),
    "lactos": ("milk",), "casein": ("milk",), "whey": ("milk",), "egg": ("egg",), "fish": ("fish",),
    "shellfish": ("shellfish",), "crustacean": ("shellfish",), "shrimp": ("shellfish",), "prawn": ("shellfish",),
    "crab": ("shellfish",), "lobster": ("shellfish",), "mollusc": ("shellfish",), "seafood": ("fish", "shellfish"),
    "soy": ("soy",), "soya": ("soy",), "soybean": ("soy",), "gluten": ("gluten",), "wheat": ("gluten",),
    "coeliac": ("gluten",), "celiac": ("gluten",), "barley": ("gluten",), "rye": ("gluten",),
    "sesam": ("sesame",),
}
ALLERGEN_LABELS = {"peanut": "peanut", "tree_nut": "tree nuts", "milk": "milk", "egg": "egg", "fish": "fish",
                   "shellfish": "shellfish", "soy": "soy", "gluten": "gluten (wheat, barley, rye)",
                   "sesame": "sesame"}

# Condition words -> (code, tags to flag, nutrients high per item, severity, advice).
CONDITIONS: list[tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...], str, str]] = [
    (("hypertension", "blood pressure"), "hypertension", (), ("sodium_mg",), "moderate",
     "High in sodium, which raises blood pressure."),
    (("diabetes", "diabetic", "prediabetes", "insulin resistance"), "diabetes", (), ("sugars_g",), "moderate",
     "High in sugars, which raise blood glucose quickly."),
    (("cholesterol", "hyperlipid", "dyslipid", "heart disease", "coronary", "cardiovascular", "stroke"),
     "heart_health", (), ("saturated_fat_g", "trans_fat_g"), "moderate",
     "High in saturated or trans fat, which raises LDL cholesterol."),
    (("kidney", "renal", "ckd"), "kidney_disease", (), ("sodium_mg", "potassium_mg", "phosphorus_mg"), "moderate",
     "High in sodium, potassium or phosphorus, which weakened kidneys clear slowly."),
    (("gout", "hyperuric"), "gout", ("purine_rich", "alcohol"), (), "moderate",
     "Rich in purines or alcohol, which can trigger gout attacks."),
    (("celiac", "coeliac"), "celiac_disease", ("gluten",), (), "high",
     "Contains gluten, which damages the gut in coeliac disease."),
    (("lactose",), "lactose_intolerance", ("milk",), (), "moderate",
     "Contains milk, whose lactose may cause symptoms."),
    (("pregnan",), "pregnancy", ("alcohol", "high_mercury_fish", "raw_animal"), (), "high",
     "Alcohol, high-mercury fish and raw meat or fish are best avoided in pregnancy."),
    (("heart failure",), "heart_failure", (), ("sodium_mg",), "moderate",
     "High in sodium, which makes the body hold fluid."),
]

# Preference words -> (code, tags that break it, message).
PREFERENCES: list[tuple[tuple[str, ...], str, tuple[str, ...], str]] = [
    (("vegan", "plant based", "plant-based"), "vegan", ("meat", "seafood", "milk", "egg", "honey", "gelatin"),
     "Not vegan: contains an animal product."),
    (("vegetarian", "lacto", "ovo"), "vegetarian", ("meat", "seafood", "gelatin"),
     "Not vegetarian: contains meat, fish or gelatin."),
    (("pescatarian", "pescetarian"), "pescatarian", ("meat", "gelatin"), "Not pescatarian: contains meat."),
    (("halal",), "halal", ("pork", "alcohol"), "Not halal: contains pork or alcohol."),
    (("kosher",), "kosher", ("pork", "shellfish"), "Not kosher: contains pork or shellfish."),
    (("no beef", "hindu", "beef free", "beef-free"), "no_beef", ("beef",), "Contains beef."),
    (("no pork", "pork free", "pork-free"), "no_pork", ("pork",), "Contains pork."),
    (("gluten free", "gluten-free"), "gluten_free", ("gluten",), "Contains gluten."),
    (("dairy free", "dairy-free", "lactose free", "lactose-free", "no dairy"), "dairy_free", ("milk",),
     "Contains milk."),
    (("nut free", "nut-free"), "nut_free", ("peanut", "tree_nut"), "Contains nuts."),
    (("alcohol free", "alcohol-free", "no alcohol", "teetotal"), "alcohol_free", ("alcohol",), "Contains alcohol."),
    (("low sodium", "low salt", "low-sodium", "low-salt"), "low_sodium", (), "High in sodium."),
    (("low carb", "low-carb", "keto", "ketogenic"), "low_carb", (), "High in carbohydrate."),
]
LOW_CARB_DAY_G = 50.0  # a low-carbohydrate diet keeps to about this much a day
LOW_CARB_ITEM_G = 20.0  # one item with this much is worth pointing out

# Medicines, by ingredient or class of the core's medicine table -> (code, tags, high nutrients, message).
MEDICATIONS: list[tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...], str]] = [
    (("class:vitamin_k_antagonist", "warfarin", "acenocoumarol", "phenprocoumon"), "warfarin_vitamin_k", (),
     ("vitamin_k_ug",), "Rich in vitamin K, which changes how warfarin works: keep the amount steady from day "
                        "to day and ask before big changes."),
    (("simvastatin", "atorvastatin", "lovastatin", "felodipine", "nifedipine", "amiodarone", "ciclosporin"),
     "grapefruit_interaction", ("grapefruit",), (), "Grapefruit raises the blood level of this medicine."),
    (("class:maoi",), "maoi_tyramine", ("tyramine",), (),
     "Aged, cured or fermented foods are rich in tyramine, which can raise blood pressure sharply with MAOIs."),
]


def _matches(entry: str, words: tuple[str, ...]) -> bool:
    text = entry.lower()
    return any(word in text for word in words)


def _takes(entry: str, medicines: tuple[str, ...]) -> bool:
    """Whether a profile entry ("Coumadin 5 mg", "warfarine") holds one of ``medicines``."""
    return any(ingredient["id"] in medicines or any(f"class:{c}" in medicines for c in ingredient["classes"])
               for ingredient in medicine_ingredients(entry))


def is_whole_fruit(item: MealItem) -> bool:
    """Fruit eaten whole: its sugars come with fibre, so it is not flagged as a sugary food."""
    name = item.name.lower()
    return item.group_code == "0900" and not any(w in name for w in ("juice", "syrup", "dried", "sweetened",
                                                                      "dehydrated", "candied", "nectar"))


def _high(item: MealItem, key: str, refs: dict[str, Reference]) -> bool:
    if key == "sugars_g" and is_whole_fruit(item):
        return False
    value, ref = item.nutrients.get(key), refs.get(key)
    return value is not None and ref is not None and ref.amount > 0 and value >= HIGH_SHARE * ref.amount


def _flag(type_: str, code: str, entry: str, severity: str, message: str, hits: list[MealItem]) -> Flag:
    return Flag(type_, code, entry, severity, message, [i.index for i in hits], [i.name for i in hits])


def allergy_flags(allergies: list[str], items: list[MealItem]) -> tuple[list[Flag], list[str]]:
    """Flags for allergens found in the items, and the allergies checked by name only."""
    flags: list[Flag] = []
    by_name: list[str] = []
    for entry in allergies:
        entry_terms = [t for t in terms(entry) if t not in ("allergi", "allerg", "intoler", "sensit")]
        tags = {tag for term in entry_terms for tag in ALLERGENS.get(term, ())}
        if tags:
            hits = [i for i in items if i.tags & tags]
            label = ", ".join(ALLERGEN_LABELS[t] for t in sorted(tags))
            if hits:
                flags.append(_flag("allergy", "_".join(sorted(tags)), entry, "high",
                                   f"Contains {label}, which is on your allergy list.", hits))
            continue
        if not entry_terms:
            continue
        by_name.append(entry)
        hits = [i for i in items if set(entry_terms) <= set(terms(i.name))]
        if hits:
            flags.append(_flag("allergy", "named:" + "_".join(entry_terms), entry, "high",
                               f"The food's name mentions {entry}, which is on your allergy list.", hits))
    return flags, by_name


def condition_flags(conditions: list[str], items: list[MealItem], totals: dict[str, float | None],
                    refs: dict[str, Reference], share: float) -> tuple[list[Flag], list[str]]:
    flags: list[Flag] = []
    unknown: list[str] = []
    for entry in conditions:
        known = [c for c in CONDITIONS if _matches(entry, c[0])]
        if not known:
            unknown.append(entry)
        for _, code, tags, nutrients, severity, message in known:
            hits = [i for i in items if i.tags & set(tags) or any(_high(i, k, refs) for k in nutrients)]
            if hits:
                flags.append(_flag("condition", code, entry, severity, message, hits))
            for key in nutrients:
                flag = _total_over(code, entry, key, totals, refs, share)
                if flag:
                    flags.append(flag)
        if known and any(c[1] == "diabetes" for c in known):
            flag = _total_over("diabetes", entry, "carbohydrate_g", totals, refs, share, kind_override="limit")
            if flag:
                flags.append(flag)
        if known and any(c[1] == "pregnancy" for c in known):
            flag = _total_over("pregnancy", entry, "caffeine_mg", totals, refs, 1.0)
            if flag:
                flags.append(flag)
    return flags, unknown


def _total_over(code: str, entry: str, key: str, totals: dict, refs: dict[str, Reference], share: float,
                kind_override: str | None = None) -> Flag | None:
    ref, value = refs.get(key), totals.get(key)
    if ref is None or value is None or (ref.kind != "limit" and kind_override != "limit"):
        return None
    allowed = ref.amount * share
    if value <= allowed:
        return None
    what = key.rsplit("_", 1)[0].replace("_", " ")
    scope = "the day's" if share >= 1 else f"{allowed:,.0f} {_unit(key)}, a meal's share ({share:.0%}) of the day's"
    return Flag("condition", f"{code}_{key}_total", entry, "moderate",
                f"This totals {value:,.0f} {_unit(key)} of {what}, above {scope} "
                f"{ref.amount:,.0f} {_unit(key)} {'limit' if ref.kind == 'limit' else 'reference'}.")


def _unit(key: str) -> str:
    suffix = key.rsplit("_", 1)[1]
    return {"ug": "µg"}.get(suffix, suffix)


def preference_flags(preferences: list[str], items: list[MealItem], totals: dict, refs: dict[str, Reference],
                     share: float) -> tuple[list[Flag], list[str]]:
    flags: list[Flag] = []
    unknown: list[str] = []
    for entry in preferences:
        known = [p for p in PREFERENCES if _matches(entry, p[0])]
        if not known:
            unknown.append(entry)
            continue
        code, tags, message = known[0][1], known[0][2], known[0][3]
        if code == "low_carb":
            hits = [i for i in items if (i.nutrients.get("carbohydrate_g") or 0) >= LOW_CARB_ITEM_G]
        elif code == "low_sodium":
            hits = [i for i in items if _high(i, "sodium_mg", refs)]
        else:
            hits = [i for i in items if i.tags & set(tags)]
        if hits:
            flags.append(_flag("preference", code, entry, "moderate", message, hits))
        if code == "kosher":
            meat = [i for i in items if "meat" in i.tags]
            dairy = [i for i in items if "milk" in i.tags]
            if meat and dairy:
                flags.append(_flag("preference", "kosher_meat_with_dairy", entry, "moderate",
                                   "Meat and dairy in the same meal.", meat + dairy))
        if code == "low_carb" and (totals.get("carbohydrate_g") or 0) > LOW_CARB_DAY_G * share:
            flags.append(Flag("preference", "low_carb_total", entry, "moderate",
                              f"This totals {totals['carbohydrate_g']:,.0f} g of carbohydrate; a low-carbohydrate "
                              f"diet keeps to about {LOW_CARB_DAY_G * share:,.0f} g here."))
    return flags, unknown


def medication_flags(medications: list[str], items: list[MealItem], refs: dict[str, Reference]) -> list[Flag]:
    flags: list[Flag] = []
    for entry in medications:
        for medicines, code, tags, nutrients, message in MEDICATIONS:
            if not _takes(entry, medicines):
                continue
            hits = [i for i in items if i.tags & set(tags) or any(_high(i, k, refs) for k in nutrients)]
            if hits:
                flags.append(_flag("medication", code, entry, "moderate", message, hits))
    return flags
