"""`flask worker --metrics-port`: a real RQ worker process serves job counts, durations, failures and queues."""

import subprocess
import sys
import time

import httpx
import pytest
from rq import Queue

from core.health.service import run_scheduled_check
from core.jobs import enqueue, execute, queue_name
from core.redis_client import get_redis
from tests.deploy.conftest import ROOT, app_env
from tests.deploy.test_gunicorn import counter_value


def scrape_until(url: str, done, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = httpx.get(url, timeout=5).text
        if done(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.2)


def test_worker_metrics_count_jobs_failures_and_queues(make_app, worker_metrics, redis_prefix):
    app = make_app({"HYGEIA_PLUGINS": [], "JOBS_SYNC": False, "REDIS_KEY_PREFIX": redis_prefix})
    with app.app_context():
        enqueue(run_scheduled_check)
        enqueue(run_scheduled_check)
        # A job for a plugin this worker does not run is refused: a failure, kept in RQ's failed registry.
        Queue(queue_name("core", app), connection=get_redis(app)).enqueue(execute, "ghost", "ghost.jobs.haunt", [], {})

    def finished(text: str) -> bool:
        return (counter_value(text, "hygeia_jobs_total", job="run_scheduled_check", status="succeeded") == 2
                and counter_value(text, "hygeia_jobs_total", plugin="ghost", status="failed") == 1)

    text = scrape_until(worker_metrics, finished)
    assert finished(text), text
    # Recorded once each by the worker, after its work horse exited: never twice, never lost.
    assert counter_value(text, "hygeia_job_duration_seconds_count", plugin="core", job="run_scheduled_check") == 2
    assert counter_value(text, "hygeia_job_duration_seconds_sum", plugin="core", job="run_scheduled_check") > 0
    assert counter_value(text, "hygeia_queue_jobs", queue="core", state="failed") == 1
    assert counter_value(text, "hygeia_queue_jobs", queue="core", state="finished") == 2
    assert counter_value(text, "hygeia_queue_depth", queue="core") == 0
    assert counter_value(text, "hygeia_queue_workers", queue="core") == 1
    assert counter_value(text, "hygeia_health_status") == 0  # the job stored an "ok" health check
    assert 'hygeia_breaker_state{breaker="together_ai"} 0.0' in text


def test_worker_refuses_conflicting_queue_options(hygeia_backend):
    if not hygeia_backend.redis_url:
        pytest.skip("an RQ worker needs Redis")
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "core", "--exclude", "core"],
                          cwd=ROOT, env=app_env(hygeia_backend), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "give PLUGINS or --exclude, not both" in done.stderr
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--exclude", "core"],
                          cwd=ROOT, env=app_env(hygeia_backend), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "leaves no queue" in done.stderr
