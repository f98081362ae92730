"""Fixtures for the deployment tests: a real gunicorn (config/gunicorn.py) on the session's database."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(backend, **extra: str) -> dict[str, str]:
    """Environment for a Hygeia process on the test session's database and Redis (core only)."""
    env = {**os.environ, "HYGEIA_ENV": "testing", "TEST_DATABASE_URL": backend.database_url,
           "HYGEIA_REDIS_PREFIX": backend.prefix, "HYGEIA_PLUGINS": "", "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("REDIS_URL", None)
    if backend.redis_url:
        env["REDIS_URL"] = backend.redis_url
    env.update(extra)
    return env


@dataclass
class Gunicorn:
    url: str
    process: subprocess.Popen
    log_path: Path
    metrics_dir: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")


@pytest.fixture
def redis_prefix(hygeia_backend):
    """A Redis key prefix of this test's own (queues, limits, locks), emptied afterwards."""
    prefix = f"{hygeia_backend.prefix}-{secrets.token_hex(3)}"
    yield prefix
    if hygeia_backend.redis_url:
        import redis

        client = redis.Redis.from_url(hygeia_backend.redis_url)
        keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def gunicorn(hygeia_backend, redis_prefix, tmp_path):
    """``gunicorn(worker_class="gevent", workers=2, **env)`` -> a running server (stopped after the test)."""
    started: list[Gunicorn] = []

    def start(worker_class: str = "gevent", workers: int = 2, **env: str) -> Gunicorn:
        port = free_port()
        log_path, metrics_dir = tmp_path / f"gunicorn-{port}.log", tmp_path / f"metrics-{port}"
        environ = app_env(hygeia_backend, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKER_CLASS=worker_class,
                          GUNICORN_WORKERS=str(workers), HYGEIA_LOG_FORMAT="json", HYGEIA_REDIS_PREFIX=redis_prefix,
                          PROMETHEUS_MULTIPROC_DIR=str(metrics_dir), **env)
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--no-control-socket", "wsgi:app"],
                cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        server = Gunicorn(f"http://127.0.0.1:{port}", process, log_path, metrics_dir)
        started.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # /metrics is not counted, so polling it leaves the figures alone
            assert process.poll() is None, f"gunicorn exited:\n{server.log[-3000:]}"
            try:
                if httpx.get(f"{server.url}/metrics", timeout=2).status_code == 200:
                    return server
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer:\n{server.log[-3000:]}")

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def worker_metrics(hygeia_backend, redis_prefix, tmp_path):
    """A real worker on the core queue with its metrics port, on ``redis_prefix``; yields the metrics URL."""
    if not hygeia_backend.redis_url:
        pytest.skip("an RQ worker needs Redis")
    port = free_port()
    log = open(tmp_path / "worker.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "core",
                                "--metrics-port", str(port), "--metrics-host", "127.0.0.1"],
                               cwd=ROOT, env=app_env(hygeia_backend, HYGEIA_REDIS_PREFIX=redis_prefix),
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/metrics"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "worker.log").read_text()
            try:
                httpx.get(url, timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the worker's metrics port never answered"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(30)
