"""Concurrent clients against a real server, counting every answer while a dependency fails."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # error codes of 5xx bodies
    lost: int = 0  # no HTTP answer at all (connection reset, timeout)
    slowest: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.statuses.values()) + self.lost


class Traffic:
    """``workers`` threads each cycling through ``requests`` [(method, path, kwargs)] until stopped."""

    def __init__(self, base: str, requests: list[tuple[str, str, dict]], workers: int = 4, timeout: float = 10.0):
        self.base, self.requests, self.workers, self.timeout = base, requests, workers, timeout
        self.tally = Tally()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _run(self, offset: int) -> None:
        with httpx.Client(base_url=self.base, timeout=self.timeout) as client:
            i = offset
            while not self._stop.is_set():
                method, path, kwargs = self.requests[i % len(self.requests)]
                i += 1
                started = time.perf_counter()
                try:
                    response = client.request(method, path, **kwargs)
                except httpx.HTTPError:
                    with self._lock:
                        self.tally.lost += 1
                    continue
                elapsed = time.perf_counter() - started
                with self._lock:
                    self.tally.statuses[response.status_code] += 1
                    self.tally.slowest = max(self.tally.slowest, elapsed)
                    if response.status_code >= 500:
                        body = response.json()
                        self.tally.errors[body.get("error") or f"{path} report"] += 1
                time.sleep(0.01)

    def phase(self, seconds: float) -> Tally:
        """Run for ``seconds`` and return what was answered meanwhile."""
        self.tally = Tally()
        self._stop.clear()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.workers)]
        for thread in self._threads:
            thread.start()
        time.sleep(seconds)
        self._stop.set()
        for thread in self._threads:
            thread.join(self.timeout + 5)
        return self.tally


def until_healthy(base: str, path: str, headers: dict, timeout: float = 15.0) -> float:
    """Seconds until ``path`` answers 200 again (reconnection by itself)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if httpx.get(base + path, headers=headers, timeout=5).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{path} did not recover within {timeout} s")
