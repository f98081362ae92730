"""A local OpenAI-compatible chat-completions server for tests and benchmarks.

A real threaded HTTP/1.1 server on 127.0.0.1 (``http.server``), scripted by the
test: queued answers are served in order, then the default answer. It speaks
the protocol for real: JSON bodies with usage, server-sent event streams sent
in separate flushed chunks (chunked transfer encoding), 429 with Retry-After,
5xx errors, slow answers and malformed bodies::

    server = FakeLLMServer().start()
    server.reply('{"ok": true}')          # next answer
    server.stream(["Hel", "lo"])           # next answer, streamed
    server.stream(["Hi"], usage={})        # ... with no usage chunk even when asked (as llama.cpp)
    server.fail(429, retry_after=1)        # next answer is an error
    server.always("fine", delay=0.05)      # default answer from now on
    server.respond_with(lambda body: ...)  # compute answers from the request body
    server.requests                        # JSON bodies received
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_MODEL = "fake/test-model"


@dataclass
class Answer:
    kind: str  # "json", "stream", "error" or "raw"
    text: str = ""
    chunks: list[str] = field(default_factory=list)
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0  # seconds before the answer (or between stream chunks)
    body: bytes = b""
    content_type: str = "application/json"
    usage: dict[str, int] | None = None
    model: str | None = None


class FakeLLMServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._answers: deque[Answer] = deque()
        self._default = Answer("json", text="This is a test answer.")
        self._responder: Callable[[dict], Any] | None = None
        self._lock = threading.Lock()
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests answered at once
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- scripting --------------------------------------------------------------

    def reply(self, text: str, *, delay: float = 0.0, usage: dict[str, int] | None = None,
              model: str | None = None) -> FakeLLMServer:
        return self._queue(Answer("json", text=text, delay=delay, usage=usage, model=model))

    def stream(self, chunks: list[str], *, delay: float = 0.0, usage: dict[str, int] | None = None,
               model: str | None = None) -> FakeLLMServer:
        return self._queue(Answer("stream", chunks=list(chunks), delay=delay, usage=usage, model=model))

    def fail(self, status: int, retry_after: float | str | None = None, *, body: dict | None = None,
             times: int = 1) -> FakeLLMServer:
        payload = json.dumps(body or {"error": {"message": f"test failure {status}", "type": "server_error"}})
        for _ in range(times):
            self._queue(Answer("error", status=status, body=payload.encode(),
                               retry_after=None if retry_after is None else str(retry_after)))
        return self

    def malformed(self, body: str | bytes = b"{not json", *, content_type: str = "application/json",
                  status: int = 200) -> FakeLLMServer:
        raw = body.encode() if isinstance(body, str) else body
        return self._queue(Answer("raw", body=raw, content_type=content_type, status=status))

    def always(self, text: str, *, delay: float = 0.0) -> FakeLLMServer:
        """The answer given when nothing is queued."""
        self._default = Answer("json", text=text, delay=delay)
        return self

    def respond_with(self, responder: Callable[[dict], Any] | None) -> FakeLLMServer:
        """Compute answers when nothing is queued: ``responder(body)`` returns a text or an Answer."""
        self._responder = responder
        return self

    def reset(self) -> None:
        with self._lock:
            self._answers.clear()
            self.requests.clear()
            self.headers.clear()
            self.max_in_flight = 0
        self._responder = None
        self._default = Answer("json", text="This is a test answer.")

    def _queue(self, answer: Answer) -> FakeLLMServer:
        with self._lock:
            self._answers.append(answer)
        return self

    def _next(self, body: dict) -> Answer:
        with self._lock:
            self.requests.append(body)
            if self._answers:
                return self._answers.popleft()
        if self._responder is not None:
            result = self._responder(body)
            return result if isinstance(result, Answer) else Answer("json", text=str(result))
        return self._default


def _completion(answer: Answer, body: dict) -> dict:
    model = answer.model or body.get("model") or DEFAULT_MODEL
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    usage = answer.usage or {"prompt_tokens": max(1, prompt_chars // 4),
                             "completion_tokens": max(1, len(answer.text) // 4)}
    usage = {**usage, "total_tokens": usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0)}
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": usage,
    }


def _handler_for(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls

        def log_message(self, format, *args):  # keep test output quiet
            pass

        def do_GET(self):
            if self.path.rstrip("/").endswith("/models"):
                self._send_json(200, {"object": "list", "data": [{"id": DEFAULT_MODEL, "object": "model"}]})
            else:
                self._send_json(404, {"error": {"message": "not found"}})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": "not found"}})
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send_json(400, {"error": {"message": "invalid JSON body"}})
                return
            with server._lock:
                server.headers.append(dict(self.headers.items()))
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self._answer(server._next(body), body)
            finally:
                with server._lock:
                    server.in_flight -= 1

        def _answer(self, answer: Answer, body: dict) -> None:
            if answer.kind != "stream" and answer.delay:
                time.sleep(answer.delay)
            if answer.kind == "error":
                extra = {"Retry-After": answer.retry_after} if answer.retry_after is not None else {}
                self._send_bytes(answer.status, answer.body, "application/json", extra)
            elif answer.kind == "raw":
                self._send_bytes(answer.status, answer.body, answer.content_type)
            elif answer.kind == "stream" or body.get("stream"):
                self._send_stream(answer, body)
            else:
                self._send_json(200, _completion(answer, body))

        def _send_json(self, status: int, payload: dict) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), "application/json")

        def _send_bytes(self, status: int, data: bytes, content_type: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def _send_stream(self, answer: Answer, body: dict) -> None:
            chunks = answer.chunks if answer.kind == "stream" else [answer.text]
            model = answer.model or body.get("model") or DEFAULT_MODEL
            ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self._chunk(": keep-alive\n\n")
            for index, text in enumerate(chunks):
                if answer.delay:
                    time.sleep(answer.delay)
                delta = {"role": "assistant", "content": text} if index == 0 else {"content": text}
                event = {"id": ident, "object": "chat.completion.chunk", "created": int(time.time()),
                         "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                self._chunk(f"data: {json.dumps(event)}\n\n")
            final = {"id": ident, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self._chunk(f"data: {json.dumps(final)}\n\n")
            if (body.get("stream_options") or {}).get("include_usage") and answer.usage != {}:  # {}: like llama.cpp
                usage = answer.usage or {"prompt_tokens": 10, "completion_tokens": len(chunks)}
                self._chunk(f"data: {json.dumps({'id': ident, 'model': model, 'choices': [], 'usage': usage})}\n\n")
            self._chunk("data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _chunk(self, text: str) -> None:
            data = text.encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


DEV_REPLY = ("This reply comes from Hygeia's local fake LLM server (python -m core.llm.fake_server): no model was "
             "asked, so it says nothing about your health. Point LLM_BASE_URL at a real model for real answers.")
DEFAULT_PORT = 8089


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted, for local development with no model and no keys (docs/local-development.md):
    ``python -m core.llm.fake_server --port 8089``, then ``LLM_BASE_URL=http://127.0.0.1:8089/v1``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m core.llm.fake_server", description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--reply", default=DEV_REPLY, help="the text of every answer")
    parser.add_argument("--token-delay", type=float, default=0.03, help="seconds between streamed words")
    args = parser.parse_args(argv)
    words = [word + " " for word in args.reply.split(" ")]

    def answer(body: dict) -> Answer | str:
        return Answer("stream", chunks=words, delay=args.token_delay) if body.get("stream") else args.reply

    server = FakeLLMServer(args.host, args.port).respond_with(answer)
    print(f"fake LLM server: LLM_BASE_URL={server.url}", flush=True)
    try:
        server._server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        server._server.server_close()


if __name__ == "__main__":
    main()
