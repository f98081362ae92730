"""config/gunicorn.py for real: HTTP and WebSockets side by side, every worker's metrics in one scrape."""

import json
import os
import re
import time

import httpx
import pytest
import websocket


def counter_value(text: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples that carry ``labels`` (multiprocess output adds a pid label to none)."""
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{name}\{{(.*)\}} (\S+)$", line)
        if match and all(f'{k}="{v}"' in match.group(1) for k, v in labels.items()):
            total += float(match.group(2))
    return total


@pytest.mark.parametrize("worker_class", ["gevent", "gthread"])
def test_gunicorn_serves_http_and_a_websocket_at_once(gunicorn, worker_class):
    server = gunicorn(worker_class, workers=1, GUNICORN_THREADS="4")
    ws = websocket.create_connection(server.url.replace("http", "ws") + "/ws/health/", timeout=10)
    try:
        pushed = json.loads(ws.recv())
        assert pushed["type"] == "health" and pushed["report"]["components"]["database"]["status"] == "ok"
        # The socket stays open in the only worker, and plain HTTP is still answered.
        response = httpx.get(f"{server.url}/api/health/", headers={"X-Request-ID": "abcdef0123456789"}, timeout=10)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        assert response.headers["X-Request-ID"] == "abcdef0123456789"
        ws.send("again")  # any message asks for a fresh report
        assert json.loads(ws.recv())["type"] == "health"
    finally:
        ws.close()
    assert f"x {worker_class}" in server.log  # on_starting reported the worker class it runs


def test_metrics_add_up_every_worker_process(gunicorn):
    server = gunicorn("gevent", workers=2)

    def counting_processes() -> set[str]:
        return {name.rsplit("_", 1)[-1] for name in os.listdir(server.metrics_dir) if name.startswith("histogram_")}

    made = 0
    while made < 12 or (len(counting_processes()) < 2 and made < 200):  # new connections spread over workers
        response = httpx.get(f"{server.url}/api/health/", headers={"Connection": "close"}, timeout=10)
        assert response.status_code == 200
        made += 1
    assert len(counting_processes()) == 2, "both worker processes counted requests into the shared folder"
    text = httpx.get(f"{server.url}/metrics", timeout=10).text
    assert counter_value(text, "flask_http_request_duration_seconds_count", endpoint="health.health",
                         status="200") == made
    assert 'hygeia_breaker_state{breaker="together_ai"} 0.0' in text  # live state joins the files' figures


def test_graceful_stop_finishes_and_exits_cleanly(gunicorn):
    server = gunicorn("gevent", workers=1)
    assert httpx.get(f"{server.url}/api/health/", timeout=10).status_code == 200
    server.stop()
    assert server.process.returncode == 0
    lines = [json.loads(line) for line in server.log.splitlines() if line.startswith("{")]
    assert any("Shutting down" in line["message"] for line in lines)


def test_open_websockets_leave_database_connections_to_http(gunicorn):
    """More open sockets than the pool has connections (5 + 10 overflow), in one gevent worker."""
    server = gunicorn("gevent", workers=1)
    sockets = []
    try:
        for _ in range(20):
            started = time.perf_counter()
            ws = websocket.create_connection(server.url.replace("http", "ws") + "/ws/health/", timeout=20)
            sockets.append(ws)
            report = json.loads(ws.recv())["report"]
            assert report["components"]["database"]["status"] == "ok" and time.perf_counter() - started < 5
        started = time.perf_counter()
        health = httpx.get(f"{server.url}/api/health/", timeout=20)
        assert health.json()["components"]["database"]["status"] == "ok" and time.perf_counter() - started < 5
    finally:
        for ws in sockets:
            ws.close()
