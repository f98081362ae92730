"""deploy/nginx for real: the configuration passes `nginx -t`, and nginx in front of gunicorn proxies
HTTP and WebSockets, serves the docs assets itself, hides /metrics and enforces the upload limit."""

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import websocket

from tests.deploy.conftest import ROOT, free_port

NGINX = ROOT / "deploy" / "nginx"
pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")


def render(text: str, variables: dict[str, str]) -> str:
    """What the nginx image's envsubst does with NGINX_ENVSUBST_FILTER="^(NGINX_|HYGEIA_)"."""
    return re.sub(r"\$\{((?:NGINX_|HYGEIA_)\w*)\}", lambda m: variables[m.group(1)], text)


def install(tmp: Path, server_template: Path, variables: dict[str, str], port: int | None = None) -> Path:
    """The image's layout under ``tmp`` (absolute paths rewritten), plus a main nginx.conf; returns it."""
    moves = {"/etc/nginx/conf.d/": f"{tmp}/conf.d/", "/etc/nginx/snippets/": f"{tmp}/snippets/",
             "/etc/nginx/certs/": f"{tmp}/certs/", "/usr/share/nginx/docs-assets/": f"{tmp}/docs-assets/",
             "/var/log/nginx/": f"{tmp}/logs/", "/var/www/acme": f"{tmp}/acme"}

    def place(text: str, target: Path) -> None:
        for old, new in moves.items():
            text = text.replace(old, new)
        if port is not None:  # a free local port instead of 80, IPv4 only
            text = re.sub(r"^\s*listen \[::\]:80\b.*$", "", text, flags=re.M)
            text = re.sub(r"listen 80\b", f"listen 127.0.0.1:{port}", text)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    for name in ("http", "common"):
        place(render((NGINX / "templates" / "hygeia" / f"{name}.conf.template").read_text(), variables),
              tmp / "conf.d" / "hygeia" / f"{name}.conf")
    place(render(server_template.read_text(), variables), tmp / "conf.d" / "hygeia.conf")
    place((NGINX / "proxy_params.conf").read_text(), tmp / "snippets" / "hygeia_proxy_params.conf")
    (tmp / "logs").mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/logs/error.log;\n"
                    f"events {{ worker_connections 256; }}\n"
                    f"http {{ include {tmp}/conf.d/*.conf; }}\n")
    return main


def self_signed(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=hygeia.test", "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
                   check=True, capture_output=True)


def nginx_test(main: Path, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["nginx", "-t", "-p", str(tmp), "-c", str(main)], capture_output=True, text=True)


def test_the_tls_configuration_passes_nginx_test(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    self_signed(tmp_path / "certs")
    main = install(tmp_path, NGINX / "templates" / "hygeia.conf.template",
                   {"NGINX_SERVER_NAME": "hygeia.test", "NGINX_MAX_BODY_SIZE": "16m",
                    # nginx -t binds no port, so these need not answer
                    "HYGEIA_WEB_UPSTREAM": "127.0.0.1:8000", "HYGEIA_WS_UPSTREAM": "127.0.0.1:8001"})
    checked = nginx_test(main, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_every_template_variable_is_set_by_the_compose_files():
    used = set()
    for template in NGINX.rglob("*.template"):
        used |= set(re.findall(r"\$\{(\w+)\}", template.read_text()))
    compose = (ROOT / "docker-compose.prod.yml").read_text()
    assert used == {"NGINX_SERVER_NAME", "NGINX_MAX_BODY_SIZE", "HYGEIA_WEB_UPSTREAM", "HYGEIA_WS_UPSTREAM"}
    for name in used:
        assert re.search(rf"^\s+{name}:", compose, re.M), f"{name} is not given to the nginx service"


@pytest.fixture
def nginx_in_front(gunicorn, tmp_path):
    """nginx before the production pair: gthread for HTTP, gevent for WebSockets."""
    http = gunicorn("gthread", workers=1, HYGEIA_PROXY_COUNT="1")
    sockets = gunicorn("gevent", workers=1, HYGEIA_PROXY_COUNT="1")
    from openapi_ui_bundles import redoc, swagger_ui

    shutil.copytree(swagger_ui.static_path, tmp_path / "docs-assets" / "swagger-ui")
    shutil.copytree(redoc.static_path, tmp_path / "docs-assets" / "redoc")
    port = free_port()
    main = install(tmp_path, NGINX / "dev" / "hygeia.conf.template",
                   {"NGINX_MAX_BODY_SIZE": "1m", "HYGEIA_WEB_UPSTREAM": http.url.removeprefix("http://"),
                    "HYGEIA_WS_UPSTREAM": sockets.url.removeprefix("http://")}, port)
    checked = nginx_test(main, tmp_path)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/nginx-health", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()
                time.sleep(0.1)
        yield url, tmp_path / "logs" / "access.log", http, sockets
    finally:
        process.terminate()
        process.wait(10)


def routes_served(server) -> list[str]:
    return [json.loads(line)["http"]["route"] for line in server.log.splitlines() if '"hygeia.access"' in line]


def test_nginx_proxies_http_and_websockets_and_serves_the_docs_assets(nginx_in_front):
    url, access_log, http, sockets = nginx_in_front
    health = httpx.get(f"{url}/api/health/", params={"q": "private search words"}, timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert re.fullmatch(r"[0-9a-f]{32}", health.headers["X-Request-ID"])  # nginx's $request_id, kept by the app

    ws = websocket.create_connection(url.replace("http", "ws") + "/ws/health/", timeout=10)
    try:
        assert json.loads(ws.recv())["type"] == "health"
    finally:
        ws.close()
    # Each went to its own pool: the API to gthread, the socket to gevent.
    assert "/api/health/" in routes_served(http) and "/api/health/" not in routes_served(sockets)
    deadline = time.monotonic() + 10  # the socket's access line is written when its handler returns
    while "/ws/health/" not in routes_served(sockets) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "/ws/health/" in routes_served(sockets) and "/ws/health/" not in routes_served(http)

    asset = httpx.get(f"{url}/api/docs/assets/redoc/redoc.standalone.js", timeout=10)
    assert asset.status_code == 200 and len(asset.content) > 100_000
    assert "public" in asset.headers["Cache-Control"] and "Expires" in asset.headers

    assert httpx.get(f"{url}/metrics", timeout=10).status_code == 404  # scraped inside the network only
    too_big = httpx.post(f"{url}/api/auth/register/", content=b"x" * (1024 * 1024 + 1),
                         headers={"Content-Type": "application/json"}, timeout=10)
    assert too_big.status_code == 413

    logged = access_log.read_text()
    assert "/api/health/" in logged and "private" not in logged  # paths without query strings
