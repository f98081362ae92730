"""A local MedlinePlus Connect server answering the recorded JSON feeds in data/."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DATA = Path(__file__).with_name("data")
ICD10_CM_OID = "2.16.840.1.113883.6.90"


class MedlinePlusServer:
    def __init__(self):
        self.requests: list[dict[str, str]] = []
        self.failures: list[int] = []  # statuses to answer next, in order
        self.delay = 0.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/service"

    def start(self) -> MedlinePlusServer:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, params: dict[str, str]) -> tuple[int, bytes]:
        if self.failures:
            return self.failures.pop(0), b"<html><body>Service Unavailable</body></html>"
        if params.get("mainSearchCriteria.v.cs") != ICD10_CM_OID or "mainSearchCriteria.v.c" not in params:
            return 400, b"<html><body>Bad request</body></html>"
        lang = params.get("informationRecipient.languageCode.c", "en")
        path = DATA / f"{params['mainSearchCriteria.v.c']}_{lang}.json"
        if not path.exists():
            body = json.loads((DATA / "empty_en.json").read_text(encoding="utf-8"))
            body["feed"]["subtitle"]["_value"] = f"MedlinePlus Connect results for ICD-10-CM " \
                                                 f"{params['mainSearchCriteria.v.c']}"
            return 200, json.dumps(body).encode()
        return 200, path.read_bytes()


def _handler(server: MedlinePlusServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def do_GET(self):
            parsed = urlparse(self.path)
            params = {key: values[0] for key, values in parse_qs(parsed.query).items()}
            server.requests.append(params)
            if server.delay:
                time.sleep(server.delay)
            status, body = server.answer(params) if parsed.path == "/service" else (404, b"not found")
            json_body = status == 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8" if json_body else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
