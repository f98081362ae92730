"""One guard for the whole API, before any view: input that no handler can use safely gets a clear 4xx
in the one error shape, naming where it was found.

- Text with NUL (PostgreSQL cannot store U+0000: a 500 deep in a query) or a lone UTF-16 surrogate
  ("\\udc00", what a JavaScript client makes by slicing through an emoji: it cannot be encoded, so every
  later use of the stored value fails) in a JSON body, query string or form field: 422.
- JSON nested deeper than MAX_DEPTH (the parser's recursion fails), or with an integer of more than
  MAX_DIGITS digits (Python refuses to convert it): 422. JSON that does not parse is left to the
  route, which answers it in the same shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request

from core.errors import abort

MAX_DEPTH = 32
MAX_DIGITS = 100
_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
_MESSAGES = {"nul": "A value contains a NUL character.",
             "surrogate": "A value contains a lone UTF-16 surrogate (half of an emoji): send whole characters."}


def _text_problem(value: str) -> str | None:
    found = _UNUSABLE.search(value)
    if found is None:
        return None
    return "nul" if found.group(0) == "\x00" else "surrogate"


def _problem(value: Any, depth: int = 0) -> str | None:
    """What makes a parsed JSON value unusable: nul, surrogate, depth or digits; None when it is fine."""
    if depth > MAX_DEPTH:
        return "depth"
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    if isinstance(value, int):
        return "digits" if len(str(abs(value))) > MAX_DIGITS else None
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        problem = _problem(item, depth + 1)
        if problem:
            return problem
    return None


def _parse_json() -> tuple[Any, str | None]:
    """The body as JSON and what is wrong with it; (None, None) when it does not parse (the route says so)."""
    raw = request.get_data(cache=True)
    if not raw:
        return None, None
    try:
        return json.loads(raw), None
    except RecursionError:
        return None, "depth"
    except ValueError as error:
        return None, "digits" if "digits" in str(error) else None


def _refuse(problem: str, place: str) -> None:
    if problem == "depth":
        abort(422, f"The JSON body is nested more than {MAX_DEPTH} levels deep.", error="validation_error",
              details={place: [f"Nested more than {MAX_DEPTH} levels."]})
    if problem == "digits":
        abort(422, f"A number in the JSON body has more than {MAX_DIGITS} digits.", error="validation_error",
              details={place: [f"A number with more than {MAX_DIGITS} digits."]})
    abort(422, "Text cannot contain NUL (\\u0000) characters or lone UTF-16 surrogates.",
          error="validation_error", details={place: [_MESSAGES[problem]]})


def _guard() -> None:
    for key, value in request.args.items(multi=True):
        problem = _text_problem(key) or _text_problem(value)
        if problem:
            _refuse(problem, "query")
    if request.is_json:
        data, problem = _parse_json()
        problem = problem or (_problem(data) if data is not None else None)
        if problem:
            _refuse(problem, "json")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for key, value in request.form.items(multi=True):
            problem = _text_problem(key) or _text_problem(value)
            if problem:
                _refuse(problem, "form")


def init_input_guard(app: Flask) -> None:
    app.before_request(_guard)
