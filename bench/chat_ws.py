"""Chat WebSocket benchmark: first-token latency and idle connections per server process.

Figures printed:
  1. provider-first-token -> client-first-token latency (p50, p90) over ws /ws/chat/<id>/,
     with the reply written by an RQ worker (tokens through Redis pub/sub) and in-process;
  2. idle authenticated WebSocket connections one server process holds, with its memory
     per connection, for gunicorn gevent, gunicorn gthread and the werkzeug server.

Everything runs on 127.0.0.1: a temporary PostgreSQL database and Redis prefix when
they are reachable (else SQLite, in-process only), the local OpenAI-compatible test
server as the provider (its first delta carries the time it was written), real
server processes started here. Rate limits are off so the samples are not throttled.

    python bench/chat_ws.py [--connections 1000] [--samples 50] [--servers gevent,gthread,werkzeug]
                            [--embedded]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.llm.fake_server import Answer, FakeLLMServer  # noqa: E402

PG_ADMIN = os.environ.get("HYGEIA_TEST_PG_ADMIN", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("HYGEIA_TEST_REDIS", "redis://127.0.0.1:6379/0")


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Backend:
    """A throw-away database (and Redis prefix) for the benchmark's processes."""

    def __init__(self, embedded: bool = False):
        self.prefix = f"hygeia-bench-{secrets.token_hex(3)}"
        self.redis = REDIS_URL if not embedded and reachable(6379) and reachable(5432) else None
        if self.redis:
            import sqlalchemy as sa

            self.name = self.prefix.replace("-", "_")
            self.admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
            self.url = PG_ADMIN.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.path = tempfile.mktemp(prefix="hygeia-bench-", suffix=".sqlite3")
            self.url = f"sqlite:///{self.path}"
        self.instance = tempfile.mkdtemp(prefix="hygeia-bench-instance-")

    def env(self, llm_url: str, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "DB_"))}
        env.update({
            "HYGEIA_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": self.url,
            "REDIS_URL": self.redis or "", "HYGEIA_REDIS_PREFIX": self.prefix, "HYGEIA_PLUGINS": "chat",
            "HYGEIA_INSTANCE_PATH": self.instance, "RATELIMIT_ENABLED": "0", "LLM_BASE_URL": llm_url,
            "TOGETHER_AI_API_KEY": "bench", "PYTHONUNBUFFERED": "1", "DB_POOL_SIZE": "10",
        })
        env.update(extra)
        return env

    def drop(self) -> None:
        if self.redis:
            import redis
            import sqlalchemy as sa

            client = redis.Redis.from_url(self.redis)
            keys = list(client.scan_iter(match=f"*{self.prefix}*", count=1000))
            if keys:
                client.delete(*keys)
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        elif os.path.exists(self.path):
            os.remove(self.path)


