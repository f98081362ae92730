"""POST/GET /api/diet-analyses/: totals checked by hand against USDA SR28 figures."""

import pytest

# USDA SR28 values per 100 g (NUT_DATA) and portion weights (WEIGHT), copied from the source files.
EGG = {"energy_kcal": 143, "protein_g": 12.56, "fat_g": 9.51, "carbohydrate_g": 0.72, "sodium_mg": 142}  # 01123
EGG_LARGE_G = 50
TOAST = {"energy_kcal": 306, "protein_g": 16.27, "fat_g": 4.07, "carbohydrate_g": 51.16, "sodium_mg": 565}  # 18076
TOAST_SLICE_G = 25
BUTTER = {"energy_kcal": 717, "protein_g": 0.85, "fat_g": 81.11, "carbohydrate_g": 0.06, "sodium_mg": 643}  # 01001
BUTTER_PAT_G = 5.0
OJ = {"energy_kcal": 45, "protein_g": 0.70, "fat_g": 0.20, "carbohydrate_g": 10.40, "sodium_mg": 1}  # 09206
OJ_CUP_G = 248
RICE = {"energy_kcal": 130, "protein_g": 2.69, "fat_g": 0.28, "carbohydrate_g": 28.17, "sodium_mg": 1}  # 20045
BANANA = {"energy_kcal": 89, "protein_g": 1.09, "fat_g": 0.33, "carbohydrate_g": 22.84, "sodium_mg": 1}  # 09040
BANANA_MEDIUM_G = 118


def expected(*parts):
    """Sum of (per-100 g figures, grams) by hand."""
    return {key: sum(food[key] * grams / 100 for food, grams in parts) for key in EGG}


def test_free_text_breakfast_totals_match_usda_figures(analyse):
    response = analyse("2 large eggs, a slice of whole wheat toast with butter, a cup of orange juice")
    body = response.get_json()
    assert response.status_code == 201, body
    assert [(i["food"]["id"], i["grams"]) for i in body["items"]] == [
        ("01123", 100.0), ("18076", 25.0), ("01001", 5.0), ("09206", 248.0)]
    want = expected((EGG, 2 * EGG_LARGE_G), (TOAST, TOAST_SLICE_G), (BUTTER, BUTTER_PAT_G), (OJ, OJ_CUP_G))
    for key, value in want.items():
        assert body["totals"][key]["amount"] == pytest.approx(value, abs=0.01), key
    assert body["unmatched"] == [] and body["data_source"].startswith("USDA")
    butter = body["items"][2]
    assert butter["portion_assumed"] is True and "pat" in butter["portion"]  # no amount given: one pat, said so
    assert body["items"][0]["portion"] == "2 × large (50 g each)" and body["items"][0]["confidence"] > 0.9


def test_structured_items_by_id_grams_and_size(analyse):
    body = analyse({"items": [{"food_id": "20045", "grams": 150},
                              {"food": "banana", "quantity": 1, "unit": "medium"}], "kind": "day"}).get_json()
    want = expected((RICE, 150), (BANANA, BANANA_MEDIUM_G))
    assert body["totals"]["energy_kcal"]["amount"] == pytest.approx(want["energy_kcal"], abs=0.01)
    assert body["totals"]["carbohydrate_g"]["amount"] == pytest.approx(want["carbohydrate_g"], abs=0.01)
    assert [i["grams"] for i in body["items"]] == [150.0, 118.0] and body["kind"] == "day"


def test_volume_units_convert_through_the_food_density(analyse):
    body = analyse("250 ml orange juice, 2 tbsp peanut butter").get_json()
    juice, peanut = body["items"]
    assert juice["grams"] == pytest.approx(250 * 248 / 236.588, abs=0.1)  # 1 cup (236.588 ml) = 248 g
    assert peanut["grams"] == 32.0  # USDA: 2 tbsp = 32 g


def test_unmatched_and_unquantified_items_are_reported_not_dropped(analyse):
    body = analyse("2 large eggs, 3 zorbleflumps, 2 slices of orange juice").get_json()
    statuses = [(i["text"], i["status"]) for i in body["items"]]
    assert statuses == [("2 large eggs", "matched"), ("3 zorbleflumps", "unmatched"),
                        ("2 slices of orange juice", "unquantified")]
    assert [u["text"] for u in body["unmatched"]] == ["3 zorbleflumps", "2 slices of orange juice"]
    assert "slice" in body["unmatched"][1]["message"] and body["items"][2]["food"]["id"] == "09206"
    assert body["totals"]["energy_kcal"]["amount"] == pytest.approx(143.0)  # the eggs only
    assert any(r["code"] == "describe_unmatched" for r in body["recommendations"])


def test_low_confidence_match_lists_candidates(analyse):
    body = analyse("a plate of quinoa avocado salad with tahini dressing").get_json()
    unmatched = [i for i in body["items"] if i["status"] == "unmatched"]
    assert unmatched and all(i["candidates"] for i in unmatched)
    assert all(c["confidence"] < 0.5 for i in unmatched for c in i["candidates"][:1])


