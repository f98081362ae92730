"""Circuit breakers for external services (pybreaker), shared across processes through Redis.

Thresholds follow the seed: Together AI opens after 3 failures for 30 s; PubMed,
WHO and the health-topic service after 5 failures for 60 s. Any other name gets
5 / 60 unless the caller says otherwise. Without Redis each process keeps its
own state in memory. States show in /api/health/ and /metrics.
"""

from __future__ import annotations

import logging
import threading

import pybreaker
from flask import Flask, current_app
from redis.exceptions import RedisError

from core.redis_client import get_redis, redis_key

log = logging.getLogger(__name__)

THRESHOLDS = {  # name: (failures before opening, seconds open)
    "together_ai": (3, 30),
    "pubmed": (5, 60),
    "who": (5, 60),
    "medlineplus": (5, 60),
}
STATE_VALUES = {pybreaker.STATE_CLOSED: 0, pybreaker.STATE_HALF_OPEN: 1, pybreaker.STATE_OPEN: 2}
CircuitBreakerError = pybreaker.CircuitBreakerError


def _noop() -> None:
    return None


def _raise(error: BaseException) -> None:
    raise error


def ensure_closed(breaker: pybreaker.CircuitBreaker) -> None:
    """Raise CircuitBreakerError while the breaker is open; once its timeout has passed it half-opens."""
    if breaker.current_state == pybreaker.STATE_OPEN:
        breaker.state.before_call(_noop)


def record_success(breaker: pybreaker.CircuitBreaker) -> None:
    try:
        pybreaker.CircuitBreaker.call(breaker, _noop)
    except pybreaker.CircuitBreakerError:  # opened meanwhile by other requests: keep it open
        pass


def record_failure(breaker: pybreaker.CircuitBreaker, error: BaseException) -> None:
    """Count ``error`` (unless the breaker excludes its type); never raises."""
    try:
        pybreaker.CircuitBreaker.call(breaker, _raise, error)
    except BaseException:
        pass


class Breaker(pybreaker.CircuitBreaker):
    """pybreaker's breaker, except that ``call`` does not hold the breaker's lock while the
    wrapped function runs (pybreaker's does, which lets one call at a time through a process).
    The state machine is consulted before the call and told the outcome after it.
    """

    def call(self, func, *args, **kwargs):
        ensure_closed(self)
        try:
            result = func(*args, **kwargs)
        except BaseException as error:
            # pybreaker counts it (or not, if excluded) and re-raises it, or raises
            # CircuitBreakerError when this failure opens the circuit.
            pybreaker.CircuitBreaker.call(self, _raise, error)
            raise
        record_success(self)
        return result


class _LogStateChanges(pybreaker.CircuitBreakerListener):
    def state_change(self, cb, old_state, new_state):
        log.warning("circuit breaker %s: %s -> %s", cb.name, old_state.name if old_state else None, new_state.name)


class BreakerRegistry:
    def __init__(self, app: Flask):
        self.app = app
        self._breakers: dict[str, pybreaker.CircuitBreaker] = {}
        self._lock = threading.Lock()

    def get(self, name: str, fail_max: int | None = None, reset_timeout: float | None = None,
            exclude: list | None = None) -> pybreaker.CircuitBreaker:
        with self._lock:
            breaker = self._breakers.get(name)
            if breaker is None:
                default_max, default_timeout = THRESHOLDS.get(name, (5, 60))
                breaker = Breaker(
                    fail_max=fail_max or default_max,
                    reset_timeout=reset_timeout or default_timeout,
                    exclude=exclude or [],
                    state_storage=self._storage(name),
                    listeners=[_LogStateChanges()],
                    name=name,
                )
                self._breakers[name] = breaker
            for excluded in exclude or ():  # a breaker made earlier (e.g. by /api/health/) learns them too
                if excluded not in breaker.excluded_exceptions:
                    breaker.add_excluded_exception(excluded)
            return breaker

    def _storage(self, name: str) -> pybreaker.CircuitBreakerStorage:
        client = get_redis(self.app)
        if client is None:
            return pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        try:
            return pybreaker.CircuitRedisStorage(
                pybreaker.STATE_CLOSED, client, namespace=redis_key("breaker", name, app=self.app)
            )
        except RedisError:
            log.warning("Redis unreachable: breaker %s keeps its state in this process", name)
            return pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)

    def states(self) -> dict[str, str]:
        """Current state of every breaker used so far, and of the seed's known ones."""
        for name in THRESHOLDS:
            self.get(name)
        return {name: breaker.current_state for name, breaker in sorted(self._breakers.items())}


def init_breakers(app: Flask) -> None:
    app.extensions["hygeia.breakers"] = BreakerRegistry(app)


def get_breaker(name: str, fail_max: int | None = None, reset_timeout: float | None = None,
                exclude: list | None = None) -> pybreaker.CircuitBreaker:
    """The named breaker of the current app; wrap calls with ``breaker.call(fn, ...)``."""
    return current_app.extensions["hygeia.breakers"].get(name, fail_max, reset_timeout, exclude)


def breaker_states(app: Flask | None = None) -> dict[str, str]:
    return (app or current_app).extensions["hygeia.breakers"].states()
