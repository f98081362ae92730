"""Structured logs: one JSON object per line, each carrying the request id; nothing personal in them.

* Every request gets an id: a sane ``X-Request-ID`` from the proxy (nginx sets one), else a new
  one. It is sent back in the response header and appears on every log line of that request.
* One access line per request: method, route *template* (``/api/chat-sessions/<uuid:id>/``, never
  the raw path or query string, which may carry search text), status, duration and size. No
  bodies, no headers, no client address (nginx keeps that), no user data.
* Anything that looks like a token, a password or a secret is replaced by ``[redacted]`` in every
  message and traceback, and SQLAlchemy leaves statement parameters out of its errors (they hold
  what users typed), unless DEBUG is on.

Settings (app config first, then the environment): ``HYGEIA_LOG_FORMAT`` json or text (default:
json in production, text in development, untouched under tests), ``HYGEIA_LOG_LEVEL`` (INFO),
``HYGEIA_ACCESS_LOG`` (on).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
access_log = logging.getLogger("hygeia.access")

_REDACTIONS = [
    (re.compile(r"\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"), "[redacted]"),  # JWTs
    (re.compile(r"(?i)\b(bearer|basic)\s+[\w\-.~+/=]{8,}"), r"\1 [redacted]"),
    (re.compile(r"(?i)([\"']?\b[\w-]*(?:password|passwd|secret|token|api[_-]?key|authorization)[\w-]*[\"']?"
                r"\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&}\]]+)"), r"\1[redacted]"),
    (re.compile(r"(://[^/\s:@]+:)[^@\s/]+@"), r"\1[redacted]@"),  # credentials in URLs
]
# Attributes every LogRecord has; anything else was passed with ``extra=`` and is written out.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "taskName"}


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or None outside requests) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, message, request_id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            exc_type = record.exc_info[0]
            entry["exc_type"] = exc_type.__name__ if exc_type else None
            entry["exc"] = redact("".join(traceback.format_exception(*record.exc_info)))
        if record.stack_info:
            entry["stack"] = redact(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable lines for development, with the same redaction."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return redact(super().format(record))


def make_handler(log_format: str, stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    handler._hygeia = True  # marks the handler this module installed, so it is replaced, not doubled
    return handler


def install_handler(log_format: str, level: str = "INFO", stream=None) -> logging.Handler:
    """Route every logger of this process through one handler of ours (idempotent)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_hygeia", False)]:
        root.removeHandler(old)
    handler = make_handler(log_format, stream)
    root.addHandler(handler)
    root.setLevel(level.upper())
    if log_format == "json":
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # its request lines duplicate ours
    return handler


def _setting(app: Flask, name: str, from_env: str | None) -> str | None:
    """The app config's value, else the environment's (``from_env``), else None."""
    value = app.config.get(name)
    if value is None or value == "":
        value = from_env
    return None if value is None or value == "" else str(value)


def _start_request() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    if g.get("request_id"):
        response.headers[REQUEST_ID_HEADER] = g.request_id
    if current_app.extensions.get("hygeia.access_log"):
        started = g.get("request_started")
        rule = request.url_rule
        access_log.info(
            "%s %s %s", request.method, rule.rule if rule else "<unmatched>", response.status_code,
            extra={"http": {
                "method": request.method,
                "route": rule.rule if rule else None,
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
                "response_bytes": response.calculate_content_length(),
            }},
        )
    return response


def init_logging(app: Flask) -> None:
    """Call before the database is set up (engine options are read there)."""
    if not app.debug:
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("hide_parameters", True)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

    default_format = {"production": "json", "development": "text"}.get(app.config.get("ENV_NAME", ""))
    log_format = _setting(app, "HYGEIA_LOG_FORMAT", os.environ.get("HYGEIA_LOG_FORMAT")) or default_format
    if log_format is not None:
        if log_format not in {"json", "text"}:
            raise ValueError(f"HYGEIA_LOG_FORMAT={log_format!r}: use json or text")
        level = _setting(app, "HYGEIA_LOG_LEVEL", os.environ.get("HYGEIA_LOG_LEVEL")) or "INFO"
        install_handler(log_format, level)

    access = _setting(app, "HYGEIA_ACCESS_LOG", os.environ.get("HYGEIA_ACCESS_LOG")) or "1"
    app.extensions["hygeia.access_log"] = access.lower() in {"1", "true", "yes", "on"}
    app.before_request(_start_request)
    app.after_request(_finish_request)
