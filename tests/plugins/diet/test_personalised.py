"""Profile-adjusted references and the allergy, condition, preference and medicine flags."""

import pytest

MEAL = ("2 tbsp peanut butter, 100 g shrimp, 1 cup whole milk, 3 slices bacon, 1 cup orange juice, "
        "1 cup raw spinach, 1 medium banana, 1 cup eggplant")
INDEX = {name: i for i, name in enumerate(
    ["peanut butter", "shrimp", "milk", "bacon", "orange juice", "spinach", "banana", "eggplant"])}


def flagged(body, code):
    return sorted(next(f for f in body["flags"] if f["code"] == code)["items"])


def codes(body):
    return {f["code"] for f in body["flags"]}


def test_mifflin_st_jeor_energy_and_condition_limits(analyse, set_profile, user):
    set_profile(user, age=30, gender="female", weight_kg=60, height_cm=165, chronic_conditions=["Hypertension"])
    body = analyse({"text": "1 medium banana", "activity_level": "sedentary"}).get_json()
    # 10 × 60 + 6.25 × 165 − 5 × 30 − 161 = 1320.25 kcal at rest, × 1.2 for a sedentary day
    assert body["energy_estimate_kcal"] == round(1320.25 * 1.2)
    refs = body["reference_intakes"]
    assert refs["sodium_mg"]["amount"] == 1500 and refs["sodium_mg"]["kind"] == "limit"
    assert refs["protein_g"]["amount"] == pytest.approx(0.8 * 60)
    assert refs["iron_mg"]["amount"] == 18  # women 19-50
    assert refs["energy_kcal"]["percent"] == pytest.approx(round(100 * 89 * 1.18 / round(1320.25 * 1.2), 1))


def test_without_a_profile_the_label_references_apply(analyse):
    body = analyse("1 medium banana").get_json()
    assert body["energy_estimate_kcal"] == 2000 and body["reference_intakes"]["sodium_mg"]["amount"] == 2300
    assert body["flags"] == []


def test_flags_fire_on_the_right_foods(analyse, set_profile, user):
    set_profile(user, allergies=["Peanuts", "shellfish", "milk", "egg"],
                chronic_conditions=["high blood pressure", "type 2 diabetes"],
                dietary_preferences=["vegetarian", "halal"], current_medications=["warfarin 5 mg"])
    body = analyse(MEAL).get_json()
    assert [i["status"] for i in body["items"]] == ["matched"] * 8
    assert flagged(body, "peanut") == [INDEX["peanut butter"]]
    assert flagged(body, "shellfish") == [INDEX["shrimp"]]
    assert flagged(body, "milk") == [INDEX["milk"]]  # peanut butter is not dairy
    assert "egg" not in codes(body)  # eggplant is not egg
    assert INDEX["bacon"] in flagged(body, "hypertension")  # cured bacon: sodium over 20 % of 1,500 mg
    assert INDEX["orange juice"] in flagged(body, "diabetes")  # 20.8 g sugars in a cup
    assert flagged(body, "vegetarian") == [INDEX["shrimp"], INDEX["bacon"]]
    assert flagged(body, "halal") == [INDEX["bacon"]]
    assert flagged(body, "warfarin_vitamin_k") == [INDEX["spinach"]]
    assert body["items"][INDEX["banana"]]["flags"] == []  # whole fruit is not a sugary food
    allergy = next(f for f in body["flags"] if f["code"] == "peanut")
    assert allergy["severity"] == "high" and allergy["profile_entry"] == "Peanuts"
    top = body["recommendations"][0]
    assert top["priority"] == "high" and "allergy" in top["text"] and top["source"] == "rules"


