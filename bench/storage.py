"""Stored-file figures for both backends: upload and download throughput, and memory while streaming.

    python bench/storage.py [--megabytes 50] [--rounds 3]

Backends: the local folder (a temporary directory) and an S3-compatible store (moto's standalone
server on 127.0.0.1, in its own process, so its memory is not counted here; a real store over a
network is slower, the client side is the same). Each round puts a file of --megabytes random bytes
from disk through ``Storage.put`` and reads it back through ``Storage.open`` in chunks, hashing it.

Memory is this process's resident set (RSS, sampled every 2 ms) above its level just before the
transfer, and Python's own allocations (tracemalloc) during it; the target is under 30 MB above
idle for a 50 MB file. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.storage.local import LocalStorage  # noqa: E402
from core.storage.testing import CREDENTIALS, LocalS3Server  # noqa: E402

MB = 1024 * 1024


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRSS:
    """The highest RSS seen while the block runs, sampled in a thread."""

    def __enter__(self):
        self.idle = self.peak = rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss())
            time.sleep(0.002)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss())

    @property
    def above_idle(self) -> float:
        return (self.peak - self.idle) / MB


def transfer(storage, path: str) -> dict:
    with PeakRSS() as put_rss:
        tracemalloc.start()
        started = time.perf_counter()
        with open(path, "rb") as source:
            key = storage.put(source, namespace="bench", suffix=".bin")
        put_seconds = time.perf_counter() - started
        put_traced = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    digest = hashlib.sha256()
    with PeakRSS() as get_rss:
        tracemalloc.start()
        started = time.perf_counter()
        with storage.open(key) as stream:
            for chunk in stream:
                digest.update(chunk)
        get_seconds = time.perf_counter() - started
        get_traced = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    storage.delete(key)
    return {"put_s": put_seconds, "get_s": get_seconds, "digest": digest.hexdigest(),
            "put_rss": put_rss.above_idle, "get_rss": get_rss.above_idle, "put_traced": put_traced,
            "get_traced": get_traced}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(CREDENTIALS)
    from core.storage.s3 import S3Settings, S3Storage

    with tempfile.TemporaryDirectory(prefix="hygeia-bench-storage-") as folder:
        path = os.path.join(folder, "upload.bin")
        with open(path, "wb") as handle:
            handle.writelines(os.urandom(MB) for _ in range(args.megabytes))
        expected = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        server = LocalS3Server().start()
        try:
            bucket = server.new_bucket()
            backends = {
                "local folder": LocalStorage(os.path.join(folder, "store")),
                "s3 (moto, 127.0.0.1)": S3Storage(S3Settings(bucket=bucket, prefix="bench/",
                                                             endpoint_url=server.endpoint, region="us-east-1")),
            }
            print(f"{args.megabytes} MB file, {args.rounds} rounds each, best round shown; memory = worst round")
            print(f"{'backend':<22} {'upload MB/s':>12} {'download MB/s':>14} {'RSS put/get MB':>16} "
                  f"{'traced put/get MB':>18}")
            for name, storage in backends.items():
                with open(path, "rb") as warm:  # connections, imports
                    storage.delete(storage.put(warm, namespace="bench"))
                runs = [transfer(storage, path) for _ in range(args.rounds)]
                assert all(run["digest"] == expected for run in runs), "read back differently"
                up = args.megabytes / min(run["put_s"] for run in runs)
                down = args.megabytes / min(run["get_s"] for run in runs)
                print(f"{name:<22} {up:>12.0f} {down:>14.0f} "
                      f"{max(r['put_rss'] for r in runs):>7.1f}/{max(r['get_rss'] for r in runs):<8.1f} "
                      f"{max(r['put_traced'] for r in runs):>8.1f}/{max(r['get_traced'] for r in runs):<9.1f}")
        finally:
            server.stop()
    print("target: peak memory under 30 MB above idle while streaming a 50 MB file")


if __name__ == "__main__":
    main()
