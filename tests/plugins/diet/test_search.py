"""Food matching: ranked candidates with a confidence, over the shipped table and over HTTP."""

import pytest

from plugins.diet.search import MATCH_THRESHOLD, search_foods


@pytest.mark.parametrize("query, expected", [
    ("orange juice", "09206"),          # Orange juice, raw
    ("banana", "09040"),                # Bananas, raw
    ("whole wheat toast", "18076"),     # Bread, whole-wheat, commercially prepared, toasted
    ("egg", "01123"),                   # Egg, whole, raw, fresh (curated default)
    ("unsalted butter", "01145"),       # Butter, without salt
    ("butter", "01001"),                # Butter, salted
    ("cheddar cheese", "01009"),
    ("broccoli", "11090"),
    ("almonds", "12061"),               # "Nuts, almonds": the generic head is skipped
    ("yoghurt", "01116"),               # British spelling
    ("bananna", "09040"),               # typo corrected
    ("skinless chicken breast", "05062"),
    ("jalapeño", "11979"),              # accents folded; the variety in the second part names the food
])
def test_best_candidate(query, expected):
    best = search_foods(query, 5)[0]
    assert best.food.id == expected, [c.food.name for c in search_foods(query, 5)]
    assert best.confidence >= MATCH_THRESHOLD


def test_candidates_are_ranked_and_partial_matches_score_lower():
    candidates = search_foods("orange", 10)
    assert candidates[0].food.name.startswith("Oranges, raw")
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    juice = next(c for c in search_foods("orange juice", 10) if c.food.id == "09206")
    assert juice.confidence > next(c for c in candidates if c.food.id == "09206").confidence


def test_negated_words_do_not_match():
    assert all("without salt" not in c.food.name for c in search_foods("salted butter", 3))
    assert search_foods("gluten free bread", 1)[0].food.name.startswith("Bread, gluten-free")


def test_nonsense_finds_nothing_confident():
    assert search_foods("zorbleflump", 5) == []


def test_food_search_endpoint_is_public_and_ranked(client):
    response = client.get("/api/foods/?q=peanut butter&limit=3")
    body = response.get_json()
    assert response.status_code == 200 and body["query"] == "peanut butter"
    assert len(body["results"]) == 3
    assert body["results"][0]["name"].startswith("Peanut butter")
    assert {"id", "name", "group", "confidence", "score"} <= set(body["results"][0])


def test_food_search_needs_a_query(client):
    response = client.get("/api/foods/")
    assert response.status_code == 422 and "q" in response.get_json()["details"]["query"]
    assert client.get("/api/foods/?q=egg&limit=500").status_code == 422


def test_food_detail_gives_nutrients_and_portions(client):
    body = client.get("/api/foods/09040/").get_json()
    assert body["name"] == "Bananas, raw"
    assert body["nutrients_per_100g"]["energy_kcal"] == {"amount": 89.0, "unit": "kcal", "name": "Energy"}
    assert {"amount": 1.0, "description": 'medium (7" to 7-7/8" long)', "grams": 118.0} in body["portions"]
    missing = client.get("/api/foods/99999/")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
