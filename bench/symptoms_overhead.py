"""Symptoms plugin figures: consultation overhead over the model's own time, and cache-hit latency.

    python bench/symptoms_overhead.py [--rounds 300] [--llm-ms 50] [--database-url URL --redis-url URL]

A local OpenAI-compatible server (core.llm.fake_server) answers every request
with a valid analysis after a fixed delay. Each timed request is a signed-in
POST /api/consultations/ through Flask's test client (no HTTP server in front):

- overhead: distinct symptoms each time (a cache miss), total time minus the
  server's fixed delay: auth, validation, red-flag check, profile, context,
  the database write, the HTTP round trip to the model, JSON validation,
  allergy check, cached MedlinePlus topics and serialisation; and the same
  minus the model call as the client timed it (hygeia_llm_request_seconds),
  which also takes off the server's sleep overshoot on a busy machine;
- cache hit: the same symptoms again (no model call);
- the anonymous overhead: a cache miss with no token check and no storage;
- the analysis pipeline alone (no HTTP layer, auth, audit or storage): the
  plugin's own work, apart from the core's per-request database work.

Default store: the embedded one (SQLite in a temporary folder, in-process
cache); pass PostgreSQL and Redis URLs to measure those. Targets (issue 3):
overhead p50 < 10 ms, cache hit p50 < 5 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.api import get_metrics  # noqa: E402
from core.llm.fake_server import FakeLLMServer  # noqa: E402

ANSWER = json.dumps({
    "triage_level": "self_care", "summary": "Most likely a common cold.",
    "possible_conditions": [{"name": "Common cold", "likelihood": "likely", "explanation": "Typical symptoms.",
                             "icd10": "J06.9"}],
    "next_steps": ["Rest and drink fluids.", "Paracetamol can ease the sore throat."],
    "watch_for": ["Fever above 39 C for more than three days"],
    "medications": [{"name": "Paracetamol", "note": "For pain and fever."}],
    "disclaimer": "This is not a diagnosis.",
})
TOPIC = [{"title": "Common Cold", "url": "https://medlineplus.gov/commoncold.html", "summary": "A cold.",
          "source": "MedlinePlus"}]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def report(label: str, values_ms: list[float]) -> None:
    print(f"{label:<44} p50 {statistics.median(values_ms):7.2f} ms   p99 {percentile(values_ms, 0.99):7.2f} ms"
          f"   (n={len(values_ms)})")


def build_app(server: FakeLLMServer, database_url: str | None, redis_url: str | None, folder: str):
    import flask_migrate

    from core.app import create_app
    from core.migrations import enabled_branches

    prefix = f"hygeia-bench-symptoms-{os.getpid()}"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.sqlite3",
        "REDIS_URL": redis_url, "REDIS_KEY_PREFIX": prefix, "HYGEIA_PLUGINS": ["symptoms"],
        "LLM_BASE_URL": server.url, "TOGETHER_AI_API_KEY": "bench-key", "RATELIMIT_ENABLED": False,
        "SYMPTOMS_MEDLINEPLUS_URL": "http://127.0.0.1:9/service",  # never reached: topics are cached below
    }, env="testing")
    with app.app_context():
        for branch in enabled_branches(app):
            flask_migrate.upgrade(revision=f"{branch}@head")
        from core.api import cache_set
        from plugins.symptoms.medlineplus import topics_cache_key

        for code in ("J06.9", "J02.9", "J00"):
            cache_set(topics_cache_key(code, "en"), TOPIC, 3600)
    return app


def bench_pipeline(app, rounds: int, delay: float) -> tuple[list[float], list[float]]:
    """The plugin's own work without the HTTP layer, auth or storage: prepare, model call, validation,
    cache, allergy check and topics (ms; the miss figure has the model's fixed time taken off)."""
    from plugins.symptoms.analysis import Request
    from plugins.symptoms.cache import cached_outcome
    from plugins.symptoms.finishing import finish
    from plugins.symptoms.preparation import prepare
    from plugins.symptoms.services import answer

    facts = {"age": 41, "allergies": ["penicillin"]}
    miss, hit = [], []
    with app.app_context():
        for i in range(rounds):
            request = Request(f"itchy eyes and sneezing, day {i}", "2 days", None, "en")
            started = time.perf_counter()
            answer(request, None, facts)
            miss.append((time.perf_counter() - started - delay) * 1000)
        request = Request("itchy eyes and sneezing, day 0", "2 days", None, "en")
        for _ in range(rounds):
            started = time.perf_counter()
            prepared = prepare(request, None, facts)
            finish(cached_outcome(prepared), request, prepared)
            hit.append((time.perf_counter() - started) * 1000)
    return miss, hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--llm-ms", type=float, default=50.0, help="the model server's fixed answer time")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    args = parser.parse_args()

    delay = args.llm_ms / 1000
    with tempfile.TemporaryDirectory() as folder, FakeLLMServer() as server:
        os.environ.setdefault("HYGEIA_INSTANCE_PATH", folder)
        server.always(ANSWER, delay=delay)
        app = build_app(server, args.database_url, args.redis_url, folder)
        client = app.test_client()
        client.post("/api/auth/register/", json={"email": "bench@example.org", "password": "correct horse battery 9"})
        token = client.post("/api/auth/login/", json={"email": "bench@example.org",
                                                      "password": "correct horse battery 9"}).get_json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        client.patch("/api/profile/", json={"age": 41, "allergies": ["penicillin"]}, headers=headers)

        registry = get_metrics(app).registry
        model_time = []

        def consult(symptoms: str, signed_in: bool = True) -> float:
            before = registry.get_sample_value("hygeia_llm_request_seconds_sum", {"mode": "chat"}) or 0.0
            started = time.perf_counter()
            response = client.post("/api/consultations/", json={"symptoms": symptoms, "duration": "2 days"},
                                   headers=headers if signed_in else {})
            elapsed = time.perf_counter() - started
            assert response.status_code == (201 if signed_in else 200), response.get_json()
            model_time.append(
                (registry.get_sample_value("hygeia_llm_request_seconds_sum", {"mode": "chat"}) or 0.0) - before)
            return elapsed

        for i in range(20):  # warm-up: connections, caches, code paths
            consult(f"warm-up sore throat and runny nose {i}")
        model_time.clear()
        overhead = [(consult(f"sore throat and runny nose, day {i}") - delay) * 1000 for i in range(args.rounds)]
        over_call = [o - (m - delay) * 1000 for o, m in zip(overhead, model_time)]
        consult("sore throat and runny nose, again")
        hits = [consult("sore throat and runny nose, again") * 1000 for _ in range(args.rounds)]
        anonymous = [(consult(f"blocked nose, day {i}", signed_in=False) - delay) * 1000 for i in range(args.rounds)]
        before = len(server.requests)
        consult("sore throat and runny nose, again")
        assert len(server.requests) == before, "the cache-hit path called the model"

        pipeline_miss, pipeline_hit = bench_pipeline(app, args.rounds, delay)

        store = "PostgreSQL + Redis" if args.redis_url else "SQLite + in-process cache"
        print(f"symptoms consultations on {store}; model answers in {args.llm_ms:.0f} ms; Flask test client")
        report("overhead over the model (cache miss)", overhead)
        report("  the same, over the model call as timed", over_call)
        report("cache hit (total latency)", hits)
        report("overhead, anonymous (no token, no storage)", anonymous)
        report("analysis pipeline alone, overhead (miss)", pipeline_miss)
        report("analysis pipeline alone, cache hit", pipeline_hit)
        print("targets: overhead p50 < 10 ms, cache hit p50 < 5 ms")


if __name__ == "__main__":
    main()
