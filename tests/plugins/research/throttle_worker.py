"""One process of the cross-process throttle test: ``python -m tests.plugins.research.throttle_worker
REDIS_URL KEY_PREFIX SERVER_URL NAME COUNT START_AT`` makes COUNT esearch requests through the
shared NCBI throttle, starting at the wall-clock time START_AT."""

import sys
import time

import httpx

from plugins.research.eutils import REQUESTS_PER_SECOND, EutilsClient
from plugins.research.spec import SearchSpec
from plugins.research.throttle import RequestThrottle, redis_storage


def main(redis_url: str, prefix: str, server: str, name: str, count: int, start_at: float) -> None:
    throttle = RequestThrottle(redis_storage(redis_url, prefix), REQUESTS_PER_SECOND, "eutils")
    with httpx.Client() as http:
        client = EutilsClient(http, f"{server}/eutils", tool=name, email="", api_key=None, throttle=throttle)
        time.sleep(max(0.0, start_at - time.time()))
        for _ in range(count):
            client.esearch("telomere", SearchSpec("telomere"), deadline=time.monotonic() + 30)


if __name__ == "__main__":
    redis_url, prefix, server, name, count, start_at = sys.argv[1:]
    main(redis_url, prefix, server, name, int(count), float(start_at))
