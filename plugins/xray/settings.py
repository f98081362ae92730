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
}


def setting(key: str) -> Any:
    """``XRAY_<KEY>``: the core turns the manifest's DEFAULTS into config (config wins, then the
    environment); the default applies outside a full app (e.g. a bare app context in tests)."""
    value = current_app.config.get(f"XRAY_{key}", DEFAULTS[key])
    if isinstance(DEFAULTS[key], dict) and isinstance(value, str):  # a JSON object from the environment
        value = json.loads(value)
    return value


def xray_folder() -> str:
    """instance/xray: installed weights live here."""
    return os.path.join(current_app.instance_path, "xray")


def uploads_folder() -> str:
    """instance/uploads/xray: one sub-folder per user."""
    return os.path.join(current_app.instance_path, "uploads", "xray")
