"""Refuse text with NUL characters before any view runs.

PostgreSQL cannot store U+0000 in text (psycopg2 raises ValueError deep in a query, a 500), and no
field of this API has a use for it. A JSON body, query string or form field holding one gets a 422
in the one error shape, naming where it was found.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from core.errors import abort

NUL = "\x00"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _refuse_nul_characters() -> None:
    places = []
    if any(_has_nul(k) or _has_nul(v) for k, v in request.args.items(multi=True)):
        places.append("query")
    if request.is_json and _has_nul(request.get_json(silent=True)):
        places.append("json")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded") and any(
            _has_nul(k) or _has_nul(v) for k, v in request.form.items(multi=True)):
        places.append("form")
    if places:
        abort(422, "Text cannot contain NUL (\\u0000) characters.", error="validation_error",
              details={place: ["A value contains a NUL character."] for place in places})


def init_input_guard(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
