"""Health topics from MedlinePlus Connect (U.S. National Library of Medicine), by ICD-10-CM code.

``GET {base}?mainSearchCriteria.v.cs=<ICD-10-CM OID>&mainSearchCriteria.v.c=<code>
&knowledgeResponseType=application/json&informationRecipient.languageCode.c=<en|es>``
answers an Atom feed rendered as JSON (``feed.entry[].title._value``,
``link[0].href``, ``summary._value`` in HTML). MedlinePlus has English and
Spanish; French gets English topics. Calls go through the ``medlineplus``
breaker (5 failures, 60 s) and each code's topics are cached for 24 hours.
A failure costs the topics, never the consultation.
"""

from __future__ import annotations

import html
import logging
import re

import httpx
from flask import current_app

from core.api import CircuitBreakerError, cache_get, cache_set, get_breaker
from plugins.symptoms.settings import setting

log = logging.getLogger(__name__)

ICD10_CM_OID = "2.16.840.1.113883.6.90"
SUMMARY_CHARS = 400
_TAGS = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S | re.I)


class MedlinePlusError(RuntimeError):
    """MedlinePlus answered with an error or something else than its JSON feed."""


def _client() -> httpx.Client:
    app = current_app._get_current_object()
    client = app.extensions.get("symptoms.medlineplus")
    if client is None:
        timeout = float(setting("MEDLINEPLUS_TIMEOUT_SECONDS", app))
        client = app.extensions.setdefault("symptoms.medlineplus", httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            headers={"Accept": "application/json", "User-Agent": "Hygeia/0.1 (health topics)"}))
    return client


def plain_summary(markup: str) -> str:
    """The first paragraph of an HTML summary as plain text, shortened at a word."""
    match = _PARAGRAPH.search(markup or "")
    text = html.unescape(_TAGS.sub("", match.group(1) if match else markup or ""))
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def parse_feed(body: object) -> list[dict]:
    """Topics of a MedlinePlus Connect JSON feed: [{"title", "url", "summary", "source"}]."""
    if not isinstance(body, dict) or not isinstance(body.get("feed"), dict):
        raise MedlinePlusError("no feed in the answer")
    entries = body["feed"].get("entry") or []
    if isinstance(entries, dict):  # a single entry may come unwrapped
        entries = [entries]
    topics = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        title = (entry.get("title") or {}).get("_value")
        links = entry.get("link") or []
        url = next((link.get("href") for link in links if isinstance(link, dict) and link.get("href")), None)
        if not title or not url:
            continue
        topics.append({"title": html.unescape(title).strip(), "url": url,
                       "summary": plain_summary((entry.get("summary") or {}).get("_value", "")),
                       "source": "MedlinePlus"})
    return topics


def fetch_topics(code: str, language: str) -> list[dict]:
    """One request to MedlinePlus Connect; raises httpx errors or MedlinePlusError."""
    params = {"mainSearchCriteria.v.cs": ICD10_CM_OID, "mainSearchCriteria.v.c": code,
              "knowledgeResponseType": "application/json",
              "informationRecipient.languageCode.c": "es" if language == "es" else "en"}
    response = _client().get(setting("MEDLINEPLUS_URL"), params=params)
    if response.status_code != 200:
        raise MedlinePlusError(f"HTTP {response.status_code}")
    try:
        return parse_feed(response.json())
    except ValueError:
        raise MedlinePlusError("the answer is not JSON") from None


def topics_cache_key(code: str, language: str) -> str:
    return f"symptoms:medlineplus:{'es' if language == 'es' else 'en'}:{code}"


def topics_for_code(code: str, language: str) -> list[dict] | None:
    """Cached topics for one code; None when MedlinePlus cannot be reached now (not cached)."""
    lang = "es" if language == "es" else "en"
    key = topics_cache_key(code, lang)
    cached = cache_get(key)
    if cached is not None:
        return cached
    try:
        topics = get_breaker("medlineplus").call(fetch_topics, code, lang)
    except CircuitBreakerError:
        return None
    except (httpx.HTTPError, MedlinePlusError) as error:
        log.warning("MedlinePlus Connect failed: %s", type(error).__name__)
        return None
    cache_set(key, topics, int(setting("MEDLINEPLUS_CACHE_SECONDS")))
    return topics


def health_topics(codes: list[str], language: str, limit: int) -> list[dict]:
    """Up to ``limit`` distinct topics for ``codes``, in order; empty when the service is down."""
    topics: list[dict] = []
    seen: set[str] = set()
    for code in dict.fromkeys(codes):
        if len(topics) >= limit:
            break
        found = topics_for_code(code, language)
        if found is None:  # down or breaker open: the other codes would fail the same way
            break
        for topic in found:
            if topic["url"] not in seen and len(topics) < limit:
                seen.add(topic["url"])
                topics.append({**topic, "code": code})
    return topics
