"""Load test of the production web set-up: gunicorn (config/gunicorn.py) on PostgreSQL and Redis, driven by wrk.

Prints requests per second and p50 / p99 latency for:
  health              GET  /api/health/            (database, Redis, queues, breakers)
  profile             GET  /api/profile/           (JWT, revocation check in Redis, one row)
  chat-sessions       GET  /api/chat-sessions/     (when the chat plugin is installed)
  consultation-cached POST /api/consultations/     (same symptoms again: served from the 24 h cache;
                                                    when the symptoms plugin is installed; the LLM is a
                                                    local OpenAI-compatible server)

Usage (PostgreSQL on 127.0.0.1:5432 and Redis on 6379, `apt-get install wrk`):
  python bench/load.py                                     # gunicorn as config/gunicorn.py sets it
  python bench/load.py --worker-class gthread --threads 16
  python bench/load.py --compare                           # gevent and gthread, one after the other
It creates a throw-away database and Redis key prefix and removes both afterwards. Rate limits are
off (this measures the server, not the limiter: `--rate-limits` keeps them). wrk runs on the same
machine, so on 2 cores it takes CPU from the server: read the figures as a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYMPTOMS = "Dry cough and a mild sore throat for three days, no fever."
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


@dataclass
class Target:
    name: str
    method: str
    path: str
    body: dict | None = None


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(admin_url: str) -> tuple[str, callable]:
    name = f"hygeia_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


def migrate(env: dict[str, str]) -> None:
    env = {k: v for k, v in env.items() if k != "PROMETHEUS_MULTIPROC_DIR"}  # a one-off process: no shared metrics
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"migrations failed:\n{done.stderr[-3000:]}")


def start_gunicorn(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "ab")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--no-control-socket",
                                "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    base = f"http://{env['GUNICORN_BIND']}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(f"{base}/api/health/", timeout=2).status_code in (200, 503):
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    stop(process)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def prepare(base: str, client: httpx.Client) -> tuple[dict[str, str], list[Target]]:
    """A user with a profile, a chat session and a cached consultation; the targets that exist."""
    email, password = f"bench-{secrets.token_hex(4)}@example.org", "bench password 1234"
    client.post(f"{base}/api/auth/register/", json={"email": email, "password": password}).raise_for_status()
    login = client.post(f"{base}/api/auth/login/", json={"email": email, "password": password})
    login.raise_for_status()
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    client.patch(f"{base}/api/profile/", headers=headers,
                 json={"age": 42, "gender": "female", "chronic_conditions": ["asthma"]}).raise_for_status()
    spec = client.get(f"{base}/api/openapi.json").json()["paths"]
    targets = [Target("health", "GET", "/api/health/"), Target("profile", "GET", "/api/profile/")]
    if "/api/chat-sessions/" in spec:
        created = client.post(f"{base}/api/chat-sessions/", headers=headers, json={"title": "Bench"})
        created.raise_for_status()
        targets.append(Target("chat-sessions", "GET", "/api/chat-sessions/"))
    else:
        print("chat-sessions: skipped (the chat plugin is not installed)")
    if "/api/consultations/" in spec:
        body = {"symptoms": SYMPTOMS}
        first = client.post(f"{base}/api/consultations/", headers=headers, json=body, timeout=60)
        first.raise_for_status()
        again = client.post(f"{base}/api/consultations/", headers=headers, json=body, timeout=60)
        again.raise_for_status()
        if not _marked_cached(again.json()):
            print("consultation-cached: warning, the second answer is not marked as a cache hit")
        targets.append(Target("consultation-cached", "POST", "/api/consultations/", body))
    else:
        print("consultation-cached: skipped (the symptoms plugin is not installed)")
    return headers, targets


def _marked_cached(body) -> bool:
    if isinstance(body, dict):
        return any((("cache" in k.lower()) and v is True) or _marked_cached(v) for k, v in body.items())
    return False


def run_wrk(base: str, target: Target, headers: dict[str, str], args, workdir: Path) -> Result:
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "--timeout", "10s"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    if target.body is not None:
        script = workdir / f"{target.name}.lua"
        script.write_text(f'wrk.method = "{target.method}"\n'
                          f'wrk.body = {json.dumps(json.dumps(target.body))}\n'
                          'wrk.headers["Content-Type"] = "application/json"\n')
        command += ["-s", str(script)]
    done = subprocess.run(command + [base + target.path], capture_output=True, text=True, check=True)
    return parse_wrk(target.name, done.stdout)


def parse_wrk(name: str, output: str) -> Result:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(map(int, socket_errors.groups())) if socket_errors else 0
    return Result(name, float(rps.group(1)) if rps else 0.0, latency("50"), latency("99"), errors)


def bench(args, worker_class: str) -> list[Result]:
    database_url, drop = create_database(args.pg_admin)
    prefix = f"hygeia-bench-{secrets.token_hex(3)}"
    workdir = Path(tempfile.mkdtemp(prefix="hygeia-bench-"))
    llm = None
    env = {**os.environ,
           "HYGEIA_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "DATABASE_URL": database_url, "REDIS_URL": args.redis, "HYGEIA_REDIS_PREFIX": prefix,
           "HYGEIA_INSTANCE_PATH": str(workdir / "instance"), "HYGEIA_PLUGIN_ERRORS": "skip",
           "HYGEIA_PLUGINS": args.plugins, "SYMPTOMS_ENRICH": "0",  # no MedlinePlus calls from a benchmark
           "RATELIMIT_ENABLED": "1" if args.rate_limits else "0",
           "GUNICORN_BIND": f"127.0.0.1:{free_port()}", "GUNICORN_WORKER_CLASS": worker_class,
           "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics")}
    for name in ("workers", "threads", "worker_connections"):
        value = getattr(args, name)
        if value:
            env[f"GUNICORN_{name.upper()}"] = str(value)
    try:
        from core.llm.fake_server import FakeLLMServer

        llm = FakeLLMServer().start()
        llm.always(json.dumps({
            "triage_level": "self_care", "summary": "Most likely a viral upper respiratory infection.",
            "possible_conditions": [{"name": "Viral pharyngitis", "likelihood": "likely",
                                     "explanation": "Sore throat and cough without fever.", "icd10": "J02.9"}],
            "next_steps": ["Rest, drink fluids."], "watch_for": ["Breathing difficulty"],
            "medications": [], "disclaimer": "Information, not a diagnosis."}))
        env.update(LLM_BASE_URL=llm.url, TOGETHER_AI_API_KEY="bench-key")
    except ImportError:
        pass
    process = None
    try:
        migrate(env)
        process = start_gunicorn(env, workdir / "gunicorn.log")
        base = f"http://{env['GUNICORN_BIND']}"
        with httpx.Client(timeout=30) as client:
            headers, targets = prepare(base, client)
        results = []
        for target in targets:
            run_wrk(base, target, headers, argparse.Namespace(**{**vars(args), "duration": 2}), workdir)  # warm up
            results.append(run_wrk(base, target, headers, args, workdir))
        return results
    finally:
        if process is not None:
            stop(process)
        if llm is not None:
            llm.stop()
        drop()
        import redis

        client = redis.Redis.from_url(args.redis)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker-class", choices=["gevent", "gthread"], default=None,
                        help="default: what config/gunicorn.py picks")
    parser.add_argument("--compare", action="store_true", help="run gevent, then gthread")
    parser.add_argument("--workers", type=int, help="GUNICORN_WORKERS")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (gthread)")
    parser.add_argument("--worker-connections", type=int, help="GUNICORN_WORKER_CONNECTIONS (gevent)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--rate-limits", action="store_true")
    parser.add_argument("--plugins", default="symptoms,chat",
                        help="HYGEIA_PLUGINS for the server (the measured endpoints need symptoms and chat)")
    parser.add_argument("--pg-admin", default=os.environ.get(
        "HYGEIA_TEST_PG_ADMIN", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--redis", default=os.environ.get("HYGEIA_TEST_REDIS", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    classes = ["gevent", "gthread"] if args.compare else [args.worker_class or os.environ.get(
        "GUNICORN_WORKER_CLASS", "gevent")]
    print(f"{os.cpu_count()} cores; wrk: {args.connections} connections, {args.duration} s per endpoint")
    for worker_class in classes:
        results = bench(args, worker_class)
        print(f"\ngunicorn {worker_class}, workers={args.workers or 'default'}"
              + (f", threads={args.threads or 'default'}" if worker_class == "gthread" else ""))
        print(f"{'endpoint':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
        for r in results:
            print(f"{r.name:<22}{r.rps:>10.0f}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}{r.errors:>8}")


if __name__ == "__main__":
    main()
