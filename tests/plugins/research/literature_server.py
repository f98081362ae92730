"""A real HTTP server on 127.0.0.1 that speaks E-utilities, Europe PMC REST and RSS, for tests and benchmarks.

E-utilities answers are NCBI's own recorded bodies (tests/fixtures/pubmed); an
efetch of several files' records joins their <PubmedArticle> elements into one
PubmedArticleSet, as NCBI does for a multi-record fetch. Tests script failures:
``server.fail("esearch", 500)``, ``server.fail("efetch", 200, body=...)``,
``server.delay("esearch", 3)``; ``server.requests`` records every request.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.data_files import FIXTURES
from tests.plugins.research.fixtures_data import EUROPEPMC_RESPONSE, WHO_RSS

DATA = FIXTURES / "pubmed"
ENDPOINTS = {"/eutils/esearch.fcgi": "esearch", "/eutils/efetch.fcgi": "efetch",
             "/europepmc/search": "europepmc", "/who/news.xml": "news"}
RATE_LIMIT_BODY = b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
ESEARCH_ERROR = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch '
                 b'20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
                 b'<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>\n')
EFETCH_ERROR = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eFetchResult PUBLIC "-//NLM//DTD efetch '
                b'20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
                b'<eFetchResult>\n\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n')
_ARTICLE = re.compile(rb"<PubmedArticle>.*?</PubmedArticle>", re.S)


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def efetch_body(files: list[str]) -> bytes:
    """One real file as is, or the records of several joined in one PubmedArticleSet."""
    if len(files) == 1:
        return data(files[0])
    head = data("pubmed4.xml").split(b"<PubmedArticleSet>")[0]
    records = b"\n".join(m.group(0) for f in files for m in _ARTICLE.finditer(data(f)))
    return head + b"<PubmedArticleSet>\n" + records + b"\n</PubmedArticleSet>\n"


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    endpoint: str
    params: dict
    at: float  # time.time() when the request arrived


class LiteratureServer:
    def __init__(self, port: int = 0):
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests: list[Seen] = []
            self.scripted: dict[str, deque[Answer]] = defaultdict(deque)
            self.delays: dict[str, float] = {}
            self.esearch_file = "esearch2.xml"
            self.efetch_files = ["pubmed4.xml", "pubmed5.xml", "pubmed6.xml", "pubmed7.xml", "pubmed1.xml"]
            self.europepmc = EUROPEPMC_RESPONSE
            self.feed = WHO_RSS

    # -- scripting ----------------------------------------------------------------
    def fail(self, endpoint: str, status: int, body: bytes | None = None, times: int = 1,
             content_type: str | None = None, headers: dict | None = None) -> None:
        """The next ``times`` answers of ``endpoint`` (esearch, efetch, europepmc, news)."""
        if body is None:
            body = RATE_LIMIT_BODY if status == 429 else b"<html><body><h1>Service unavailable</h1></body></html>"
        kind = content_type or ("application/json" if body.lstrip().startswith(b"{") else "text/html")
        if status == 429 and headers is None:
            headers = {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0"}
        with self._lock:
            for _ in range(times):
                self.scripted[endpoint].append(Answer(status, body, kind, headers or {}))

    def delay(self, endpoint: str, seconds: float) -> None:
        self.delays[endpoint] = seconds

    def count(self, endpoint: str) -> int:
        return sum(1 for r in self.requests if r.endpoint == endpoint)

    def last(self, endpoint: str) -> dict:
        return [r for r in self.requests if r.endpoint == endpoint][-1].params

    # -- serving ------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LiteratureServer:
        threading.Thread(target=self._server.serve_forever, name="literature-server", daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, endpoint: str, params: dict) -> Answer:
        with self._lock:
            self.requests.append(Seen(endpoint, params, time.time()))
            scripted = self.scripted[endpoint].popleft() if self.scripted[endpoint] else None
            delay = self.delays.get(endpoint, 0.0)
        if scripted is not None:
            scripted.delay = delay
            return scripted
        if endpoint == "esearch":
            body = ESEARCH_ERROR if not params.get("term") else data(self.esearch_file)
            return Answer(200, body, "text/xml; charset=UTF-8", delay=delay)
        if endpoint == "efetch":
            history = data(self.esearch_file)
            known = (params.get("WebEnv") and params["WebEnv"].encode() in history
                     and f"<QueryKey>{params.get('query_key')}</QueryKey>".encode() in history)
            body = efetch_body(self.efetch_files) if known or params.get("id") else EFETCH_ERROR
            return Answer(200, body, "text/xml; charset=UTF-8", delay=delay)
        if endpoint == "europepmc":
            return Answer(200, json.dumps(self.europepmc).encode(), "application/json;charset=UTF-8", delay=delay)
        return Answer(200, self.feed, "application/rss+xml; charset=utf-8", delay=delay)


def _handler(server: LiteratureServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            endpoint = ENDPOINTS.get(parts.path)
            if endpoint is None:
                return self._send(Answer(404, b"Not found", "text/plain"))
            params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            self._send(server.answer(endpoint, params))

        def _send(self, answer: Answer) -> None:
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, *args):
            pass

    return Handler


DEFAULT_PORT = 8090


def settings(url: str) -> dict[str, str]:
    """The research plugin's settings that send it here instead of NCBI, Europe PMC and WHO."""
    return {"RESEARCH_EUTILS_BASE_URL": f"{url}/eutils", "RESEARCH_EUROPEPMC_BASE_URL": f"{url}/europepmc",
            "RESEARCH_NEWS_FEED_URL": f"{url}/who/news.xml"}


def main(argv: list[str] | None = None) -> None:
    """Serve recorded PubMed, Europe PMC and WHO answers until interrupted (docs/local-development.md)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.plugins.research.literature_server",
                                     description=main.__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    running = LiteratureServer(parser.parse_args(argv).port).start()
    print(running.url, " ".join(f"{name}={value}" for name, value in settings(running.url).items()), flush=True)
    threading.Event().wait()


if __name__ == "__main__":  # serve for manual runs and benchmarks: python -m tests.plugins.research.literature_server
    main()
