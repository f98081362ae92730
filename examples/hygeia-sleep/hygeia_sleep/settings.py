"""The plugin's settings. The core turns each default (Manifest.settings) into config key SLEEP_<KEY>:
instance/config.py or create_app overrides win, then an environment variable of that name."""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "SUMMARY_NIGHTS": 14,  # how many of the latest nights the summary covers
    "SHORT_NIGHT_MINUTES": 360,  # nights shorter than this count as short (6 hours)
}


def setting(key: str) -> Any:
    return current_app.config[f"SLEEP_{key}"]
