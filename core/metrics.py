"""Prometheus metrics at /metrics: requests by endpoint (prometheus-flask-exporter)
plus Hygeia's own: jobs, job durations, breaker states, queue depths.

Each app has its own registry, so several apps (tests, tools) can live in one
process. Plugins add theirs with ``get_metrics().counter(...)`` and friends.
"""

from __future__ import annotations

from flask import Flask, current_app
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics


class HygeiaMetrics:
    def __init__(self, app: Flask):
        self.registry = CollectorRegistry()
        self.exporter = PrometheusMetrics(app, registry=self.registry, path="/metrics", group_by="endpoint")
        self._own: dict[str, object] = {}
        self.jobs = self.counter("hygeia_jobs_total", "Jobs run, by plugin, job and outcome",
                                 ["plugin", "job", "status"])
        self.job_seconds = self.histogram("hygeia_job_duration_seconds", "Job run time", ["plugin", "job"])
        self.registry.register(_StateCollector(app))

    def _get(self, kind, name: str, documentation: str, labels, **kwargs):
        if name not in self._own:
            self._own[name] = kind(name, documentation, list(labels), registry=self.registry, **kwargs)
        return self._own[name]

    def counter(self, name: str, documentation: str, labels=()) -> Counter:
        return self._get(Counter, name, documentation, labels)

    def gauge(self, name: str, documentation: str, labels=()) -> Gauge:
        return self._get(Gauge, name, documentation, labels)

    def histogram(self, name: str, documentation: str, labels=(), **kwargs) -> Histogram:
        return self._get(Histogram, name, documentation, labels, **kwargs)


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


def init_metrics(app: Flask) -> HygeiaMetrics:
    metrics = HygeiaMetrics(app)
    app.extensions["hygeia.metrics"] = metrics
    return metrics


def get_metrics(app: Flask | None = None) -> HygeiaMetrics:
    return (app or current_app).extensions["hygeia.metrics"]
