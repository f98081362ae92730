"""A dependency outage is a 503 that says which dependency is down, never a 500.

The database or Redis going away mid-request raises a driver error deep inside a view;
these handlers turn it into the one error shape with ``Retry-After`` and roll the session back,
so the connection pool (``pool_pre_ping``) and the Redis client reconnect on the next request.
"""

from __future__ import annotations

import logging

from flask import Flask
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from core.errors import error_response
from core.extensions import db

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


def _database_down(error: Exception):
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it
        pass
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    return error_response(503, "The database is unavailable; try again shortly.",
                          error="database_unavailable", headers={"Retry-After": RETRY_AFTER_SECONDS})


def _redis_down(error: Exception):
    log.warning("redis unavailable: %s", type(error).__name__)
    return error_response(503, "The cache and queue store is unavailable; try again shortly.",
                          error="redis_unavailable", headers={"Retry-After": RETRY_AFTER_SECONDS})


def init_outages(app: Flask) -> None:
    for error in (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError):
        app.register_error_handler(error, _database_down)
    for error in (RedisConnectionError, RedisTimeoutError):
        app.register_error_handler(error, _redis_down)
