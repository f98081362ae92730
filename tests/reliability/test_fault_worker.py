"""A real RQ worker process (``flask worker``) whose work horse is killed (SIGKILL) in the middle of a
job: RQ's Retry runs the job again and the record ends complete, once, with nothing lost or duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rq import Queue, Worker

from tests.reliability.processes import RedisProcess, free_port

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.fixture
def redis_process():
    server = RedisProcess().start()
    yield server
    server.kill()


def test_a_work_horse_killed_mid_job_is_retried_and_the_record_completes_once(
        make_app, make_user, hygeia_backend, llm_server, redis_process):
    llm_server.always("Rest and fluids.", delay=1.5)  # the job spends its time waiting for the model
    config = {"REDIS_URL": redis_process.url, "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key",
              "LLM_MAX_RETRIES": "0", "LLM_TIMEOUT_SECONDS": "10",
              "SYMPTOMS_MEDLINEPLUS_URL": f"http://127.0.0.1:{free_port()}/service"}
    app = make_app({**config, "JOBS_SYNC": False, "HYGEIA_PLUGINS": ["symptoms"], "RATELIMIT_ENABLED": False})
    env = {**os.environ, **config, "HYGEIA_ENV": "development", "DATABASE_URL": hygeia_backend.database_url,
           "HYGEIA_REDIS_PREFIX": hygeia_backend.prefix, "HYGEIA_PLUGINS": "symptoms",
           "HYGEIA_INPROCESS_SCHEDULER": "0"}
    worker = subprocess.Popen([FLASK, "--app", "wsgi", "worker", "symptoms"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        connection = redis.Redis.from_url(redis_process.url)
        queue = Queue(f"{hygeia_backend.prefix}:symptoms", connection=connection)
        _wait(lambda: Worker.count(queue=queue) > 0, 30, "the worker to listen")
        client = app.test_client()
        user = make_user()
        # The worker's scheduler runs in a child process (it enqueues the retry): never kill that one.
        idle_children = set(_wait(lambda: _children(worker.pid), 30, "the worker's scheduler process"))
        accepted = client.post("/api/consultations/", headers=user.headers,
                               json={"symptoms": "cough and a mild fever for three days", "async": True})
        assert accepted.status_code == 202, accepted.get_json()
        consultation_id = accepted.get_json()["id"]

        _wait(lambda: len(llm_server.requests) >= 1, 30, "the job to call the model")
        horses = _wait(lambda: set(_children(worker.pid)) - idle_children, 5, "the work horse")
        for pid in horses:
            os.kill(pid, signal.SIGKILL)  # mid-job: the model has not answered yet
        calls_when_killed = len(llm_server.requests)
        assert client.get(f"/api/consultations/{consultation_id}/",
                          headers=user.headers).get_json()["status"] == "pending"

        def finished():
            body = client.get(f"/api/consultations/{consultation_id}/", headers=user.headers).get_json()
            return body if body["status"] != "pending" else None

        done = _wait(finished, 45, "the retried job to complete the consultation")
        assert done["status"] == "complete" and done["analysis"], done
        assert len(llm_server.requests) > calls_when_killed  # it ran again
        listing = client.get("/api/consultations/", headers=user.headers).get_json()
        assert listing["total"] == 1 and listing["items"][0]["id"] == consultation_id
        print(f"\nworker: horse killed mid-job, retried by RQ, consultation complete once "
              f"({len(llm_server.requests)} model calls)")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
