"""Fault injection under load: Redis and PostgreSQL killed and restarted while concurrent clients call
the API; the LLM server down, slow and answering garbage; PubMed down. Private processes on free
ports (never the machine's shared servers) and local protocol servers.

    python bench/reliability_faults.py [--cycles 3] [--seconds 2] [--clients 6]

Prints, per fault: requests answered, statuses, 500s, requests lost (no answer at all) and the
seconds until the API answered again by itself. Targets: 0 500s, 0 lost. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import time

from reliability_common import bench_stack, sign_up

from core.llm.fake_server import Answer
from tests.reliability.traffic import Traffic, until_healthy


def line(name: str, tally, recovered: float | None = None) -> str:
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(tally.statuses.items()))
    back = f", recovered in {recovered:.2f} s" if recovered is not None else ""
    return (f"{name}: {tally.total} requests ({statuses}), 500s {tally.statuses.get(500, 0)}, "
            f"lost {tally.lost}, slowest {tally.slowest:.2f} s{back}")


def process_faults(app, servers, args, headers) -> tuple[int, int, int]:
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    requests = [("GET", "/api/profile/", {"headers": headers}), ("GET", "/api/health/", {}),
                ("GET", "/api/chat-sessions/", {"headers": headers}), ("GET", "/api/foods/?q=apple", {}),
                ("PATCH", "/api/profile/", {"headers": headers, "json": {"age": 41}})]
    traffic = Traffic(base, requests, workers=args.clients)
    survived = errors = lost = 0
    for cycle in range(1, args.cycles + 1):
        for name in ("redis", "postgres"):
            process = servers[name]
            process.kill()
            during = traffic.phase(args.seconds)
            process.restart()
            recovered = until_healthy(base, "/api/profile/", headers, timeout=30)
            after = traffic.phase(args.seconds / 2)
            print(line(f"cycle {cycle} {name} down", during))
            print(line(f"cycle {cycle} {name} back", after, recovered))
            bad = during.statuses.get(500, 0) + after.statuses.get(500, 0)
            errors += bad
            lost += during.lost + after.lost
            survived += int(bad == 0 and during.lost + after.lost == 0 and set(after.statuses) == {200})
    server.shutdown()
    return survived, errors, lost


def llm_faults(app, servers, headers) -> tuple[int, int]:
    client = app.test_client()
    llm = servers["llm"]
    survived = errors = 0
    scenarios = {
        "LLM slow": lambda: llm.always("late", delay=3.0),
        "LLM garbage": lambda: llm.respond_with(lambda body: Answer("raw", body=b"<html>oops</html>",
                                                                    content_type="text/html")),
        "LLM down": llm.stop,  # last: the process is gone, its port refuses connections
    }
    for name, inject in scenarios.items():
        with app.app_context():
            for breaker in app.extensions["hygeia.breakers"]._breakers.values():
                breaker.close()
        if name != "LLM down":
            llm.reset()
        inject()
        timings, sources = [], []
        for n in range(8):
            started = time.perf_counter()
            response = client.post("/api/consultations/", headers=headers,
                                   json={"symptoms": f"{name} bench: sore throat for {n + 1} days"})
            timings.append(time.perf_counter() - started)
            errors += response.status_code >= 500 and response.status_code != 503
            sources.append((response.get_json() or {}).get("source"))
        with app.app_context():
            state = app.extensions["hygeia.breakers"].states().get("together_ai")
        ok = all(s == "fallback" for s in sources) and state == "open"
        survived += ok
        print(f"{name}: 8 consultations, all fallback {all(s == 'fallback' for s in sources)}, breaker {state}, "
              f"first {timings[0]:.2f} s, after opening max {max(timings[3:]):.3f} s, model calls {len(llm.requests)}")
    literature = servers["literature"]
    for endpoint in ("esearch", "europepmc"):
        literature.fail(endpoint, 503, times=100)
    timings, statuses = [], []
    for n in range(8):
        started = time.perf_counter()
        response = client.post("/api/research/", json={"query": f"bench outage {n}"}, headers=headers)
        timings.append(time.perf_counter() - started)
        statuses.append(response.status_code)
    errors += sum(1 for s in statuses if s >= 500 and s != 503)
    survived += set(statuses) == {503}
    print(f"PubMed and Europe PMC down: statuses {statuses}, slowest {max(timings):.2f} s, "
          f"last {timings[-1]:.3f} s, list still answers {client.get('/api/research/', headers=headers).status_code}")
    return survived, errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--clients", type=int, default=6)
    args = parser.parse_args()
    with bench_stack(LLM_TIMEOUT_SECONDS=0.5) as (app, servers):
        headers = sign_up(app.test_client(), "faults@example.org")
        process_survived, process_errors, lost = process_faults(app, servers, args, headers)
        dependency_survived, dependency_errors = llm_faults(app, servers, headers)
    total = args.cycles * 2 + 4
    survived = process_survived + dependency_survived
    errors = process_errors + dependency_errors
    print(f"\nfaults injected: {total}, faults survived: {survived}, 500s: {errors}, requests lost: {lost}")
    return 0 if survived == total and errors == 0 and lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
