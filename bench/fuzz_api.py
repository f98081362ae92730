"""Fuzz the whole API against its own OpenAPI spec (schemathesis), every plugin, signed in and anonymous.

    python bench/fuzz_api.py [--examples 100] [--seed N]

Runs on a private PostgreSQL and Redis (free ports) with local LLM and literature servers.
Prints cases run, statuses and failures found (target 0); exits 1 when something failed.
"""

from __future__ import annotations

import argparse
import time

from reliability_common import bench_stack, sign_up

from tests.reliability.fuzzing import fuzz


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=100, help="generated cases per operation and mode")
    parser.add_argument("--seed", type=int, default=None, help="derandomize (default: random cases)")
    args = parser.parse_args()
    failed = 0
    with bench_stack() as (app, _servers):
        client = app.test_client()
        counter = iter(range(10**9))
        current = {"headers": sign_up(client, "fuzz-0@example.org")}

        def headers():
            # Cases that log out or delete the account end the user's tokens: check and renew.
            if client.get("/api/profile/", headers=current["headers"]).status_code == 401:
                current["headers"] = sign_up(client, f"fuzz-{next(counter) + 1}@example.org")
            return current["headers"]

        for mode, supplier in (("authenticated", headers), ("anonymous", None)):
            started = time.perf_counter()
            report = fuzz(app, supplier, args.examples, seed=args.seed)
            elapsed = time.perf_counter() - started
            failed += len(report.failures)
            statuses = ", ".join(f"{code}: {n}" for code, n in sorted(report.statuses.items()))
            print(f"{mode}: {report.operations} operations, {report.cases} cases run in {elapsed:.1f} s, "
                  f"failures found: {len(report.failures)}")
            print(f"  statuses: {statuses}")
            other_5xx = sum(n for code, n in report.statuses.items() if code >= 500 and code != 503)
            print(f"  503 with a stated reason: {report.statuses.get(503, 0)}, other 5xx: {other_5xx}")
            for failure in report.failures:
                print("  FAILURE", failure[:600].replace("\n", "\n    "))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