@pytest.mark.parametrize("payload, code", [
    ({"text": ""}, "empty_meal"),
    ({"text": "   \n "}, "empty_meal"),
    ({}, "empty_meal"),
    ({"text": "1000 eggs"}, "implausible_quantity"),
    ({"text": "12 kg rice"}, "implausible_quantity"),
    ({"text": "-2 eggs"}, "invalid_quantity"),
    ({"items": [{"food": "banana", "quantity": 0}]}, "invalid_quantity"),
    ({"items": [{"food": "egg", "quantity": 1}] * 1000}, "validation_error"),
    ({"items": [{"food": "egg", "quantity": 1}] * 20_000}, "validation_error"),
    ({"text": ", ".join(["an apple"] * 150)}, "too_many_items"),
    ({"text": "an apple", "items": [{"food": "egg"}]}, "ambiguous_input"),
    ({"text": "1/0 eggs"}, "invalid_quantity"),
])
def test_bad_meals_get_a_clear_422(analyse, payload, code):
    response = analyse(payload)
    body = response.get_json()
    assert response.status_code == 422, body
    assert set(body) >= {"status", "error", "message"} and body["status"] == 422
    assert body["error"] == code and body["message"]


def test_invalid_fields_are_validation_errors(analyse):
    response = analyse({"items": [{"quantity": 2}], "kind": "week", "text": "x" * 6000})
    details = response.get_json()["details"]["json"]
    assert response.status_code == 422 and {"items", "kind", "text"} <= set(details)


def test_list_is_own_and_paginated_and_detail_is_private(client, analyse, user, make_user):
    other = make_user()
    for text in ("an apple", "a banana", "2 eggs"):
        assert analyse(text).status_code == 201
    analyse("a pear", who=other)
    page = client.get("/api/diet-analyses/?page_size=2", headers=user.headers).get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    assert page["items"][0]["text"] == "2 eggs" and page["items"][0]["item_count"] == 1
    analysis_id = page["items"][0]["id"]
    mine = client.get(f"/api/diet-analyses/{analysis_id}/", headers=user.headers)
    assert mine.status_code == 200 and mine.get_json()["items"][0]["food"]["id"] == "01123"
    theirs = client.get(f"/api/diet-analyses/{analysis_id}/", headers=other.headers)
    assert theirs.status_code == 404 and theirs.get_json()["message"] == "Diet analysis not found."
    assert client.delete(f"/api/diet-analyses/{analysis_id}/", headers=other.headers).status_code == 404
    assert client.delete(f"/api/diet-analyses/{analysis_id}/", headers=user.headers).status_code == 204
    assert client.get(f"/api/diet-analyses/{analysis_id}/", headers=user.headers).status_code == 404


def test_analyses_need_a_token(client):
    assert client.post("/api/diet-analyses/", json={"text": "an apple"}).status_code == 401
    assert client.get("/api/diet-analyses/").status_code == 401


@pytest.mark.parametrize("text, food_id, grams", [
    ("almonds", "12061", 28.35),          # no amount: a 1 oz serving of nuts (USDA: 1 oz = 28.35 g)
    ("20 almonds", "12061", 24.0),        # counted: 20 × 1 almond (1.2 g)
    ("grilled salmon", "15237", 85.0),    # no amount: 3 oz of cooked fish (USDA: 3 oz = 85 g)
    ("blueberries", "09050", 148.0),      # no amount: a cup, not one berry
    ("1 avocado", "09037", 201.0),        # counted: one whole avocado, not a 30 g serving
    ("cream cheese", "01017", 14.5),      # a spread: one tablespoon
])
def test_natural_portions(analyse, text, food_id, grams):
    item = analyse(text).get_json()["items"][0]
    assert (item["food"]["id"], item["grams"]) == (food_id, pytest.approx(grams, abs=0.05))
    assert item["portion_assumed"] is True


def test_a_slice_of_pizza_is_an_eighth_of_the_pizza(analyse):
    item = analyse("2 slices pepperoni pizza").get_json()["items"][0]
    # USDA weighs 1/4 of a 12" pepperoni pizza at 127 g, so a slice (1/8) is 63.5 g
    assert (item["food"]["id"], item["grams"], item["portion_assumed"]) == ("22903", 127.0, False)


def test_control_characters_are_refused_not_stored(analyse, client):
    for body in ({"text": "2 eggs\u0000"}, {"items": [{"food": "egg\u0000"}]}):
        response = analyse(body)
        assert response.status_code == 422 and response.get_json()["error"] == "validation_error"
    assert client.get("/api/foods/?q=egg%00").status_code == 422
    assert analyse({"text": "2 eggs,\n\ta banana"}).status_code == 201  # line breaks and tabs are fine


@pytest.mark.parametrize("item", [{"food": "banana", "quantity": 1e308}, {"food": "banana", "grams": 1e308},
                                  {"food": "rice", "quantity": 1e9, "unit": "cup"}])
def test_astronomical_amounts_are_refused(analyse, item):
    response = analyse({"items": [item]})
    assert response.status_code == 422 and response.get_json()["error"] == "implausible_quantity"


def test_the_users_data_export_holds_their_analyses_only(client, analyse, user, make_user):
    other = make_user()
    analyse("2 large eggs")
    analyse("an apple", who=other)
    response = client.get("/api/profile/export/", headers=user.headers)
    assert response.status_code == 200
    exported = response.get_json()["plugins"]["diet"]["diet_analyses"]
    assert [a["text"] for a in exported] == ["2 large eggs"]
    assert exported[0]["result"]["items"][0]["food"]["id"] == "01123"
