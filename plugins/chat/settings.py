"""The chat plugin's settings: defaults here, overridden by CHAT_<KEY> in the app's configuration."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

DEFAULTS: dict[str, Any] = {
    "GENERATION": "auto",           # auto | worker | inprocess (see plugins.chat.dispatch)
    "INPROCESS_THREADS": 8,         # replies generated at once by one web process without a worker
    "HISTORY_TOKENS": 3000,         # estimated tokens of earlier turns sent with each message
    "CONTEXT_TOKENS": 1500,         # estimated tokens of other plugins' context
    "MAX_TOKENS": 800,              # longest reply, in tokens
    "TEMPERATURE": 0.3,
    "WS_IDLE_SECONDS": 300,         # a socket that sends nothing for this long is closed
    "REPLY_TIMEOUT_SECONDS": 120,   # a socket stops waiting after this long without a token
    "STALE_REPLY_SECONDS": 600,     # a reply still pending after this long is marked interrupted
}


def setting(key: str, app: Flask | None = None) -> Any:
    value = (app or current_app).config.get(f"CHAT_{key}", DEFAULTS[key])
    default = DEFAULTS[key]
    return type(default)(value) if isinstance(default, (int, float)) else value
