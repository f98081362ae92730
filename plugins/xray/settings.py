"""The xray plugin's settings: ``XRAY_<KEY>`` in instance/config.py or the environment."""

from __future__ import annotations

import json
import os
from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "MAX_UPLOAD_MB": 15.0,  # below the app's MAX_CONTENT_LENGTH (16 MB), so the plugin's own message is seen
    "MIN_SIDE": 128,  # pixels; smaller images cannot be read as radiographs
    "MAX_SIDE": 8192,
    "MAX_PIXELS": 40_000_000,  # decompression-bomb guard, checked from the header before decoding
    "WEIGHTS_PATH": "",  # a weights file or bundle to use instead of the installed one
    "WEIGHTS_SHA256": "",  # required with WEIGHTS_PATH
    "WEIGHTS_FORMAT": "auto",
    "LABELS_PATH": "",  # for a plain state dict given by WEIGHTS_PATH
    "THRESHOLDS": {},  # {"Effusion": 0.6, ...}: overrides the weights' own thresholds
    "DEFAULT_THRESHOLD": 0.5,
    "BATCH_SIZE": 8,  # analyses one job may take from the queue at once
    "TORCH_THREADS": 1,  # one thread per worker where cores are shared
    "STALE_SECONDS": 900,  # a "running" analysis older than this is taken over by its job's retry
    "MAX_WEIGHTS_MB": 1024,  # refused above this when installing
    "DOWNLOAD_TIMEOUT": 60,
    "EXPLAIN": True,  # ask the LLM for a plain-language explanation when it is configured
    "ALLOW_DEMO_WEIGHTS": False,  # production refuses research demo weights (flask xray install-weights --demo)
}


def setting(key: str) -> Any:
    """``XRAY_<KEY>``: the core turns the manifest's DEFAULTS into config (config wins, then the
    environment); the default applies outside a full app (e.g. a bare app context in tests)."""
    value = current_app.config.get(f"XRAY_{key}", DEFAULTS[key])
    if isinstance(DEFAULTS[key], dict) and isinstance(value, str):  # a JSON object from the environment
        value = json.loads(value)
    return value


def check_settings() -> None:
    """Refuse settings that would only fail later, inside a job (called at start-up)."""
    try:
        thresholds = setting("THRESHOLDS")
    except ValueError:
        raise ValueError("XRAY_THRESHOLDS is not valid JSON (expected an object such as "
                         '{"Effusion": 0.6})') from None
    if not isinstance(thresholds, dict) or not all(
            isinstance(v, (int, float)) and 0 < v < 1 for v in thresholds.values()):
        raise ValueError("XRAY_THRESHOLDS must map labels to numbers between 0 and 1")
    if not 0 < float(setting("DEFAULT_THRESHOLD")) < 1:
        raise ValueError("XRAY_DEFAULT_THRESHOLD must be between 0 and 1")
    for key in ("MAX_UPLOAD_MB", "MIN_SIDE", "MAX_SIDE", "MAX_PIXELS", "BATCH_SIZE", "TORCH_THREADS"):
        if float(setting(key)) <= 0:
            raise ValueError(f"XRAY_{key} must be positive")


def in_production() -> bool:
    return current_app.config.get("ENV_NAME") == "production"


def demo_weights_refused() -> bool:
    """Demo weights may not run here: production, unless XRAY_ALLOW_DEMO_WEIGHTS says so explicitly."""
    return in_production() and not bool(setting("ALLOW_DEMO_WEIGHTS"))


def demo_refusal() -> str | None:
    """Why demo weights may not run on this server, or None."""
    if demo_weights_refused():
        return ("The installed X-ray weights are the research demo model (trained on 28-pixel paediatric images, "
                "not for diagnosis); production refuses them unless XRAY_ALLOW_DEMO_WEIGHTS=true is set "
                "explicitly. Install real weights with: flask xray install-weights PATH_OR_URL --sha256 HEX")
    return None


def xray_folder() -> str:
    """instance/xray: installed weights live here."""
    return os.path.join(current_app.instance_path, "xray")

