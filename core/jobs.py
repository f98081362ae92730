"""Background jobs: RQ queues per plugin with Redis, a thread pool in-process without.

Plugins register job functions (register_jobs) and call ``enqueue("<plugin>:<job>", ...)`` with the
job's registered name (or ``enqueue(func, ...)``), so a service never imports its own jobs module.
Every job is run through ``execute(plugin, name, args, kwargs)``, which checks
that the plugin is enabled on this process, opens an application context and
reports the run to the registry's observers (core.metrics counts them; this module
imports neither metrics nor health). Queues are named ``<REDIS_KEY_PREFIX>:<plugin>``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from rq import Queue, Retry, SimpleWorker, Worker

from core.redis_client import get_redis

log = logging.getLogger(__name__)
_in_work_horse = False  # set in a forked RQ work horse: its worker reports the job once the horse exits
JobObserver = Callable[[str, str, str, float], None]  # (plugin, job's function name, status, seconds)


class JobRefused(RuntimeError):
    """The job belongs to a plugin this process has not enabled, or is not registered."""


@dataclass(frozen=True)
class EnqueuedJob:
    id: str
    queue: str
    mode: str  # "rq", "rq-sync", "thread" or "sync"


class JobRegistry:
    """Registered job functions by plugin, and the in-process pool for the embedded default."""

    def __init__(self, app: Flask):
        self.app = app
        self._by_key: dict[tuple[str, str], Callable] = {}
        self._plugin_of: dict[Callable, str] = {}
        self._by_short_name: dict[str, list[Callable]] = {}
        self._observers: list[JobObserver] = []
        self._pool: ThreadPoolExecutor | None = None

    def add(self, plugin: str, func: Callable) -> None:
        key = (plugin, job_name(func))
        if key in self._by_key:
            raise ValueError(f"job {key[1]} registered twice by plugin {plugin}")
        self._by_key[key] = func
        self._plugin_of[func] = plugin
        self._by_short_name.setdefault(f"{plugin}:{func.__name__}", []).append(func)

    def resolve(self, name: str) -> Callable:
        """The job registered as ``"<plugin>:<function name>"`` (or ``"<plugin>:<module>.<function>"``)."""
        plugin, _, rest = name.partition(":")
        if (plugin, rest) in self._by_key:
            return self._by_key[(plugin, rest)]
        found = self._by_short_name.get(name, [])
        if len(found) > 1:
            raise JobRefused(f"{name} names {len(found)} jobs; enqueue it as "
                             f"{' or '.join(f'{plugin}:{job_name(f)}' for f in found)}")
        if not found:
            raise JobRefused(f"no job named {name} is registered on this process "
                             "(\"<plugin>:<function name>\" of a function returned from register_jobs)")
        return found[0]

    def observe(self, observer: JobObserver) -> None:
        """Call ``observer(plugin, job, status, seconds)`` after each run ("succeeded" or "failed")."""
        self._observers.append(observer)

    def report(self, plugin: str, name: str, status: str, seconds: float) -> None:
        for observer in self._observers:
            observer(plugin, name.rsplit(".", 1)[-1], status, seconds)

    def plugin_of(self, func: Callable) -> str:
        try:
            return self._plugin_of[func]
        except KeyError:
            raise JobRefused(f"{job_name(func)} is not a registered job (return it from register_jobs)") from None

    def get(self, plugin: str, name: str) -> Callable:
        try:
            return self._by_key[(plugin, name)]
        except KeyError:
            raise JobRefused(f"job {name} of plugin {plugin} is not registered on this process") from None

    def names(self) -> list[str]:
        return sorted(f"{p}:{n}" for p, n in self._by_key)

    @property
    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.app.config.get("INPROCESS_JOB_THREADS", 2),
                                            thread_name_prefix="hygeia-job")
        return self._pool


def job_name(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def queue_name(plugin: str, app: Flask | None = None) -> str:
    return f"{(app or current_app).config['REDIS_KEY_PREFIX']}:{plugin}"


def registry(app: Flask | None = None) -> JobRegistry:
    return (app or current_app).extensions["hygeia.jobs"]


def enqueue(job: Callable | str, *args: Any, retries: int = 2, retry_intervals: tuple[int, ...] = (5, 30),
            timeout: int | None = None, job_id: str | None = None, **kwargs: Any) -> EnqueuedJob:
    """Run a registered job in the background on its plugin's queue.

    ``job`` is the job's registered name, ``"<plugin>:<function name>"`` (so the caller need
    not import the job's module), or the registered function itself.
    Arguments must be JSON-able (ids, strings, numbers). ``retries`` failed runs
    are tried again after ``retry_intervals`` seconds. Commit the records the job
    reads before enqueueing it.
    """
    app = current_app._get_current_object()
    reg = registry(app)
    func = reg.resolve(job) if isinstance(job, str) else job
    plugin = reg.plugin_of(func)
    name = job_name(func)
    qname = queue_name(plugin, app)
    job_id = job_id or uuid.uuid4().hex
    client = get_redis(app)
    sync = bool(app.config.get("JOBS_SYNC"))
    if client is not None:
        queue = Queue(qname, connection=client, is_async=not sync)
        queue.enqueue(
            execute, plugin, name, list(args), kwargs,
            job_id=job_id, job_timeout=timeout or app.config.get("JOB_TIMEOUT_SECONDS", 600),
            retry=Retry(max=retries, interval=list(retry_intervals)) if retries else None,
            meta={"plugin": plugin}, description=name,
        )
        return EnqueuedJob(job_id, qname, "rq-sync" if sync else "rq")
    if sync:
        _run_with_retries(app, plugin, name, args, kwargs, retries, retry_intervals=())
        return EnqueuedJob(job_id, qname, "sync")
    reg.pool.submit(_run_with_retries, app, plugin, name, args, kwargs, retries, retry_intervals)
    return EnqueuedJob(job_id, qname, "thread")


def _run_with_retries(app: Flask, plugin: str, name: str, args, kwargs, retries: int,
                      retry_intervals: tuple[int, ...]) -> Any:
    for attempt in range(retries + 1):
        try:
            with app.app_context():
                return execute(plugin, name, list(args), kwargs)
        except JobRefused:
            raise
        except Exception:
            log.exception("job %s failed (attempt %d of %d)", name, attempt + 1, retries + 1)
            if attempt == retries:
                return None
            if retry_intervals:
                time.sleep(retry_intervals[min(attempt, len(retry_intervals) - 1)])
    return None


def execute(plugin: str, name: str, args: list, kwargs: dict) -> Any:
    """The one function RQ runs: resolve the job on this process and run it in an app context."""
    app = current_app._get_current_object()
    if plugin not in app.extensions["hygeia.plugins"].manifests:
        raise JobRefused(f"job {name} belongs to plugin {plugin!r}, which is not enabled on this worker")
    reg = registry(app)
    func = reg.get(plugin, name)
    started = time.perf_counter()
    status = "failed"
    try:
        with app.app_context():
            result = func(*args, **kwargs)
        status = "succeeded"
        return result
    finally:
        if not _in_work_horse:  # what a horse reports dies with it: its worker reports the job instead
            reg.report(plugin, name, status, time.perf_counter() - started)


def queue_depths(app: Flask | None = None) -> dict[str, int]:
    """Jobs waiting per queue (empty without Redis)."""
    app = app or current_app
    client = get_redis(app)
    if client is None:
        return {}
    return {
        plugin: Queue(queue_name(plugin, app), connection=client).count
        for plugin in app.extensions["hygeia.plugins"].manifests
    }


class ForkingWorker(Worker):
    """RQ's default worker, which forks a work horse per job: drop pooled database
    connections first so parent and child never share a socket."""

    def fork_work_horse(self, job, queue):
        from core.extensions import db

        db.engine.dispose(close=False)
        return super().fork_work_horse(job, queue)

    def main_work_horse(self, job, queue):
        global _in_work_horse
        _in_work_horse = True  # what the horse reports dies with it: the worker reports the job below
        return super().main_work_horse(job, queue)

    def execute_job(self, job, queue):
        started = time.perf_counter()
        try:
            return super().execute_job(job, queue)
        finally:
            registry(current_app._get_current_object()).report(*_finished_outcome(job),
                                                               time.perf_counter() - started)


def _finished_outcome(job) -> tuple[str, str, str]:
    """In the worker process, after a work horse exited: the job's plugin, name and the status RQ stored."""
    from rq.job import JobStatus

    args = list(job.args or ())
    plugin = args[0] if len(args) >= 2 else (job.meta or {}).get("plugin", "unknown")
    name = str(args[1] if len(args) >= 2 else job.func_name)
    try:
        status = job.get_status(refresh=True)
    except Exception:  # finished and already deleted (result_ttl=0): RQ keeps failed jobs
        status = JobStatus.FINISHED
    return plugin, name, "succeeded" if status == JobStatus.FINISHED else "failed"


def make_worker(app: Flask, plugins: list[str] | None = None, simple: bool = False) -> Worker:
    """A worker for the queues of ``plugins`` (default: every enabled plugin and the core).

    ``simple`` runs jobs in the worker process itself, keeping loaded models in
    memory between jobs (the xray queue wants this); the default forks per job.
    """
    client = get_redis(app)
    if client is None:
        raise RuntimeError("a worker needs Redis: set REDIS_URL (without it jobs run in the web process)")
    enabled = list(app.extensions["hygeia.plugins"].manifests)
    chosen = plugins or enabled
    unknown = [p for p in chosen if p not in enabled]
    if unknown:
        raise RuntimeError(f"no enabled plugin named {', '.join(unknown)} (enabled: {', '.join(enabled)})")
    queues = [Queue(queue_name(p, app), connection=client) for p in chosen]
    cls = SimpleWorker if simple else ForkingWorker
    return cls(queues, connection=client)
