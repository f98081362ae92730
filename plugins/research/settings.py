"""The research plugin's settings: app config first, then the environment, then the default.

Every key is read as ``RESEARCH_<KEY>`` (e.g. RESEARCH_NCBI_EMAIL) except NCBI's
own ``NCBI_API_KEY``, which keeps the name NCBI's documentation uses.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app

DEFAULTS: dict[str, Any] = {
    "EUTILS_BASE_URL": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
    "EUROPEPMC_BASE_URL": "https://www.ebi.ac.uk/europepmc/webservices/rest",
    "NEWS_FEED_URL": "https://www.who.int/rss-feeds/news-english.xml",
    "NCBI_TOOL": "hygeia",
    "NCBI_EMAIL": "",  # NCBI asks every tool for a contact address; set it in production
    "TIMEOUT_SECONDS": 10.0,  # per HTTP request
    "SEARCH_SECONDS": 20.0,  # a whole search, PubMed and the Europe PMC fallback together
    "RETRIES": 1,  # extra tries after a 429 or 5xx answer
    "CACHE_SECONDS": 24 * 3600,
    "CONTEXT_SECONDS": 2.0,  # time budget of the ai_context hook
    "CONTEXT_CITATIONS": 3,
    "NEWS_REFRESH_MINUTES": 60,
    "NEWS_KEEP": 200,  # newest items kept in the database
}


def setting(key: str, app: Flask | None = None) -> Any:
    """RESEARCH_<key> from the app config or the environment, cast like its default."""
    name = f"RESEARCH_{key}"
    default = DEFAULTS[key]
    value = (app or current_app).config.get(name)
    if value is None:
        value = os.environ.get(name)
    if value is None or value == "":
        return default
    return type(default)(value) if not isinstance(value, type(default)) else value


def ncbi_api_key() -> str | None:
    return current_app.config.get("NCBI_API_KEY") or os.environ.get("NCBI_API_KEY") or None
