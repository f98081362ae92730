"""Grafana's dashboard and Prometheus' rules: valid, and built only from metrics the app really exports."""

import json
import re
import shutil
import subprocess

import httpx
import pytest
import yaml
from prometheus_client import generate_latest

from core.api import get_llm
from core.metrics import _WorkerCollector, get_metrics
from tests.deploy.conftest import ROOT

DASHBOARD = ROOT / "deploy/grafana/dashboards/hygeia.json"
DATASOURCE = ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml"
PROVIDER = ROOT / "deploy/grafana/provisioning/dashboards/hygeia.yml"
PROMETHEUS = ROOT / "deploy/prometheus"
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "histogram_quantile", "clamp_min", "time",
    "by", "without", "and", "or", "unless", "on", "ignoring", "bool", "offset", "humanizePercentage",
}


def exported_names(exposition: str) -> set[str]:
    """Every series name a scrape can hold: samples present, and those of each declared family."""
    names = set()
    suffixes = {"counter": ["_total", "_created"], "histogram": ["_bucket", "_sum", "_count", "_created"],
                "gauge": [""], "summary": ["_sum", "_count", "_created"], "info": ["_info"]}
    for family, kind in re.findall(r"^# TYPE (\S+) (\S+)$", exposition, re.M):
        names |= {family + s if not (s == "_total" and family.endswith("_total")) else family
                  for s in suffixes.get(kind, [""])}
    names |= set(re.findall(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", exposition, re.M))
    return names


def metrics_in(expr: str) -> set[str]:
    """Metric names in a PromQL expression: identifiers outside label matchers, ranges, strings, groupings."""
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    words = set(re.findall(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w.])", expr))
    return {w for w in words - PROMQL_WORDS if not re.fullmatch(r"\d.*", w)}


@pytest.fixture
def exported(make_app, hygeia_backend, worker_metrics_or_none):
    """Series names from a scrape of a test app's /metrics and of an RQ worker's metrics port."""
    app = make_app({"HYGEIA_PLUGINS": []})
    client = app.test_client()
    client.get("/api/health/")
    with app.app_context():
        get_llm()  # the LLM client registers its metrics when first used
    web = client.get("/metrics").get_data(as_text=True)
    if worker_metrics_or_none:
        worker = httpx.get(worker_metrics_or_none, timeout=10).text
    else:  # no Redis, so no worker process: the same collectors, read in-process
        worker = generate_latest(get_metrics(app).scrape_registry(_WorkerCollector(app))).decode()
    assert "hygeia_queue_workers" in worker and "hygeia_jobs_total" in worker
    return exported_names(web) | exported_names(worker) | {"up"}


@pytest.fixture
def worker_metrics_or_none(hygeia_backend, request):
    return request.getfixturevalue("worker_metrics") if hygeia_backend.redis_url else None


def dashboard_exprs() -> list[str]:
    def panels(items):
        for panel in items:
            yield panel
            yield from panels(panel.get("panels", []))

    return [t["expr"] for p in panels(json.loads(DASHBOARD.read_text())["panels"]) for t in p.get("targets", [])]


def rule_exprs() -> list[str]:
    groups = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def test_dashboard_json_is_a_provisionable_grafana_dashboard():
    dashboard = json.loads(DASHBOARD.read_text())
    datasource = yaml.safe_load(DATASOURCE.read_text())["datasources"][0]
    provider = yaml.safe_load(PROVIDER.read_text())["providers"][0]
    assert dashboard["uid"] == "hygeia-overview" and dashboard["title"] == "Hygeia"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 15
    for panel in dashboard["panels"]:
        assert set(panel["gridPos"]) == {"h", "w", "x", "y"} and panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == datasource["uid"] and panel["targets"], panel["title"]
            assert all(t["datasource"]["uid"] == datasource["uid"] for t in panel["targets"])
    compose = yaml.safe_load((ROOT / "docker-compose.prod.yml").read_text())["services"]["grafana"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in compose["volumes"]
    assert datasource["url"] == "http://prometheus:9090"
    titles = " ".join(p["title"].lower() for p in dashboard["panels"])
    for topic in ("requests", "latency", "error", "jobs", "breakers", "inference"):
        assert topic in titles, f"no panel about {topic}"


def test_dashboard_and_alerts_use_only_metrics_the_app_exports(exported):
    exprs = dashboard_exprs() + rule_exprs()
    used = set().union(*map(metrics_in, exprs))
    assert {"flask_http_request_duration_seconds_bucket", "hygeia_jobs_total", "hygeia_breaker_state",
            "hygeia_queue_depth", "hygeia_job_duration_seconds_bucket", "hygeia_llm_request_seconds_bucket"} <= used
    assert not used - exported, f"not exported by the app or its workers: {sorted(used - exported)}"


def test_metric_name_extraction_sees_through_promql():
    expr = 'histogram_quantile(0.99, sum by (le, endpoint) (rate(foo_bucket{status=~"5..", x="a b"}[5m]))) > 2'
    assert metrics_in(expr) == {"foo_bucket"}
    assert metrics_in("time() - max(bar_seconds) > 3600 and up == 0") == {"bar_seconds", "up"}


def test_alert_rules_cover_errors_breakers_backlog_and_health():
    names = {rule["alert"] for group in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"]
             for rule in group["rules"]}
    assert {"HygeiaHighErrorRate", "HygeiaCircuitBreakerOpen", "HygeiaQueueBacklog", "HygeiaHealthCheckFailing",
            "HygeiaTargetDown"} <= names


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed (apt-get install prometheus)")
def test_promtool_accepts_the_configuration_and_rules():
    checked = subprocess.run(["promtool", "check", "config", str(PROMETHEUS / "prometheus.yml")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(rule_exprs())} rules found" in checked.stdout
