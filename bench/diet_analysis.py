"""Diet benchmark: a 20-item day assessed without the LLM, and food search latency.

Figures printed:
  1. start-up: reading the shipped USDA table and building the search index (once per process);
  2. analysis of a 20-item day of eating (free text and structured items), no LLM: p50, p90, p99;
     target: p50 under 20 ms;
  3. the same day through POST /api/diet-analyses/ (Flask, validation, stored in a temporary
     SQLite database, rate limits off), no LLM;
  4. food search (ranked candidates for one query), over 40 everyday queries: p50, p90.

    python bench/diet_analysis.py [--runs 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY = ("2 large eggs, 2 slices of whole wheat toast with butter, a cup of orange juice, black coffee with milk, "
       "a medium banana, 150 g greek yogurt, a handful of almonds, chicken breast 150g, 1 cup cooked rice, "
       "1 cup steamed broccoli, 1 tbsp olive oil, an apple, 2 tbsp peanut butter, 1 oz cheddar cheese, "
       "a glass of red wine, 200 g salmon, a baked potato, 1 cup spinach, 1 cup strawberries")
STRUCTURED = [{"food": f, "quantity": q, "unit": u} for f, q, u in [
    ("egg", 2, "large"), ("whole wheat toast", 2, "slice"), ("butter", 1, "pat"), ("orange juice", 1, "cup"),
    ("coffee", 1, "cup"), ("milk", 2, "tbsp"), ("banana", 1, "medium"), ("greek yogurt", 150, "g"),
    ("almonds", 28, "g"), ("chicken breast", 150, "g"), ("rice", 1, "cup"), ("broccoli", 1, "cup"),
    ("olive oil", 1, "tbsp"), ("apple", 1, "medium"), ("peanut butter", 2, "tbsp"), ("cheddar cheese", 1, "oz"),
    ("red wine", 5, "fl oz"), ("salmon", 200, "g"), ("potato", 1, "medium"), ("strawberries", 1, "cup")]]
QUERIES = ("egg", "orange juice", "whole wheat toast", "butter", "banana", "apple", "rice", "brown rice",
           "chicken breast", "milk", "skim milk", "coffee", "tea", "peanut butter", "cheddar cheese",
           "greek yogurt", "oatmeal", "spaghetti", "salmon", "tuna", "ground beef", "bacon", "french fries",
           "broccoli", "spinach", "avocado", "almonds", "shrimp", "pizza", "cola", "red wine", "olive oil",
           "black beans", "tofu", "strawberries", "ice cream", "potato chips", "hummus", "bananna", "brocoli")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100)
    return f"p50 {statistics.median(ordered):6.2f} ms   p90 {q[89]:6.2f} ms   p99 {q[98]:6.2f} ms"


def timed(function, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def startup() -> None:
    from plugins.diet import foods, search

    started = time.perf_counter()
    table = foods.food_table()
    loaded = time.perf_counter()
    search.food_index()
    indexed = time.perf_counter()
    print(f"start-up: table {len(table.foods)} foods read in {(loaded - started) * 1000:.0f} ms, "
          f"index built in {(indexed - loaded) * 1000:.0f} ms")


def analysis(runs: int) -> None:
    from plugins.diet.analysis import Request, analyse

    profile = {"age": 45, "gender": "female", "weight_kg": 70, "height_cm": 165, "allergies": ["peanut"],
               "chronic_conditions": ["hypertension"], "dietary_preferences": ["halal"],
               "current_medications": ["warfarin"]}
    text = Request(DAY, None, kind="day")
    result = analyse(text, profile)
    matched = sum(i["status"] == "matched" for i in result["items"])
    print(f"20-item day (free text, {len(result['items'])} items, {matched} matched, "
          f"{result['totals']['energy_kcal']['amount']:.0f} kcal):")
    print("  analysis, no LLM:        " + percentiles(timed(lambda: analyse(text, profile), runs)))
    structured = Request(None, STRUCTURED, kind="day")
    assert len(analyse(structured, profile)["items"]) == 20
    print("  structured, no LLM:      " + percentiles(timed(lambda: analyse(structured, profile), runs)))


def http(runs: int) -> None:
    import flask_migrate

    from core.app import create_app
    from core.migrations import enabled_branches

    fd, path = tempfile.mkstemp(suffix=".sqlite3")
    os.close(fd)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "REDIS_URL": None, "JOBS_SYNC": True,
                          "HYGEIA_PLUGINS": ["diet"], "RATELIMIT_ENABLED": False}, env="testing")
        with app.app_context():
            for branch in enabled_branches(app):
                flask_migrate.upgrade(revision=f"{branch}@head")
        client = app.test_client()
        credentials = {"email": "bench@example.org", "password": "correct horse battery 9"}
        client.post("/api/auth/register/", json=credentials)
        token = client.post("/api/auth/login/", json=credentials).get_json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def post():
            response = client.post("/api/diet-analyses/", headers=headers, json={"text": DAY, "kind": "day"})
            assert response.status_code == 201, response.get_json()

        post()
        print("  POST /api/diet-analyses/ (SQLite, no LLM): " + percentiles(timed(post, max(50, runs // 3))))
    finally:
        os.remove(path)


def food_search(runs: int) -> None:
    from plugins.diet.search import search_foods

    samples: list[float] = []
    for _ in range(max(1, runs // 20)):
        for query in QUERIES:
            started = time.perf_counter()
            search_foods(query, 10)
            samples.append((time.perf_counter() - started) * 1000)
    print(f"food search ({len(QUERIES)} queries, top 10): " + percentiles(samples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    startup()
    analysis(args.runs)
    http(args.runs)
    food_search(args.runs)


if __name__ == "__main__":
    main()
