"""Builds the health report: database, Redis, queues, breakers, each plugin's checks."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app
from sqlalchemy import delete, select, text

from core.breakers import breaker_states
from core.extensions import db
from core.health.models import HealthCheckRun
from core.jobs import queue_depths
from core.models_base import utcnow
from core.plugin_types import CheckResult
from core.redis_client import get_redis
from core.storage import StorageUnavailable, get_storage

log = logging.getLogger(__name__)
KEEP_RUNS = 200
RANK = {"ok": 0, "degraded": 1, "down": 2}


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a broken check reports itself, it does not break /health
        log.warning("health check failed: %r", error)
        result = CheckResult("down", f"check raised {type(error).__name__}")
    return {"status": result.status, "detail": result.detail, **result.data,
            "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def check_database() -> CheckResult:
    db.session.execute(text("SELECT 1"))
    return CheckResult("ok", db.engine.dialect.name)


def check_redis() -> CheckResult:
    client = get_redis()
    if client is None:
        return CheckResult("ok", "not configured: jobs run in-process, limits and cache in memory")
    client.ping()
    return CheckResult("ok", "connected")


def check_storage() -> CheckResult:
    """The file store: a local folder always answers; an object store's bucket is asked (2 s at most)."""
    storage = get_storage()
    if storage.name == "local":
        return CheckResult("ok", "local folder")
    try:
        storage.check()
    except StorageUnavailable as error:
        return CheckResult("down", str(error))
    return CheckResult("ok", f"{storage.name}: bucket reachable")


def build_report(app: Flask | None = None) -> dict:
    app = app or current_app
    components = {"database": _timed(check_database), "redis": _timed(check_redis),
                  "storage": _timed(check_storage)}
    try:
        queues = queue_depths(app)
    except Exception:
        queues = {}
    breakers = breaker_states(app)
    plugins: dict[str, dict] = {}
    for plugin, check in app.extensions["hygeia.health_checks"]:
        plugins.setdefault(plugin, {})[check.name] = _timed(check.check)
    statuses = [c["status"] for c in components.values()]
    statuses += [c["status"] for checks in plugins.values() for c in checks.values()]
    # Database or Redis down: the service is down. Anything else failing (the file store, a plugin, an open
    # breaker): degraded, since only stored files wait for the store.
    if any(components[name]["status"] == "down" for name in ("database", "redis")):
        status = "down"
    elif any(RANK[s] > 0 for s in statuses) or any(state != "closed" for state in breakers.values()):
        status = "degraded"
    else:
        status = "ok"
    return {
        "status": status,
        "components": components,
        "queues": queues,
        "breakers": breakers,
        "plugins": plugins,
        "failed_plugins": app.extensions["hygeia.plugins"].failed,
    }


def full_report() -> dict:
    """The report now, and the last scheduled check (core.api.health_report; GET /api/health/?deep=1)."""
    return {**build_report(), "last_scheduled_check": last_scheduled_run(), "checked_at": utcnow().isoformat()}


_snapshot_lock = threading.Lock()


def snapshot_report(app: Flask | None = None) -> dict:
    """``full_report``, at most HEALTH_SNAPSHOT_SECONDS old: one process builds it once in that time, so
    a load balancer or monitor polling GET /api/health/ costs one round of checks a second, however
    many requests. A request that finds it stale builds it; others answer the last one meanwhile."""
    app = app or current_app
    max_age = app.config.get("HEALTH_SNAPSHOT_SECONDS", 0)
    if max_age <= 0:
        return full_report()  # no snapshot: every request checks now
    taken, report = app.extensions.get("hygeia.health_snapshot", (0.0, None))
    if report is not None and time.monotonic() - taken < max_age:
        return report
    if report is not None and not _snapshot_lock.acquire(blocking=False):
        return report  # another thread is building the next one
    if report is None:
        _snapshot_lock.acquire()
    try:
        report = full_report()
        app.extensions["hygeia.health_snapshot"] = (time.monotonic(), report)
        return report
    finally:
        _snapshot_lock.release()


def last_scheduled_run() -> dict | None:
    try:
        run = db.session.scalar(select(HealthCheckRun).order_by(HealthCheckRun.id.desc()).limit(1))
    except Exception:
        db.session.rollback()
        return None
    if run is None:
        return None
    return {"status": run.status, "checked_at": run.created_at.isoformat()}


def run_scheduled_check() -> str:
    """The periodic health check: store the report, keep the latest KEEP_RUNS."""
    report = build_report()
    db.session.add(HealthCheckRun(status=report["status"], report=report))
    db.session.flush()
    newest = select(HealthCheckRun.id).order_by(HealthCheckRun.id.desc()).offset(KEEP_RUNS).limit(1)
    cutoff = db.session.scalar(newest)
    if cutoff is not None:
        db.session.execute(delete(HealthCheckRun).where(HealthCheckRun.id <= cutoff))
    db.session.commit()
    return report["status"]
