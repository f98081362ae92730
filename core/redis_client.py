"""The optional Redis connection and the key prefix every Redis key of Hygeia carries."""

from __future__ import annotations

import redis
from flask import Flask, current_app


def init_redis(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["hygeia.redis"] = (
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)
        if url else None
    )


def get_redis(app: Flask | None = None) -> redis.Redis | None:
    """The app's Redis client, or None in the embedded default (no REDIS_URL)."""
    return (app or current_app).extensions.get("hygeia.redis")


def redis_key(*parts: object, app: Flask | None = None) -> str:
    prefix = (app or current_app).config["REDIS_KEY_PREFIX"]
    return ":".join([prefix, *map(str, parts)])
