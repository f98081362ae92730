"""Prometheus metrics: requests by endpoint (prometheus-flask-exporter) plus Hygeia's own:
jobs, job durations, breaker states, queue depths, and for workers the RQ registries.

Each app has its own registry, so several apps (tests, tools) can live in one process.
Plugins add theirs with ``get_metrics().counter(...)`` and friends.

Several processes: under gunicorn every worker process counts on its own, so set
``PROMETHEUS_MULTIPROC_DIR`` (config/gunicorn.py does) and prometheus_client keeps the values
in files there; /metrics then adds up all processes. Breaker states and queue depths are read
live from Redis at scrape time, never from those files.

RQ workers: ``flask worker --metrics-port 9200`` serves the same metrics on that port. The
default worker forks a work horse per job; the horse records nothing (what it counted would
die with it) and the worker process records each job's outcome and duration once the horse
has exited, so counts are right without a file per job.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

from flask import Flask, current_app, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_flask_exporter import PrometheusMetrics

log = logging.getLogger(__name__)


def multiprocess_dir() -> str | None:
    """The shared metrics folder when several processes count together, else None."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir") or None


class HygeiaMetrics:
    def __init__(self, app: Flask):
        self.app = app
        self.registry = CollectorRegistry()
        self.exporter = PrometheusMetrics(app, registry=self.registry, path=None, group_by="endpoint")
        self._own: dict[str, object] = {}
        self.jobs = self.counter("hygeia_jobs_total", "Jobs run, by plugin, job and outcome",
                                 ["plugin", "job", "status"])
        self.job_seconds = self.histogram("hygeia_job_duration_seconds", "Job run time", ["plugin", "job"],
                                          buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
        self.state = _StateCollector(app)
        self.registry.register(self.state)
        app.add_url_rule("/metrics", "prometheus_metrics", self.exporter.do_not_track()(self._view))

    def _get(self, kind, name: str, documentation: str, labels, **kwargs):
        if name not in self._own:
            self._own[name] = kind(name, documentation, list(labels), registry=self.registry, **kwargs)
        return self._own[name]

    def counter(self, name: str, documentation: str, labels=()) -> Counter:
        return self._get(Counter, name, documentation, labels)

    def gauge(self, name: str, documentation: str, labels=(), **kwargs) -> Gauge:
        """``multiprocess_mode`` (e.g. "livesum") says how processes add up under gunicorn."""
        return self._get(Gauge, name, documentation, labels, **kwargs)

    def histogram(self, name: str, documentation: str, labels=(), **kwargs) -> Histogram:
        return self._get(Histogram, name, documentation, labels, **kwargs)

    def record_job(self, plugin: str, job: str, status: str, seconds: float) -> None:
        """Count one run of a job: the app factory makes this an observer of the job registry (a forked
        work horse reports nothing; its worker reports the job once the horse has exited, see core.jobs)."""
        self.jobs.labels(plugin=plugin, job=job, status=status).inc()
        self.job_seconds.labels(plugin=plugin, job=job).observe(seconds)

    def scrape_registry(self, *extra) -> CollectorRegistry:
        """What a scrape reads: this process's registry, or every process's files plus live state."""
        sources = [MultiProcessCollector(None), self.state] if multiprocess_dir() else [self.registry]
        registry = CollectorRegistry()
        registry.register(_Union(*sources, *extra))
        return registry

    def _view(self):
        encode, content_type = choose_encoder(request.headers.get("Accept"))
        return encode(self.scrape_registry()), 200, {"Content-Type": content_type}


class _Union:
    """Several collectors read as one (a registry cannot be copied, and must not be mutated)."""

    def __init__(self, *sources):
        self.sources = sources

    def collect(self):
        for source in self.sources:
            yield from source.collect()


class _StateCollector:
    """Breaker states and queue depths, read at scrape time."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from core.breakers import STATE_VALUES, breaker_states
        from core.jobs import queue_depths

        breakers = GaugeMetricFamily("hygeia_breaker_state", "Circuit breaker state: 0 closed, 1 half-open, 2 open",
                                     labels=["breaker"])
        for name, state in breaker_states(self.app).items():
            breakers.add_metric([name], STATE_VALUES.get(state, -1))
        yield breakers
        depths = GaugeMetricFamily("hygeia_queue_depth", "Jobs waiting per queue", labels=["queue"])
        try:
            for plugin, count in queue_depths(self.app).items():
                depths.add_metric([plugin], count)
        except Exception:  # Redis down: report no depths rather than fail the scrape
            pass
        yield depths
        yield from self._last_health_check()

    def _last_health_check(self):
        from core.health.service import RANK, last_scheduled_run

        status = GaugeMetricFamily("hygeia_health_status",
                                   "Last scheduled health check: 0 ok, 1 degraded, 2 down")
        checked = GaugeMetricFamily("hygeia_health_checked_timestamp_seconds",
                                    "When the last scheduled health check ran (Unix time)")
        with self.app.app_context():
            run = last_scheduled_run()  # None before the first check, or when the database is down
        if run is not None:
            status.add_metric([], RANK.get(run["status"], 2))
            checked.add_metric([], datetime.fromisoformat(run["checked_at"]).timestamp())
        yield status
        yield checked


class _WorkerCollector:
    """For worker scrapes: jobs per RQ registry of each queue, and workers listening on it."""

    STATES = ("started", "scheduled", "deferred", "failed", "finished")

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from rq import Queue, Worker

        from core.jobs import queue_name
        from core.redis_client import get_redis

        jobs = GaugeMetricFamily("hygeia_queue_jobs", "Jobs in each RQ registry of a queue "
                                 "(started: running now; failed: kept for inspection)", labels=["queue", "state"])
        workers = GaugeMetricFamily("hygeia_queue_workers", "Workers listening on a queue", labels=["queue"])
        client = get_redis(self.app)
        try:
            for plugin in self.app.extensions["hygeia.plugins"].manifests:
                queue = Queue(queue_name(plugin, self.app), connection=client)
                registries = {"started": queue.started_job_registry, "scheduled": queue.scheduled_job_registry,
                              "deferred": queue.deferred_job_registry, "failed": queue.failed_job_registry,
                              "finished": queue.finished_job_registry}
                for state in self.STATES:
                    jobs.add_metric([plugin, state], registries[state].count)
                workers.add_metric([plugin], Worker.count(queue=queue))
        except Exception as error:  # Redis down: the scrape still answers; `up` and the web's health tell
            log.warning("worker metrics: RQ registries unreadable (%s)", type(error).__name__)
        yield jobs
        yield workers


def init_metrics(app: Flask) -> HygeiaMetrics:
    metrics = HygeiaMetrics(app)
    app.extensions["hygeia.metrics"] = metrics
    return metrics


def get_metrics(app: Flask | None = None) -> HygeiaMetrics:
    return (app or current_app).extensions["hygeia.metrics"]


def serve_worker_metrics(app: Flask, port: int, host: str = "0.0.0.0") -> None:
    """Serve the worker's metrics on ``host:port`` from a background thread."""
    registry = get_metrics(app).scrape_registry(_WorkerCollector(app))
    start_http_server(port, addr=host, registry=registry)
