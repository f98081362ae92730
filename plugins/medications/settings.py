"""The plugin's settings and their defaults; override any as MEDICATIONS_<KEY> in the app config."""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "LLM_MAX_TOKENS": 700,  # the plain-language explanation
    "RATE_LIMIT_AUTHENTICATED": "20/minute",
    "RATE_LIMIT_ANONYMOUS": "5/minute",
}


def setting(key: str, app=None) -> Any:
    value = (app or current_app).config.get(f"MEDICATIONS_{key}")
    return DEFAULTS[key] if value is None else value
