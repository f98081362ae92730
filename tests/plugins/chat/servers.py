"""Real Hygeia processes for the chat tests: web servers and an RQ worker on the test session's backend."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    """Web servers (``urls``) and maybe a worker, sharing one database, Redis and instance folder."""

    urls: list[str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list = field(default_factory=list)

    def ws_url(self, index: int, path: str) -> str:
        return self.urls[index].replace("http://", "ws://") + path

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGINT)  # quick shutdown for gunicorn and flask run, warm for the worker
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()

    def output(self) -> str:
        text = []
        for log in self.logs:
            log.flush()
            with open(log.name, encoding="utf-8", errors="replace") as handle:
                text.append(handle.read()[-4000:])
        return "\n----\n".join(text)


def environment(backend, llm_url: str, config: dict) -> dict[str, str]:
    """Environment of a Hygeia process on ``backend`` with ``config`` in its instance/config.py."""
    instance = tempfile.mkdtemp(prefix="hygeia-chat-instance-")
    Path(instance, "config.py").write_text("".join(f"{k} = {v!r}\n" for k, v in config.items()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "DB_"))}
    env.update({
        "HYGEIA_ENV": "testing", "HYGEIA_INSTANCE_PATH": instance, "TEST_DATABASE_URL": backend.database_url,
        "REDIS_URL": backend.redis_url or "", "HYGEIA_REDIS_PREFIX": backend.prefix,
        "LLM_BASE_URL": llm_url, "TOGETHER_AI_API_KEY": "test-key", "PYTHONUNBUFFERED": "1",
    })
    return env


def start(backend, llm_url: str, web: int, worker: bool, config: dict) -> Cluster:
    env = environment(backend, llm_url, config)
    ports = [free_port() for _ in range(web)]
    cluster = Cluster([f"http://127.0.0.1:{port}" for port in ports])
    commands = [web_command(port) for port in ports]
    if worker:
        commands.append([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "chat"])
    for command in commands:
        log = tempfile.NamedTemporaryFile("w+", prefix="hygeia-chat-", suffix=".log", delete=False)
        cluster.logs.append(log)
        cluster.processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                  stderr=subprocess.STDOUT))
    try:
        for url in cluster.urls:
            wait_for(lambda url=url: httpx.get(url + "/api/health/", timeout=1).status_code in (200, 503),
                     what=f"web server {url}", cluster=cluster)
        if worker:
            wait_for(lambda: worker_registered(backend), what="chat worker", cluster=cluster)
    except Exception:
        cluster.stop()
        raise
    return cluster


GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"


def web_command(port: int) -> list[str]:
    """The production server (gunicorn, gevent worker, the project's settings) when installed, else werkzeug's."""
    if importlib.util.find_spec("gunicorn") and importlib.util.find_spec("gevent"):
        settings = ["-c", str(GUNICORN_CONFIG)] if GUNICORN_CONFIG.is_file() else ["-k", "gevent"]
        return [sys.executable, "-m", "gunicorn", *settings, "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"]
    return [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--no-reload", "--with-threads",
            "--host", "127.0.0.1", "--port", str(port)]


def worker_registered(backend) -> bool:
    import redis
    from rq import Queue, Worker

    client = redis.Redis.from_url(backend.redis_url)
    try:
        return Worker.count(connection=client, queue=Queue(f"{backend.prefix}:chat", connection=client)) > 0
    finally:
        client.close()


def wait_for(check, what: str, cluster: Cluster, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in cluster.processes):
            raise RuntimeError(f"a process exited while waiting for {what}:\n{cluster.output()}")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up:\n{cluster.output()}")


def receive(ws, timeout: float = 10.0) -> dict:
    ws.settimeout(timeout)
    return json.loads(ws.recv())
