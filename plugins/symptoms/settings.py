"""The plugin's settings and their defaults; override any as SYMPTOMS_<KEY> in the app config."""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "CACHE_SECONDS": 24 * 3600,  # analyses of identical symptoms and profile
    "LLM_MAX_TOKENS": 900,
    "LLM_TEMPERATURE": 0.2,
    "ENRICH": True,  # MedlinePlus Connect health topics
    "MAX_TOPICS": 3,
    "MEDLINEPLUS_URL": "https://connect.medlineplus.gov/service",
    "MEDLINEPLUS_TIMEOUT_SECONDS": 3.0,
    "MEDLINEPLUS_CACHE_SECONDS": 24 * 3600,
    "PENDING_STALE_SECONDS": 15 * 60,  # a background analysis still pending after this may be re-run
    "RATE_LIMIT_AUTHENTICATED": "10/minute",
    "RATE_LIMIT_ANONYMOUS": "3/minute",
}


def setting(key: str, app=None) -> Any:
    config = (app or current_app).config
    value = config.get(f"SYMPTOMS_{key}")
    return DEFAULTS[key] if value is None else value
