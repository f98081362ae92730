"""A small cache over Flask-Caching: Redis when configured, in-process memory otherwise.

Every call is fault-tolerant: when Redis is unreachable the cache behaves as
empty (a miss) and writes are dropped, so callers simply compute the value.

Values are JSON, sealed (encrypted and authenticated, Fernet) with a key derived
from SECRET_KEY: a cached answer about someone's health is never in clear in
Redis, and nothing read back is ever unpickled, so whoever can write to Redis
cannot make the app run code. A value that does not open (another key, tampered,
or written by an older version) reads as a miss.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask

from core.extensions import cache
from core.sealing import InvalidToken, sealer

log = logging.getLogger(__name__)
_MISSING = object()
SEALED = b"hygeia1:"


class SealedJSONSerializer:
    """cachelib's serializer interface (dumps, loads) with JSON inside Fernet, never pickle."""

    def __init__(self, secret: str):
        self._fernet = sealer(secret, "cache")

    def dumps(self, value: Any, protocol: int | None = None) -> bytes:
        return SEALED + self._fernet.encrypt(json.dumps(value, separators=(",", ":")).encode())

    def loads(self, data: bytes | None) -> Any:
        if not data or not data.startswith(SEALED):
            return None
        try:
            return json.loads(self._fernet.decrypt(data[len(SEALED):]))
        except (InvalidToken, ValueError):
            return None


def init_cache(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["REDIS_URL"],
                    "CACHE_KEY_PREFIX": f"{app.config['REDIS_KEY_PREFIX']}:cache:",
                    "CACHE_OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}
    else:
        settings = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 5000}
    settings["CACHE_DEFAULT_TIMEOUT"] = 300
    cache.init_app(app, config=settings)
    app.extensions["cache"][cache].serializer = SealedJSONSerializer(app.config["SECRET_KEY"])


def cache_get(key: str, default: Any = None) -> Any:
    try:
        value = cache.get(key)
    except Exception as error:
        log.warning("cache read failed: %s", type(error).__name__)
        return default
    return default if value is None else value


def cache_set(key: str, value: Any, ttl: int) -> None:
    try:
        cache.set(key, value, timeout=ttl)
    except Exception as error:
        log.warning("cache write failed: %s", type(error).__name__)


def cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as error:
        log.warning("cache delete failed: %s", type(error).__name__)


def remember(key: str, ttl: int, compute: Callable[[], Any]) -> tuple[Any, bool]:
    """(value, hit): the cached value, or compute() stored for ``ttl`` seconds. None is never cached."""
    value = cache_get(key, _MISSING)
    if value is not _MISSING:
        return value, True
    value = compute()
    if value is not None:
        cache_set(key, value, ttl)
    return value, False
