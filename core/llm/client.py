"""The client for OpenAI-compatible chat completions (Together AI by default).

Any server that speaks ``POST {base}/chat/completions`` works: vLLM, Ollama,
llama.cpp's server, so a clinic can keep health data on its premises. One
client per app (``get_llm()``) holds a pooled httpx connection.

Failure policy: 429 and 5xx answers and connection errors are retried a
bounded number of times with exponential backoff (a 429's Retry-After is
honoured up to LLM_RETRY_AFTER_MAX_SECONDS; a longer wait gives up at once).
Timeouts are not retried. One logical call that still fails counts once
against the ``together_ai`` breaker; client errors (400, 401...) never do.
Every failure reaches the caller as LLMUnavailable(reason). Prompts and
answers are never logged.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from flask import Flask, current_app

from core.breakers import CircuitBreakerError, ensure_closed, record_failure, record_success
from core.llm.errors import LLMReply, LLMUnavailable
from core.llm.sse import iter_events
from core.metrics import get_metrics

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.together.xyz/v1"
BREAKER = "together_ai"


class _ProviderFailure(Exception):
    """A failure that says the provider is unwell: counted by the breaker."""

    def __init__(self, reason: str, detail: str = "", status: int | None = None):
        super().__init__(reason)
        self.reason, self.detail, self.status = reason, detail, status


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class LLMClient:
    def __init__(self, app: Flask, transport: httpx.BaseTransport | None = None):
        config = app.config
        self.base_url = (config.get("LLM_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.api_key = config.get("TOGETHER_AI_API_KEY") or None
        self.model = config.get("TOGETHER_AI_MODEL") or "Qwen/Qwen2.5-7B-Instruct"
        timeout = float(config.get("LLM_TIMEOUT_SECONDS", 30))
        self.max_retries = int(config.get("LLM_MAX_RETRIES", 2))
        self.backoff = float(config.get("LLM_BACKOFF_SECONDS", 0.5))
        self.retry_after_max = float(config.get("LLM_RETRY_AFTER_MAX_SECONDS", 10))
        headers = {"Accept": "application/json", "User-Agent": "Hygeia/0.1"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers, transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
        )
        self._breaker = app.extensions["hygeia.breakers"].get(BREAKER)
        metrics = get_metrics(app)
        self._tokens = metrics.counter("hygeia_llm_tokens_total", "LLM tokens used, by model and kind",
                                       ["model", "kind"])
        self._requests = metrics.counter("hygeia_llm_requests_total", "LLM calls, by mode and outcome",
                                         ["mode", "outcome"])
        self._seconds = metrics.histogram("hygeia_llm_request_seconds", "LLM call duration", ["mode"])

    @property
    def configured(self) -> bool:
        """True when an API key or a self-hosted base URL is set."""
        return bool(self.api_key) or self.base_url != DEFAULT_BASE_URL

    def close(self) -> None:
        self._http.close()

    # -- public calls ---------------------------------------------------------

    def chat(self, messages: list[dict[str, str]], max_tokens: int = 800, temperature: float = 0.2,
             json_mode: bool = False) -> LLMReply:
        """One completion. Raises LLMUnavailable."""
        started = time.perf_counter()
        try:
            payload = self._payload(messages, max_tokens, temperature)
            if json_mode:
                payload["response_format"] = {"type": "json_object"}
            reply = self._guarded(lambda: self._complete(payload))
        except LLMUnavailable as error:
            self._requests.labels(mode="chat", outcome=error.reason).inc()
            raise
        self._seconds.labels(mode="chat").observe(time.perf_counter() - started)
        self._requests.labels(mode="chat", outcome="ok").inc()
        self._count_tokens(reply.model, reply.prompt_tokens, reply.completion_tokens)
        return reply

    def stream(self, messages: list[dict[str, str]], max_tokens: int = 800,
               temperature: float = 0.2) -> LLMStream:
        """Text deltas as the provider sends them. The request is made now, so
        LLMUnavailable is raised here for a refused request and while iterating
        for a stream that breaks."""
        try:
            payload = self._payload(messages, max_tokens, temperature)
            payload["stream"] = True
            payload["stream_options"] = {"include_usage": True}
            response = self._guarded(lambda: self._send(payload, stream=True))
        except LLMUnavailable as error:
            self._requests.labels(mode="stream", outcome=error.reason).inc()
            raise
        return LLMStream(self, response, payload["model"])

    # -- internals ------------------------------------------------------------

    def _payload(self, messages, max_tokens, temperature) -> dict[str, Any]:
        if not self.configured:
            raise LLMUnavailable("not_configured", "set TOGETHER_AI_API_KEY or LLM_BASE_URL")
        return {"model": self.model, "messages": list(messages), "max_tokens": int(max_tokens),
                "temperature": float(temperature)}

    def _guarded(self, operation: Callable[[], Any]) -> Any:
        """Run ``operation`` under the breaker; provider failures count, client errors do not."""
        try:
            ensure_closed(self._breaker)
        except CircuitBreakerError:
            raise LLMUnavailable("breaker_open", "too many recent failures; retrying later") from None
        try:
            result = operation()
        except _ProviderFailure as failure:
            record_failure(self._breaker, failure)
            log.warning("LLM call failed: %s %s", failure.reason, failure.status or "")
            raise LLMUnavailable(failure.reason, failure.detail, failure.status) from None
        except LLMUnavailable:  # a client error: the provider answered, so it is up
            record_success(self._breaker)
            raise
        record_success(self._breaker)
        return result

    def _complete(self, payload: dict[str, Any]) -> LLMReply:
        return read_completion(self._send(payload), payload["model"])

    def _send(self, payload: dict[str, Any], stream: bool = False) -> httpx.Response:
        """POST with bounded retries; returns a 2xx response (open, when streaming)."""
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                request = self._http.build_request("POST", "/chat/completions", json=payload)
                response = self._http.send(request, stream=stream)
            except httpx.TimeoutException:
                raise _ProviderFailure("timeout", "no answer within the timeout") from None
            except httpx.TransportError as error:
                if last:
                    raise _ProviderFailure("network_error", type(error).__name__) from None
                time.sleep(self._backoff(attempt))
                continue
            status = response.status_code
            if status < 400:
                return response
            response.close()
            if status == 429 or status >= 500:
                reason = "rate_limited" if status == 429 else "server_error"
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                if wait is not None and wait > self.retry_after_max:
                    raise _ProviderFailure(reason, f"asked to wait {wait:.0f} s", status)
                if last:
                    raise _ProviderFailure(reason, f"HTTP {status} after {attempt + 1} attempts", status)
                time.sleep(wait if wait is not None else self._backoff(attempt))
                continue
            raise LLMUnavailable("client_error", f"HTTP {status}", status)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        return self.backoff * (2 ** attempt) + random.uniform(0, self.backoff)

    def _count_tokens(self, model: str, prompt: int, completion: int) -> None:
        if prompt:
            self._tokens.labels(model=model, kind="prompt").inc(prompt)
        if completion:
            self._tokens.labels(model=model, kind="completion").inc(completion)


class LLMStream:
    """An iterator of text deltas over an open SSE response; close it (or use ``with``) if you stop early.

    After iteration, ``text``, ``model`` and the token counts describe the whole answer.
    """

    def __init__(self, client: LLMClient, response: httpx.Response, model: str):
        self._client = client
        self._response = response
        self._started = time.perf_counter()
        self._iterator = self._deltas()
        self.model = model
        self.text = ""
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.finish_reason: str | None = None

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return next(self._iterator)

    def __enter__(self) -> LLMStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._iterator.close()
        self._response.close()

    def _deltas(self) -> Iterator[str]:
        client = self._client
        parts: list[str] = []
        try:
            if self._response.headers.get("content-type", "").startswith("application/json"):
                # a server that ignores "stream": its whole answer is one delta
                self._response.read()
                reply = read_completion(self._response, self.model)
                self.model, self.finish_reason = reply.model, reply.finish_reason
                self.prompt_tokens, self.completion_tokens = reply.prompt_tokens, reply.completion_tokens
                if reply.text:
                    parts.append(reply.text)
                    yield reply.text
            else:
                for event in iter_events(self._response.iter_lines()):
                    if event.data.strip() == "[DONE]":
                        break
                    delta = self._read_chunk(event.data)
                    if delta:
                        parts.append(delta)
                        yield delta
        except _ProviderFailure as failure:
            self._fail(failure)
        except httpx.TimeoutException:
            self._fail(_ProviderFailure("timeout", "the stream stalled"))
        except httpx.TransportError as error:
            self._fail(_ProviderFailure("network_error", type(error).__name__))
        finally:
            self._response.close()
        self.text = "".join(parts)
        client._seconds.labels(mode="stream").observe(time.perf_counter() - self._started)
        client._requests.labels(mode="stream", outcome="ok").inc()
        client._count_tokens(self.model, self.prompt_tokens, self.completion_tokens)

    def _read_chunk(self, data: str) -> str:
        try:
            chunk = json.loads(data)
        except ValueError:
            raise _ProviderFailure("malformed_response", "a stream event is not JSON") from None
        if not isinstance(chunk, dict):
            raise _ProviderFailure("malformed_response", "a stream event is not an object")
        if chunk.get("error"):
            raise _ProviderFailure("server_error", "the provider reported an error mid-stream")
        self.model = str(chunk.get("model") or self.model)
        usage = chunk.get("usage") or {}
        if usage:
            self.prompt_tokens = _int(usage.get("prompt_tokens")) or self.prompt_tokens
            self.completion_tokens = _int(usage.get("completion_tokens")) or self.completion_tokens
        choices = chunk.get("choices") or []
        if not choices:
            return ""
        choice = choices[0] if isinstance(choices[0], dict) else {}
        self.finish_reason = choice.get("finish_reason") or self.finish_reason
        content = (choice.get("delta") or {}).get("content")
        return content if isinstance(content, str) else ""

    def _fail(self, failure: _ProviderFailure) -> None:
        record_failure(self._client._breaker, failure)
        self._client._requests.labels(mode="stream", outcome=failure.reason).inc()
        log.warning("LLM stream failed: %s", failure.reason)
        raise LLMUnavailable(failure.reason, failure.detail, failure.status)


def read_completion(response: httpx.Response, model: str) -> LLMReply:
    """A chat.completion JSON body as an LLMReply; a malformed body is a provider failure."""
    try:
        body = response.json()
        choice = body["choices"][0]
        text = choice["message"]["content"]
        if not isinstance(text, str):
            raise TypeError("content is not a string")
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise _ProviderFailure("malformed_response", type(error).__name__, response.status_code) from None
    usage = body.get("usage") or {}
    return LLMReply(text=text, model=str(body.get("model") or model),
                    prompt_tokens=_int(usage.get("prompt_tokens")),
                    completion_tokens=_int(usage.get("completion_tokens")),
                    finish_reason=choice.get("finish_reason"))


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def get_llm(app: Flask | None = None) -> LLMClient:
    """The current app's LLM client (created on first use)."""
    app = app or current_app._get_current_object()
    client = app.extensions.get("hygeia.llm")
    if client is None:
        client = app.extensions.setdefault("hygeia.llm", LLMClient(app))
    return client
