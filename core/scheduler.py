"""Periodic jobs declared by plugins (register_schedules).

With Redis, ``flask scheduler`` runs RQ's own CronScheduler, which enqueues each
schedule on its plugin's queue. RQ's scheduler takes no lock, so this one holds
a Redis lock: a second scheduler process waits instead of doubling every job.
Without Redis (the embedded default) a daemon thread of the web process runs
the same schedules in-process.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask
from rq.cron import CronScheduler

from core.jobs import _run_with_retries, execute, job_name, queue_name
from core.plugin_types import Schedule
from core.redis_client import get_redis, redis_key

log = logging.getLogger(__name__)
LOCK_SECONDS = 180  # longer than CronScheduler's longest sleep (60 s)


def schedules(app: Flask) -> list[tuple[str, Schedule]]:
    return app.extensions["hygeia.schedules"]


class LockedCronScheduler(CronScheduler):
    def __init__(self, connection, lock_key: str, **kwargs):
        super().__init__(connection, **kwargs)
        self.lock_key = lock_key

    def acquire(self, poll_seconds: float = 5.0) -> None:
        while not self.connection.set(self.lock_key, self.name, nx=True, ex=LOCK_SECONDS):
            log.info("another scheduler holds %s; waiting", self.lock_key)
            time.sleep(poll_seconds)

    def heartbeat(self) -> None:
        super().heartbeat()
        if self.connection.get(self.lock_key) not in (self.name.encode(), None):
            raise RuntimeError("scheduler lock taken by another process; stopping")
        self.connection.set(self.lock_key, self.name, ex=LOCK_SECONDS)

    def release(self) -> None:
        if self.connection.get(self.lock_key) == self.name.encode():
            self.connection.delete(self.lock_key)

    def register_death(self, pipeline=None) -> None:
        try:
            super().register_death(pipeline)
        finally:
            self.release()


def build_cron_scheduler(app: Flask) -> LockedCronScheduler:
    client = get_redis(app)
    if client is None:
        raise RuntimeError("`flask scheduler` needs Redis (REDIS_URL); without it the web process runs schedules")
    cron = LockedCronScheduler(client, redis_key("scheduler", "lock", app=app),
                               name=f"{app.config['REDIS_KEY_PREFIX']}-scheduler")
    for plugin, schedule in schedules(app):
        cron.register(
            execute, queue_name(plugin, app),
            args=(plugin, job_name(schedule.job), list(schedule.args), {}),
            interval=int(schedule.interval.total_seconds()),
            job_timeout=schedule.timeout, result_ttl=schedule.result_ttl, name=schedule.id,
        )
    return cron


class InProcessScheduler(threading.Thread):
    """Runs due schedules in this process; each first runs shortly after start."""

    def __init__(self, app: Flask, first_delay: float = 5.0):
        super().__init__(name="hygeia-scheduler", daemon=True)
        self.app = app
        self.next_run = {s.id: time.monotonic() + first_delay for _, s in schedules(app)}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for plugin, schedule in schedules(self.app):
                if time.monotonic() >= self.next_run[schedule.id]:
                    self.next_run[schedule.id] = time.monotonic() + schedule.interval.total_seconds()
                    _run_with_retries(self.app, plugin, job_name(schedule.job), schedule.args, {}, 0, ())
            self.stopped.wait(1.0)


def start_inprocess_scheduler(app: Flask) -> InProcessScheduler | None:
    """Start the thread once per app, when there is no Redis and it is enabled."""
    if get_redis(app) is not None or not app.config.get("HYGEIA_INPROCESS_SCHEDULER"):
        return None
    if app.extensions.get("hygeia.scheduler_thread") is None:
        thread = InProcessScheduler(app)
        app.extensions["hygeia.scheduler_thread"] = thread
        thread.start()
    return app.extensions["hygeia.scheduler_thread"]