def test_preferences_vegan_kosher_and_unknown_entries(analyse, set_profile, user):
    set_profile(user, allergies=["kiwi"], dietary_preferences=["vegan", "kosher", "paleo"],
                chronic_conditions=["gout", "tinnitus"])
    body = analyse("a cheeseburger, 1 cup whole milk, 1 tbsp honey, 2 kiwis, 100 g sardines").get_json()
    names = [i["food"]["name"] if i["food"] else None for i in body["items"]]
    vegan = [names[i] for i in flagged(body, "vegan")]
    assert any("milk" in n.lower() for n in vegan) and any("Honey" in n for n in vegan)
    assert "kosher_meat_with_dairy" in codes(body)
    kiwi = next(f for f in body["flags"] if f["type"] == "allergy" and f["profile_entry"] == "kiwi")
    assert [names[i] for i in kiwi["items"]] == ["Kiwifruit, green, raw"] and kiwi["code"].startswith("named:")
    assert any("sardine" in names[i].lower() for i in flagged(body, "gout"))
    assert body["not_assessed"] == {"allergies_checked_by_name": ["kiwi"], "conditions": ["tinnitus"],
                                    "dietary_preferences": ["paleo"]}


def test_a_day_is_compared_with_whole_day_limits_a_meal_with_a_third(analyse, set_profile, user):
    set_profile(user, chronic_conditions=["hypertension"])
    salty = "3 slices bacon, 2 slices of whole wheat toast"  # 3 × 11.5 g × 1,684 + 50 g × 565 mg/100 g
    meal, day = analyse(salty).get_json(), analyse({"text": salty, "kind": "day"}).get_json()
    sodium = meal["totals"]["sodium_mg"]["amount"]
    assert sodium == pytest.approx(3 * 11.5 * 16.84 + 50 * 5.65, abs=0.01)
    assert "hypertension_sodium_mg_total" in codes(meal)  # above 500 mg, a third of 1,500 mg
    assert "hypertension_sodium_mg_total" not in codes(day)  # under 1,500 mg for the day
    assert any(r["code"] == "reduce_sodium_mg" for r in meal["recommendations"])


def test_low_carb_and_low_sodium_preferences(analyse, set_profile, user):
    set_profile(user, dietary_preferences=["keto", "low sodium"])
    body = analyse("1 cup cooked rice, 2 slices bacon, 1 cup raw spinach").get_json()
    rice, bacon, spinach = range(3)
    assert flagged(body, "low_carb") == [rice]  # 44.5 g of carbohydrate in a cup (158 g × 28.17 g/100 g)
    assert "low_carb_total" in codes(body)
    assert flagged(body, "low_sodium") == [bacon]  # 23 g × 1,684 mg/100 g = 387 mg, over 20 % of 1,500 mg
    assert body["items"][spinach]["flags"] == []


def test_pregnancy_flags_alcohol_mercury_and_caffeine(analyse, set_profile, user):
    set_profile(user, chronic_conditions=["pregnant (2nd trimester)"])
    body = analyse("a glass of red wine, 100 g swordfish, 3 cups of coffee").get_json()
    assert flagged(body, "pregnancy") == [0, 1]  # wine (alcohol) and swordfish (mercury), not coffee
    assert "pregnancy_caffeine_mg_total" in codes(body)  # 3 × 237 g × 40 mg/100 g = 284 mg > 200 mg
    assert body["reference_intakes"]["alcohol_g"]["amount"] == 0
    alcohol = next(r for r in body["recommendations"] if r["code"] == "reduce_alcohol_g")
    assert "none in pregnancy" in alcohol["text"]


def test_a_child_or_implausible_body_gets_the_label_energy_not_the_adult_formula(analyse, set_profile, user):
    set_profile(user, age=7, gender="female", weight_kg=24, height_cm=122)
    body = analyse("1 medium banana").get_json()
    assert body["energy_estimate_kcal"] == 2000
    assert "outside the adult formula" in body["reference_intakes"]["energy_kcal"]["basis"]


@pytest.mark.parametrize("entry,code", [("Coumadin 5 mg", "warfarin_vitamin_k"), ("Sintrom 4mg", "warfarin_vitamin_k"),
                                        ("Lipitor 20 mg", "grapefruit_interaction"), ("Nardil", "maoi_tyramine")])
def test_profile_medicines_are_recognised_through_the_core_medicine_table(entry, code):
    from plugins.diet.flags import MEDICATIONS, _takes

    medicines = next(m for m, c, *_ in MEDICATIONS if c == code)
    assert _takes(entry, medicines)
    assert not _takes("paracetamol 500 mg", medicines)
