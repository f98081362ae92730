"""GET with a deadline and bounded retries, shared by the plugin's three external clients."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_WAIT = 5.0  # never honour a Retry-After longer than this inside a request


class SourceError(RuntimeError):
    """An external source failed: network error, timeout, error status or malformed body."""


class Throttled(SourceError):
    """Our own request throttle had no slot in time: the source itself is not to blame."""


def get(client: httpx.Client, url: str, params: dict, *, deadline: float, retries: int,
        before_each: Callable[[float], None] | None = None) -> httpx.Response:
    """GET ``url`` and return a 2xx response, or raise SourceError.

    ``deadline`` (a time.monotonic() value) bounds the whole call, retries
    included. 429 and 5xx answers are retried ``retries`` times after their
    Retry-After (or a short back-off). ``before_each(deadline)`` runs before
    every attempt (the NCBI throttle).
    """
    for attempt in range(retries + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SourceError("out of time")
        if before_each is not None:
            try:
                before_each(deadline)
            except TimeoutError as error:
                raise Throttled(str(error)) from None
            remaining = deadline - time.monotonic()
        try:
            response = client.get(url, params=params, timeout=max(remaining, 0.05))
        except httpx.HTTPError as error:
            raise SourceError(f"{type(error).__name__} from {_host(url)}") from None
        if response.is_success:
            return response
        if response.status_code not in RETRY_STATUSES or attempt == retries:
            raise SourceError(f"HTTP {response.status_code} from {_host(url)}")
        wait = _retry_after(response, attempt)
        if time.monotonic() + wait >= deadline:
            raise SourceError(f"HTTP {response.status_code} from {_host(url)}; no time left to retry")
        time.sleep(wait)
    raise AssertionError("unreachable")


def _retry_after(response: httpx.Response, attempt: int) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return min(max(float(value), 0.0), MAX_RETRY_WAIT)
    except ValueError:
        return min(0.5 * 2 ** attempt, MAX_RETRY_WAIT)


def _host(url: str) -> str:
    return httpx.URL(url).host or "source"
