"""Daily reference intakes for one person, from the health profile.

Energy: Mifflin-St Jeor resting energy × an activity factor (2,000 kcal, the
label reference, when age, sex, weight or height is missing). Macronutrient
references scale with that energy (fat 35 %, saturated fat 10 %, carbohydrate
55 %, total sugars 18 % (the UK reference intake), fibre 14 g per 1,000 kcal); protein is 0.8 g per kg body
weight. Vitamins and minerals are the adult RDA / AI by sex and age (US National
Academies); without a sex, the US label Daily Values. Conditions tighten limits
(sodium 1,500 mg with hypertension, kidney disease or a low-sodium diet, saturated fat 6 % with
heart disease or high cholesterol, sugars 10 % with diabetes).
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIVITY_FACTORS = {"sedentary": 1.2, "light": 1.375, "moderate": 1.55, "active": 1.725, "very_active": 1.9}
DEFAULT_ENERGY = 2000.0
# Where Mifflin-St Jeor (an adult formula) is used; outside, the label reference applies.
ADULT_AGE, ADULT_WEIGHT, ADULT_HEIGHT = (18, 100), (35.0, 250.0), (130.0, 230.0)

# (male, female, label Daily Value) for adults 19-50; age adjustments below.
ADULT_VALUES: dict[str, tuple[float, float, float]] = {
    "potassium_mg": (3400, 2600, 4700), "calcium_mg": (1000, 1000, 1300), "iron_mg": (8, 18, 18),
    "magnesium_mg": (420, 320, 420), "phosphorus_mg": (700, 700, 1250), "zinc_mg": (11, 8, 11),
    "vitamin_a_ug": (900, 700, 900), "vitamin_c_mg": (90, 75, 90), "vitamin_d_ug": (15, 15, 20),
    "vitamin_e_mg": (15, 15, 15), "vitamin_k_ug": (120, 90, 120), "thiamin_mg": (1.2, 1.1, 1.2),
    "riboflavin_mg": (1.3, 1.1, 1.3), "niacin_mg": (16, 14, 16), "vitamin_b6_mg": (1.3, 1.3, 1.7),
    "folate_ug": (400, 400, 400), "vitamin_b12_ug": (2.4, 2.4, 2.4),
}
HYPERTENSION = ("hypertension", "high blood pressure", "kidney", "renal", "heart failure", "ckd")
HEART = ("heart disease", "coronary", "cholesterol", "hyperlipid", "dyslipid", "cardiovascular", "stroke")
DIABETES = ("diabetes", "diabetic", "prediabetes", "pre-diabetes", "insulin resistance")
PREGNANT = ("pregnan",)
LOW_SODIUM = ("low sodium", "low-sodium", "low salt", "low-salt")


@dataclass(frozen=True)
class Reference:
    key: str
    amount: float
    kind: str  # "target" (aim to reach) or "limit" (stay under)
    basis: str


def has_condition(conditions: list[str], words: tuple[str, ...]) -> bool:
    return any(word in condition.lower() for condition in conditions for word in words)


def sex_of(gender: str | None) -> str | None:
    return gender if gender in ("male", "female") else None


def mifflin_st_jeor(weight_kg: float, height_cm: float, age: float, sex: str | None) -> float:
    """Resting energy (kcal/day); without a sex, the mean of the male (+5) and female (-161) formulas."""
    offset = {"male": 5.0, "female": -161.0}.get(sex or "", -78.0)
    return 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age + offset


def energy_estimate(profile: dict, activity: str = "light") -> tuple[float, str]:
    """Daily energy need and how it was found."""
    weight, height, age = profile.get("weight_kg"), profile.get("height_cm"), profile.get("age")
    if not (weight and height and age):
        return DEFAULT_ENERGY, ("2,000 kcal label reference (add age, weight and height to your profile "
                                "to personalise)")
    if not (ADULT_AGE[0] <= age <= ADULT_AGE[1] and ADULT_WEIGHT[0] <= weight <= ADULT_WEIGHT[1]
            and ADULT_HEIGHT[0] <= height <= ADULT_HEIGHT[1]):
        return DEFAULT_ENERGY, "2,000 kcal label reference (the profile is outside the adult formula's range)"
    factor = ACTIVITY_FACTORS[activity]
    kcal = mifflin_st_jeor(weight, height, age, sex_of(profile.get("gender"))) * factor
    return round(kcal), f"Mifflin-St Jeor resting energy × {factor} ({activity} activity)"


def _mineral(key: str, sex: str | None, age: float | None) -> tuple[float, str]:
    male, female, label = ADULT_VALUES[key]
    if sex is None:
        return label, "label Daily Value"
    value = male if sex == "male" else female
    if age is not None:
        if key == "calcium_mg" and ((sex == "female" and age > 50) or age > 70):
            value = 1200
        elif key == "iron_mg" and sex == "female" and age > 50:
            value = 8
        elif key == "vitamin_d_ug" and age > 70:
            value = 20
        elif key == "vitamin_b6_mg" and age > 50:
            value = 1.7 if sex == "male" else 1.5
        elif key == "magnesium_mg" and age < 31:
            value = 400 if sex == "male" else 310
    return value, f"adult RDA or AI for {sex}s"


def reference_intakes(profile: dict, activity: str = "light") -> dict[str, Reference]:
    """Every reference for this profile, keyed like nutrients.KEYS."""
    energy, energy_basis = energy_estimate(profile, activity)
    conditions = list(profile.get("chronic_conditions") or [])
    sex, age, weight = sex_of(profile.get("gender")), profile.get("age"), profile.get("weight_kg")
    pct = f"of {energy:,.0f} kcal"
    refs = [
        Reference("energy_kcal", energy, "target", energy_basis),
        Reference("protein_g", round(0.8 * weight, 1) if weight else 50.0, "target",
                  "0.8 g per kg body weight" if weight else "label Daily Value"),
        Reference("fat_g", round(energy * 0.35 / 9, 1), "limit", f"35 % {pct}"),
        Reference("carbohydrate_g", round(energy * 0.55 / 4, 1), "target", f"55 % {pct}"),
        Reference("fibre_g", round(energy * 14 / 1000, 1), "target", "14 g per 1,000 kcal"),
        Reference("cholesterol_mg", 300.0, "limit", "300 mg a day"),
        Reference("trans_fat_g", 2.2, "limit", "as little as possible (under 1 % of energy)"),
    ]
    if has_condition(conditions, HEART):
        refs.append(Reference("saturated_fat_g", round(energy * 0.06 / 9, 1), "limit", f"6 % {pct} (heart health)"))
    else:
        refs.append(Reference("saturated_fat_g", round(energy * 0.10 / 9, 1), "limit", f"10 % {pct}"))
    if has_condition(conditions, DIABETES):
        refs.append(Reference("sugars_g", round(energy * 0.10 / 4, 1), "limit", f"10 % {pct} (diabetes)"))
    else:  # total sugars, natural ones included: the UK reference intake (90 g at 2,000 kcal)
        refs.append(Reference("sugars_g", round(energy * 0.18 / 4, 1), "limit", f"18 % {pct}"))
    if has_condition(conditions, HYPERTENSION):
        refs.append(Reference("sodium_mg", 1500.0, "limit", "1,500 mg (blood pressure or kidney condition)"))
    elif has_condition(list(profile.get("dietary_preferences") or []), LOW_SODIUM):
        refs.append(Reference("sodium_mg", 1500.0, "limit", "1,500 mg (low-sodium diet)"))
    else:
        refs.append(Reference("sodium_mg", 2300.0, "limit", "2,300 mg"))
    pregnant = has_condition(conditions, PREGNANT)
    refs.append(Reference("caffeine_mg", 200.0 if pregnant else 400.0, "limit",
                          "200 mg in pregnancy" if pregnant else "400 mg for healthy adults"))
    refs.append(Reference("alcohol_g", 0.0 if pregnant else (28.0 if sex == "male" else 14.0), "limit",
                          "none in pregnancy" if pregnant else
                          ("two standard drinks" if sex == "male" else "one standard drink")))
    for key in ADULT_VALUES:
        value, basis = _mineral(key, sex, age)
        refs.append(Reference(key, float(value), "target", basis))
    return {ref.key: ref for ref in refs}
