"""The plugin's external sources for the current app, built once per app from its settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import httpx
from flask import current_app
from limits.storage import MemoryStorage

from core.api import get_redis, redis_key
from plugins.research.eutils import REQUESTS_PER_SECOND, REQUESTS_PER_SECOND_WITH_KEY, EutilsClient
from plugins.research.europepmc import EuropePmcClient
from plugins.research.settings import ncbi_api_key, setting
from plugins.research.throttle import RequestThrottle, redis_storage

_lock = threading.Lock()


@dataclass(frozen=True)
class Sources:
    http: httpx.Client
    pubmed: EutilsClient
    europepmc: EuropePmcClient


def sources() -> Sources:
    app = current_app._get_current_object()
    with _lock:
        if "research.sources" not in app.extensions:
            app.extensions["research.sources"] = _build()
    return app.extensions["research.sources"]


def _build() -> Sources:
    timeout, retries = setting("TIMEOUT_SECONDS"), setting("RETRIES")
    http = httpx.Client(headers={"User-Agent": f"{setting('NCBI_TOOL')} (Hygeia research plugin)"},
                        transport=httpx.HTTPTransport(retries=1), follow_redirects=True, timeout=timeout)
    api_key = ncbi_api_key()
    pubmed = EutilsClient(http, setting("EUTILS_BASE_URL"), tool=setting("NCBI_TOOL"), email=setting("NCBI_EMAIL"),
                          api_key=api_key, throttle=ncbi_throttle(api_key), timeout=timeout, retries=retries)
    return Sources(http, pubmed, EuropePmcClient(http, setting("EUROPEPMC_BASE_URL"), timeout=timeout,
                                                 retries=retries))


def ncbi_throttle(api_key: str | None) -> RequestThrottle:
    """NCBI's per-second limit, shared through Redis by every process of this deployment."""
    rate = REQUESTS_PER_SECOND_WITH_KEY if api_key else REQUESTS_PER_SECOND
    client = get_redis()
    if client is None:
        return RequestThrottle(MemoryStorage(), rate, "eutils")
    storage = redis_storage(current_app.config["REDIS_URL"], redis_key("research", "throttle"),
                            connection_pool=client.connection_pool)
    return RequestThrottle(storage, rate, "eutils")
