"""Jobs: registration, per-plugin queues, a real RQ worker process, schedules."""

import os
import subprocess
import sys
import threading
import uuid

import pytest
from sqlalchemy import select

import tests.sample_plugin as sample_plugin
from core.extensions import db
from core.health.models import HealthCheckRun
from core.jobs import JobRefused, JobRegistry, enqueue, execute, registry
from core.scheduler import InProcessScheduler, LockedCronScheduler, build_cron_scheduler
from tests.sample_plugin.models import SampleNote

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def not_a_job():
    return 1


def test_only_registered_functions_can_be_enqueued(sample_app):
    with sample_app.app_context(), pytest.raises(JobRefused, match="not a registered job"):
        enqueue(not_a_job)


def _note(user, text: str) -> SampleNote:
    note = SampleNote(user_id=user.id, text=text)
    db.session.add(note)
    db.session.commit()
    return note


def _words(note: SampleNote) -> int | None:
    return db.session.scalar(select(SampleNote.words).where(SampleNote.id == note.id))


def test_a_job_is_enqueued_by_its_registered_name(sample_app, user):
    with sample_app.app_context():
        note = _note(user, "three words here")
        job = enqueue("sample:count_words", str(note.id))
        assert job.queue.endswith(":sample") and _words(note) == 3
        db.session.execute(SampleNote.__table__.update().values(words=None))
        db.session.commit()
        enqueue("sample:tests.sample_plugin.count_words", str(note.id))  # the long form, as names() lists it
        assert _words(note) == 3


def test_an_unknown_job_name_is_refused(sample_app):
    with sample_app.app_context():
        with pytest.raises(JobRefused, match="no job named sample:count_lines is registered"):
            enqueue("sample:count_lines", "x")
        with pytest.raises(JobRefused, match="no job named symptoms:count_words is registered"):
            enqueue("symptoms:count_words", "x")  # another plugin's name for it


def first():
    return 1


def second():
    return 2


second.__name__, second.__qualname__ = "first", "elsewhere.first"  # as if from another module


def test_a_name_two_jobs_share_is_refused_and_their_long_names_are_not(sample_app):
    jobs = JobRegistry(sample_app)
    jobs.add("sample", first)
    jobs.add("sample", second)
    with pytest.raises(JobRefused, match="sample:first names 2 jobs"):
        jobs.resolve("sample:first")
    assert jobs.resolve("sample:tests.core.test_jobs.first") is first
    assert jobs.resolve("sample:tests.core.test_jobs.elsewhere.first") is second


def test_every_run_is_reported_to_the_registrys_observers(sample_app, user):
    runs = []
    registry(sample_app).observe(lambda plugin, job, status, seconds: runs.append((plugin, job, status, seconds)))
    with sample_app.app_context():
        enqueue("sample:count_words", str(_note(user, "two words").id))
        enqueue("sample:count_words", str(uuid.uuid4()), retries=0)  # no such note: the job fails
    assert [run[:3] for run in runs] == [("sample", "count_words", "succeeded"), ("sample", "count_words", "failed")]
    assert all(seconds >= 0 for *_, seconds in runs)


def test_a_process_without_the_plugin_refuses_its_jobs(make_app):
    app = make_app({"HYGEIA_PLUGINS": []})
    with app.app_context(), pytest.raises(JobRefused, match="plugin 'sample', which is not enabled"):
        execute("sample", "tests.sample_plugin.tidy", [], {})


def test_jobs_wait_in_the_plugins_queue_until_a_real_worker_runs_them(make_app, installed, hygeia_backend,
                                                                     sample_tables, tmp_path, user):
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis")
    installed({"sample": "tests.sample_plugin"})
    app = make_app({"HYGEIA_PLUGINS": ["sample"], "JOBS_SYNC": False})
    with app.app_context():
        note = SampleNote(user_id=user.id, text="four words right here")
        db.session.add(note)
        db.session.commit()
        job = enqueue(sample_plugin.count_words, str(note.id))
        assert job.mode == "rq" and job.queue == f"{hygeia_backend.prefix}:sample"
    assert app.test_client().get("/api/health/").get_json()["queues"]["sample"] == 1

    env = {**os.environ, "HYGEIA_ENV": "testing", "TEST_DATABASE_URL": hygeia_backend.database_url,
           "REDIS_URL": hygeia_backend.redis_url, "HYGEIA_REDIS_PREFIX": hygeia_backend.prefix,
           "HYGEIA_PLUGINS": "sample", "PYTHONPATH": os.pathsep.join([str(tmp_path), ROOT])}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "sample", "--burst"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with app.app_context():
        assert db.session.scalar(select(SampleNote.words).where(SampleNote.id == note.id)) == 4
    assert app.test_client().get("/api/health/").get_json()["queues"]["sample"] == 0


def test_schedules_become_rq_cron_jobs_on_the_plugins_queue(sample_app, hygeia_backend):
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis")
    cron = build_cron_scheduler(sample_app)
    jobs = {job.name: job for job in cron.get_jobs()}
    assert jobs["tests.sample_plugin.tidy@300s"].queue_name == f"{hygeia_backend.prefix}:sample"
    assert jobs["core.health.service.run_scheduled_check@840s"].interval == 14 * 60


def test_only_one_scheduler_holds_the_lock(sample_app, hygeia_backend):
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis")
    first = build_cron_scheduler(sample_app)
    first.acquire()
    second = LockedCronScheduler(first.connection, first.lock_key, name=f"other-{uuid.uuid4().hex}")
    waiter = threading.Thread(target=second.acquire, kwargs={"poll_seconds": 0.05}, daemon=True)
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # still waiting while the first holds the lock
    first.release()
    waiter.join(2)
    assert not waiter.is_alive()
    second.release()


def test_in_process_scheduler_runs_the_health_check_and_stores_it(make_app):
    app = make_app({"REDIS_URL": None, "HEALTH_CHECK_INTERVAL_SECONDS": 3600})
    app.extensions["hygeia.redis"] = None
    scheduler = InProcessScheduler(app, first_delay=0)
    scheduler.start()
    try:
        for _ in range(50):
            with app.app_context():
                run = db.session.scalar(select(HealthCheckRun))
            if run:
                break
            threading.Event().wait(0.1)
    finally:
        scheduler.stopped.set()
    assert run is not None and run.status in ("ok", "degraded")
    last = app.test_client().get("/api/health/").get_json()["last_scheduled_check"]
    assert last["status"] == run.status
