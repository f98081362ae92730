"""NCBI's request limit (3/s without a key) holds across threads and across real processes."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from limits.storage import MemoryStorage

from plugins.research.throttle import RequestThrottle, ThrottleTimeout
from core.testing import REDIS_TEST_URL

ROOT = Path(__file__).resolve().parents[3]


def most_in_one_second(times: list[float], window: float = 0.95) -> int:
    """The most events within any ``window`` seconds (a little under one, for timing jitter)."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start < window) for i, start in enumerate(times))


def redis_url(backend) -> str:
    if backend.redis_url:
        return backend.redis_url
    host, port = REDIS_TEST_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        pytest.skip("the cross-process throttle needs a Redis server")
    return REDIS_TEST_URL


def test_two_processes_share_three_requests_per_second(hygeia_backend, literature):
    start_at = time.time() + 1.5  # both processes are running by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    prefix = f"{hygeia_backend.prefix}:throttle-test"
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.plugins.research.throttle_worker", redis_url(hygeia_backend),
                          prefix, literature.url, name, "4", str(start_at)], cwd=ROOT, env=env)
        for name in ("process-a", "process-b")
    ]
    assert [w.wait(timeout=30) for w in workers] == [0, 0]
    seen = [r for r in literature.requests if r.endpoint == "esearch"]
    assert sorted({r.params["tool"] for r in seen}) == ["process-a", "process-b"]
    assert len(seen) == 8
    # Arrival times at the server carry scheduling jitter on a busy machine, hence the 0.8 s window:
    # without the shared window, two processes would send up to 6 requests a second.
    assert most_in_one_second([r.at for r in seen], window=0.8) <= 3
    assert max(r.at for r in seen) - min(r.at for r in seen) >= 1.8  # 8 requests need three windows


def test_threads_of_one_process_share_the_in_memory_window():
    throttle = RequestThrottle(MemoryStorage(), 3, "eutils")
    times: list[float] = []

    def take(n):
        for _ in range(n):
            throttle.acquire(time.monotonic() + 10)
            times.append(time.time())

    threads = [threading.Thread(target=take, args=(3,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(times) == 6 and most_in_one_second(times) <= 3
    assert max(times) - min(times) >= 0.95  # the second three waited for the window


def test_no_slot_before_the_deadline_is_a_timeout():
    throttle = RequestThrottle(MemoryStorage(), 3, "eutils")
    for _ in range(3):
        throttle.acquire(time.monotonic() + 1)
    started = time.monotonic()
    with pytest.raises(ThrottleTimeout):
        throttle.acquire(time.monotonic() + 0.2)
    assert time.monotonic() - started < 0.3


def test_redis_outage_falls_back_to_a_per_process_window():
    from plugins.research.throttle import redis_storage

    throttle = RequestThrottle(redis_storage("redis://127.0.0.1:1/0", "x"), 3, "eutils")
    started = time.monotonic()
    for _ in range(4):
        throttle.acquire(time.monotonic() + 5)
    assert 0.8 < time.monotonic() - started < 3  # the fourth waited for the in-memory window
