"""A request throttle shared by every process: at most N requests per second to one service.

Built on the ``limits`` library's moving window (an atomic Lua script in Redis,
a lock in memory). With Redis every web process and worker draws from one
window, as NCBI counts requests per site, not per process; without Redis the
window is this process's own. Callers wait for a free slot instead of being
refused, up to a deadline.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)
RETRY_SHARED_AFTER = 30.0  # seconds on the in-process window before trying Redis again


class ThrottleTimeout(TimeoutError):
    """No request slot became free before the caller's deadline."""


class RequestThrottle:
    def __init__(self, storage: Storage, per_second: int, name: str):
        self.item = RateLimitItemPerSecond(per_second)
        self.name = name
        self.limiter = MovingWindowRateLimiter(storage)
        self._fallback: MovingWindowRateLimiter | None = None
        self._fallback_until = 0.0

    def acquire(self, deadline: float) -> None:
        """Take one slot, sleeping until one is free; ``deadline`` is a time.monotonic() value."""
        while True:
            limiter = self._limiter()
            try:
                if limiter.hit(self.item, self.name):
                    return
                wait = limiter.get_window_stats(self.item, self.name).reset_time - time.time()
            except Exception as error:  # Redis down: keep to the limit in this process at least
                log.warning("shared throttle %s unavailable (%s); limiting this process only",
                            self.name, type(error).__name__)
                self._fallback = self._fallback or MovingWindowRateLimiter(MemoryStorage())
                self._fallback_until = time.monotonic() + RETRY_SHARED_AFTER
                continue
            wait = min(max(wait, 0.01), 1.0)
            if time.monotonic() + wait > deadline:
                raise ThrottleTimeout(f"no {self.name} request slot before the deadline")
            time.sleep(wait)

    def _limiter(self) -> MovingWindowRateLimiter:
        if self._fallback is not None and time.monotonic() < self._fallback_until:
            return self._fallback
        return self.limiter


def redis_storage(url: str, key_prefix: str, connection_pool=None) -> RedisStorage:
    """Storage in the app's Redis (sharing its connection pool when given)."""
    return RedisStorage(url, connection_pool=connection_pool, key_prefix=key_prefix)
