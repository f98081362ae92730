"""Account enumeration by timing: do known and unknown addresses take the same time?

Figures printed: p50 and p90 response times, and the p50 gap, of
  - POST /api/auth/password-reset/      (known vs unknown address)
  - POST /api/auth/resend-verification/ (unverified account vs unknown address)
  - POST /api/auth/login/ with a wrong password (known vs unknown address)
on the embedded default (SQLite, in-process jobs, mail to an outbox folder) with the
production password hashing parameters. Rate limits are off so every sample counts.
Requests alternate known/unknown so drift affects both alike.

    python bench/core_account_timing.py [--samples 200]
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

PASSWORD = "correct horse battery 9"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()

    import flask_migrate

    from core.app import create_app

    workdir = tempfile.mkdtemp(prefix="hygeia-bench-")
    os.environ["HYGEIA_INSTANCE_PATH"] = workdir
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.sqlite3", "REDIS_URL": None, "JOBS_SYNC": False,
        "HYGEIA_PLUGINS": [], "PASSWORD_HASH_FAST": False, "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "outbox", "MAIL_OUTBOX_DIR": f"{workdir}/outbox", "MAIL_SUPPRESS_SEND": False,
    }, env="testing")
    with app.app_context():
        flask_migrate.upgrade(revision="core@head")
    client = app.test_client()
    assert client.post("/api/auth/register/", json={"email": "known@example.org", "password": PASSWORD}).status_code \
        == 201

    cases = {
        "password-reset": lambda email: client.post("/api/auth/password-reset/", json={"email": email}),
        "resend-verification": lambda email: client.post("/api/auth/resend-verification/", json={"email": email}),
        "login (wrong password)": lambda email: client.post("/api/auth/login/",
                                                          json={"email": email, "password": "wrong password 1"}),
    }
    print(f"{args.samples} samples each, embedded default, argon2 production parameters")
    print(f"{'endpoint':<24}{'known p50':>11}{'unknown p50':>13}{'known p90':>11}{'unknown p90':>13}{'p50 gap':>10}")
    for name, call in cases.items():
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        for i in range(args.samples * 2):
            kind = "known" if i % 2 == 0 else "unknown"
            email = "known@example.org" if kind == "known" else f"nobody{i}@example.org"
            started = time.perf_counter()
            response = call(email)
            timings[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code in (202, 401), response.get_json()
        known, unknown = timings["known"], timings["unknown"]
        gap = statistics.median(known) - statistics.median(unknown)
        print(f"{name:<24}{statistics.median(known):>9.2f}ms{statistics.median(unknown):>11.2f}ms"
              f"{percentile(known, 0.9):>9.2f}ms{percentile(unknown, 0.9):>11.2f}ms{gap:>+8.2f}ms")
    app.extensions["hygeia.jobs"].pool.shutdown(wait=True)


if __name__ == "__main__":
    main()
