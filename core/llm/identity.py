"""The assistant's identity and rules: one text file, overridable per deployment.

The shipped text is core/llm/assistant.txt; a deployment puts its own in
``instance/assistant.txt``. The file is re-read when it changes.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import current_app, has_app_context

SHIPPED = Path(__file__).with_name("assistant.txt")
OVERRIDE_NAME = "assistant.txt"

_lock = threading.Lock()
_cache: dict[str, tuple[float, str]] = {}  # path -> (mtime, text)


def identity_path() -> Path:
    """The file in use: the instance override when it exists, else the shipped text."""
    if has_app_context():
        override = Path(current_app.instance_path) / OVERRIDE_NAME
        if override.is_file():
            return override
    return SHIPPED


def assistant_identity() -> str:
    """The system prompt text that opens every conversation with the model."""
    path = identity_path()
    mtime = os.stat(path).st_mtime
    cached = _cache.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    text = path.read_text(encoding="utf-8").strip()
    with _lock:
        _cache[str(path)] = (mtime, text)
    return text
