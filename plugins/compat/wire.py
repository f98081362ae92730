"""The original backend's wire format: request bodies parsed as its parsers did (JSON, form-encoded or
multipart) and its answers, `{"field": ["message"]}` for invalid input and `{"error": "..."}` otherwise.

Hygeia's services raise ``ApiError`` in the core's shape; ``answers_as_original`` turns the ones a view
expects into the original's shape (each view says how), and lets the rest through unchanged (429, 503).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import marshmallow as ma
from flask import jsonify
from webargs.flaskparser import FlaskParser

from core.api import ApiError, Blueprint

REQUIRED = "This field is required."
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class Invalid(Exception):
    """Invalid input, answered 400 with the original's `{"field": ["message", ...]}`."""

    def __init__(self, messages: dict):
        super().__init__(messages)
        self.messages = messages


class OriginalParser(FlaskParser):
    """JSON when the body is JSON, else the form (urlencoded or multipart), like the original's parsers."""

    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        messages = error.messages
        if isinstance(messages, dict) and len(messages) == 1 and set(messages) <= {"json_or_form", "files", "query"}:
            messages = next(iter(messages.values()))  # webargs keys errors by location; the original did not
        raise Invalid(_drf_messages(messages))


def _drf_messages(messages):
    if isinstance(messages, dict):
        return {key: _drf_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [REQUIRED if m == "Missing data for required field." else m for m in messages]
    return [messages]


class OriginalBlueprint(Blueprint):
    """A core Blueprint whose arguments come from JSON or form bodies and fail with a 400 in the original's shape."""

    ARGUMENTS_PARSER = OriginalParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             "json_or_form": "application/json"}

    def body(self, schema, **kwargs):
        """The request body, JSON or form-encoded or multipart (documented as JSON)."""
        return self.arguments(schema, location="json_or_form", **kwargs)


class Lenient(ma.Schema):
    """Unknown fields are ignored, as the original's serializers ignored them."""

    class Meta:
        unknown = ma.EXCLUDE


def reply(body, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    return response


def answers_as_original(translate: Callable[[ApiError], tuple[dict, int] | None] | None = None):
    """Answer ``Invalid`` as 400 `{field: [...]}`, and each ``ApiError`` that ``translate`` maps as its
    ``(body, status)``; an error it does not map (returns None) keeps the core's shape."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except Invalid as error:
                return reply(error.messages, 400)
            except ApiError as error:
                mapped = translate(error) if translate else None
                if mapped is None:
                    raise
                return reply(*mapped)

        return wrapper

    return decorator
