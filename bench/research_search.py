"""Research plugin figures: parsing NCBI's XML, and a search served from the 24 h cache.

    python bench/research_search.py [--rounds 200]

Runs on the embedded default (SQLite in a temporary folder, in-process cache)
unless REDIS_URL is set, with a local E-utilities server (real NCBI bodies),
so no network is used. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.research.pubmed_xml import parse_efetch, parse_esearch  # noqa: E402
from tests.plugins.research.literature_server import LiteratureServer, data, efetch_body  # noqa: E402

PREFIX = f"hygeia-bench-research-{os.getpid()}"
FILES = ["pubmed4.xml", "pubmed5.xml", "pubmed6.xml", "pubmed7.xml", "pubmed1.xml", "pubmed2.xml"]


def timed(func, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float], unit: str = "ms", scale: float = 1000.0) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"{label:<46} median {statistics.median(times) * scale:8.3f} {unit}   p95 {p95 * scale:8.3f} {unit}")


def bench_parsing(rounds: int) -> None:
    body = efetch_body(FILES)
    articles = len(parse_efetch(body))
    times = timed(lambda: parse_efetch(body), rounds)
    report(f"efetch parse ({articles} records, {len(body) // 1024} KiB)", times)
    per_article = statistics.median(times) / articles
    print(f"{'':<46} {per_article * 1000:.3f} ms per record, "
          f"{len(body) / statistics.median(times) / 1e6:.1f} MB/s")
    search = data("esearch2.xml")
    report("esearch parse (100 ids, history)", timed(lambda: parse_esearch(search), rounds))


def bench_cached_query(rounds: int) -> None:
    import flask_migrate

    from core.app import create_app
    from core.migrations import enabled_branches

    server = LiteratureServer().start()
    folder = tempfile.mkdtemp(prefix="hygeia-bench-")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "REDIS_URL": os.environ.get("REDIS_URL"),
        "REDIS_KEY_PREFIX": PREFIX, "HYGEIA_PLUGINS": ["research"], "JOBS_SYNC": True,
        "RATELIMIT_ENABLED": False, "RESEARCH_EUTILS_BASE_URL": f"{server.url}/eutils",
        "RESEARCH_EUROPEPMC_BASE_URL": f"{server.url}/europepmc",
        "RESEARCH_NEWS_FEED_URL": f"{server.url}/who/news.xml",
    }, env="testing")
    with app.app_context():
        for branch in enabled_branches(app):
            flask_migrate.upgrade(revision=f"{branch}@head")
    client = app.test_client()
    account = {"email": "bench@example.org", "password": "correct horse battery 9"}
    client.post("/api/auth/register/", json=account)
    token = client.post("/api/auth/login/", json=account).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    query = {"query": "telomere pancreatic cancer", "max_results": 10}

    cold = timed(lambda: client.post("/api/research/", json=query, headers=headers), 1)
    report("POST /api/research/ cold (local E-utilities)", cold)
    cached = timed(lambda: client.post("/api/research/", json=query, headers=headers), rounds)
    report("POST /api/research/ cached (rank + store)", cached)
    print(f"{'':<46} {1 / statistics.median(cached):.0f} searches/s on one thread")

    from plugins.research.services import citations_for, find_articles
    from plugins.research.spec import SearchSpec

    with app.app_context():
        spec = SearchSpec(query["query"])
        report("find_articles cached (cache read only)", timed(lambda: find_articles(spec), rounds))
        citations_for("telomere pancreatic cancer")
        report("ai_context citations cached", timed(lambda: citations_for("telomere pancreatic cancer"), rounds))
    server.stop()
    cleanup(app, folder)


def cleanup(app, folder: str) -> None:
    import shutil

    from core.api import get_redis

    client = get_redis(app)
    if client is not None:
        keys = list(client.scan_iter(match=f"{PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    print(f"backend: {'Redis ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'in-process cache'}")
    bench_parsing(rounds)
    bench_cached_query(rounds)


if __name__ == "__main__":
    main()
