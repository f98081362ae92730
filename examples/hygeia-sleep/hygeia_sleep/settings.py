"""The plugin's settings: SLEEP_<KEY> in the app config (instance/config.py or create_app overrides)."""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "SUMMARY_NIGHTS": 14,  # how many of the latest nights the summary covers
    "SHORT_NIGHT_MINUTES": 360,  # nights shorter than this count as short (6 hours)
}


def setting(key: str) -> Any:
    return current_app.config.get(f"SLEEP_{key}", DEFAULTS[key])
