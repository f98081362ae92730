"""Use a pybreaker breaker without holding its lock for the length of the call.

``CircuitBreaker.call`` keeps the breaker's lock while the wrapped function
runs, which would let only one LLM request at a time through a process. Here
the breaker is consulted before the request and told the outcome after it,
through its public state machine, so requests run concurrently.
"""

from __future__ import annotations

import pybreaker


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
        breaker.call(_noop)
    except pybreaker.CircuitBreakerError:  # opened meanwhile by other requests: keep it open
        pass


def record_failure(breaker: pybreaker.CircuitBreaker, error: BaseException) -> None:
    try:
        breaker.call(_raise, error)
    except (pybreaker.CircuitBreakerError, type(error)):
        pass
