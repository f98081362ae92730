"""Container health checks without curl in the image.

    python deploy/healthcheck.py http URL     healthy when URL answers 200 (the web's /api/health/
                                              answers 503 when the database or Redis is down)
    python deploy/healthcheck.py scheduler    healthy when this deployment's scheduler holds its
                                              Redis lock (it renews it every minute)
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def check_http(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {url}: {error}", file=sys.stderr)
        return 1


def check_scheduler() -> int:
    import redis

    prefix = os.environ.get("HYGEIA_REDIS_PREFIX", "hygeia")
    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5)
    if client.get(f"{prefix}:scheduler:lock") is None:
        print("unhealthy: no scheduler holds the lock", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "http":
        return check_http(argv[1])
    if argv == ["scheduler"]:
        return check_scheduler()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
