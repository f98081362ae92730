"""One JSON shape for every error response::

    {"status": 422, "error": "validation_error", "message": "...", "details": {...}}

``error`` is a stable machine-readable code, ``message`` a sentence for people,
``details`` (optional) e.g. the invalid fields. Raise ``abort(...)`` anywhere.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import marshmallow as ma
from flask import jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class ErrorSchema(ma.Schema):
    status = ma.fields.Integer(required=True, metadata={"example": 404})
    error = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True, metadata={"example": "Consultation not found."})
    details = ma.fields.Dict(metadata={"description": "Extra information, e.g. invalid fields."})


class ApiError(HTTPException):
    """An HTTP error with Hygeia's error code and details."""

    def __init__(self, status: int, message: str, *, error: str | None = None,
                 details: dict[str, Any] | None = None, headers: dict[str, str] | None = None):
        super().__init__(description=message)
        self.code = status
        self.error = error or ERROR_CODES.get(status, "error")
        self.details = details
        self.extra_headers = headers or {}


def abort(status: int, message: str, *, error: str | None = None,
          details: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> NoReturn:
    raise ApiError(status, message, error=error, details=details, headers=headers)


def error_response(status: int, message: str, *, error: str | None = None,
                   details: dict[str, Any] | None = None, headers: dict[str, str] | None = None):
    body: dict[str, Any] = {"status": status, "error": error or ERROR_CODES.get(status, "error"),
                            "message": message}
    if details:
        body["details"] = details
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_exception_response(exc: HTTPException):
    """Turn any werkzeug/webargs/flask-smorest/flask-limiter HTTPException into the one shape."""
    status = exc.code or 500
    headers = dict(exc.get_headers()) if status in (405, 429) else {}
    headers.pop("Content-Type", None)
    if isinstance(exc, ApiError):
        headers.update(exc.extra_headers)
        return error_response(status, exc.description, error=exc.error, details=exc.details, headers=headers)
    details = None
    data = getattr(exc, "data", None) or {}
    if "messages" in data:  # webargs validation errors, keyed by location (json, query, files...)
        details = data["messages"]
    elif data.get("errors"):
        details = data["errors"]
    if status >= 500:
        original = getattr(exc, "original_exception", None)
        if original is not None:
            log.error("unhandled %s", type(original).__name__, exc_info=original)
        message = "An unexpected error occurred. It has been logged."
    elif status == 422:
        message = "The request contains invalid fields."
    elif status == 429:
        message = f"Too many requests: the limit is {exc.description}. Retry after the time in Retry-After."
    else:
        message = data.get("message") or exc.description or exc.name
    return error_response(status, message, details=details, headers=headers)
