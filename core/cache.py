"""A small cache over Flask-Caching: Redis when configured, in-process memory otherwise.

Every call is fault-tolerant: when Redis is unreachable the cache behaves as
empty (a miss) and writes are dropped, so callers simply compute the value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask

from core.extensions import cache

log = logging.getLogger(__name__)
_MISSING = object()


def init_cache(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["REDIS_URL"],
                    "CACHE_KEY_PREFIX": f"{app.config['REDIS_KEY_PREFIX']}:cache:",
                    "CACHE_OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}
    else:
        settings = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 5000}
    settings["CACHE_DEFAULT_TIMEOUT"] = 300
    cache.init_app(app, config=settings)


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