def config_file(backend: Backend, settings: dict) -> None:
    Path(backend.instance, "config.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()))


GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"


def server_command(kind: str, port: int, connections: int) -> list[str]:
    """One worker process of each server; gunicorn with the project's settings (config/gunicorn.py) if present."""
    bind = f"127.0.0.1:{port}"
    gunicorn = [sys.executable, "-m", "gunicorn", *(["-c", str(GUNICORN_CONFIG)] if GUNICORN_CONFIG.is_file()
                                                     else []), "-w", "1", "-b", bind]
    if kind == "gevent":
        return [*gunicorn, "-k", "gevent", "--worker-connections", str(connections + 100), "wsgi:app"]
    if kind == "gthread":  # every open socket holds one of the worker's threads
        return [*gunicorn, "-k", "gthread", "--threads", str(connections + 50), "wsgi:app"]
    return [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--no-reload", "--with-threads",
            "--host", "127.0.0.1", "--port", str(port)]


def start(command: list[str], env: dict, url: str | None = None) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while url and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
        try:
            if httpx.get(url + "/api/health/", timeout=1).status_code in (200, 503):
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    if url:
        raise TimeoutError(f"{' '.join(command)} did not answer")
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total


def login(url: str) -> tuple[str, str]:
    email, password = f"bench-{secrets.token_hex(4)}@example.org", "correct horse battery 9"
    httpx.post(url + "/api/auth/register/", json={"email": email, "password": password}, timeout=30)
    tokens = httpx.post(url + "/api/auth/login/", json={"email": email, "password": password}, timeout=30).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    session = httpx.post(url + "/api/chat-sessions/", json={}, headers=headers, timeout=30).json()
    return tokens["access_token"], session["id"]


class StampedChunks(list):
    """Six deltas; the first is the wall-clock time at which the provider writes it."""

    def __init__(self):
        super().__init__(["stamp "] + ["word "] * 5)

    def __iter__(self):
        yield f"{time.time():.6f} "
        yield from self[1:]


def stamped_stream(body: dict) -> Answer:
    return Answer("stream", chunks=StampedChunks())


def latency(backend: Backend, llm: FakeLLMServer, kind: str, generation: str, samples: int) -> list[float]:
    config_file(backend, {"CHAT_GENERATION": generation})
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = backend.env(llm.url)
    web = start(server_command(kind, port, 100), env, url)
    worker = start([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--simple", "chat"], env) \
        if generation == "worker" else None
    try:
        if worker:
            time.sleep(3)  # let the worker register before the first message
        token, session_id = login(url)
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws/chat/{session_id}/", timeout=30,
                                         header=[f"Authorization: Bearer {token}"])
        ws.recv()  # ready
        figures = []
        for n in range(samples + 3):
            ws.send(json.dumps({"type": "message", "content": f"question {n}"}))
            first = None
            while True:
                frame = json.loads(ws.recv())
                if frame["type"] == "token" and first is None:
                    first = (time.time() - float(frame["text"])) * 1000
                if frame["type"] == "done":
                    break
            if n >= 3 and first is not None:  # the first replies warm up connections and imports
                figures.append(first)
        ws.close()
        return figures
    finally:
        for process in (web, worker):
            if process:
                stop(process)


def idle_connections(backend: Backend, llm: FakeLLMServer, kind: str, count: int) -> dict:
    config_file(backend, {"CHAT_GENERATION": "inprocess", "CHAT_WS_IDLE_SECONDS": 3600})
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    web = start(server_command(kind, port, count), backend.env(llm.url), url)
    sockets = []
    try:
        token, session_id = login(url)
        ws_url = f"ws://127.0.0.1:{port}/ws/chat/{session_id}/"
        for _ in range(3):  # warm the code paths before the baseline
            warm = websocket.create_connection(ws_url, timeout=30, header=[f"Authorization: Bearer {token}"])
            warm.recv()
            warm.close()
        time.sleep(1)
        baseline = tree_rss_kb(web.pid)
        started = time.monotonic()
        failed = None
        for _ in range(count):
            try:
                ws = websocket.create_connection(ws_url, timeout=30, header=[f"Authorization: Bearer {token}"])
                if json.loads(ws.recv())["type"] != "ready":
                    raise RuntimeError("not ready")
                sockets.append(ws)
            except Exception as error:
                failed = f"{type(error).__name__}: {error}"
                break
        opened = time.monotonic() - started
        time.sleep(2)
        loaded = tree_rss_kb(web.pid)
        alive = 0
        for ws in sockets:  # every connection must still answer
            try:
                ws.send('{"type": "ping"}')
                ws.settimeout(30)
                alive += json.loads(ws.recv())["type"] == "pong"
            except Exception:
                pass
        return {"server": kind, "held": alive, "asked": count, "open_seconds": round(opened, 1),
                "rss_before_mb": round(baseline / 1024, 1), "rss_after_mb": round(loaded / 1024, 1),
                "kb_per_connection": round((loaded - baseline) / max(1, len(sockets)), 1), "failure": failed}
    finally:
        for ws in sockets:
            try:
                ws.close()
            except Exception:
                pass
        stop(web)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--servers", default="gevent,gthread,werkzeug")
    parser.add_argument("--embedded", action="store_true", help="SQLite and no Redis (the embedded default)")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.servers.split(",") if k.strip()]

    backend = Backend(args.embedded)
    llm = FakeLLMServer().start()
    llm.respond_with(stamped_stream)
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                       env=backend.env(llm.url), check=True, capture_output=True)
        print(f"backend: {'PostgreSQL + Redis' if backend.redis else 'SQLite, no Redis'}; "
              f"{os.cpu_count()} CPUs")
        print("\n1. provider first token -> client first token (ms)")
        modes = (["worker", "inprocess"] if backend.redis else ["inprocess"])
        for kind in kinds:
            for mode in modes:
                figures = latency(backend, llm, kind, mode, args.samples)
                quantiles = statistics.quantiles(figures, n=10)
                print(f"   {kind:9} {mode:9}  p50 {statistics.median(figures):6.2f}  p90 {quantiles[8]:6.2f}"
                      f"  max {max(figures):6.2f}  (n={len(figures)})")
        print(f"\n2. idle authenticated WebSocket connections, one server process (target {args.connections})")
        for kind in kinds:
            result = idle_connections(backend, llm, kind, args.connections)
            print(f"   {kind:9} held {result['held']}/{result['asked']} in {result['open_seconds']} s; "
                  f"RSS {result['rss_before_mb']} -> {result['rss_after_mb']} MB, "
                  f"{result['kb_per_connection']} KB per connection"
                  + (f"; stopped by {result['failure']}" if result["failure"] else ""))
    finally:
        llm.stop()
        backend.drop()


if __name__ == "__main__":
    main()
