"""Fetching and reading a health news feed (WHO's news RSS by default).

feedparser reads RSS and Atom alike, normalises dates and strips unsafe HTML;
the body is fetched here with httpx, so feedparser never touches the network.
"""

from __future__ import annotations

import calendar
import html
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser
import httpx

from plugins.research.fetch import SourceError, get

_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
SUMMARY_CHARS = 1000


@dataclass(frozen=True)
class NewsEntry:
    guid: str
    title: str
    link: str
    summary: str
    published_at: datetime


def fetch_feed(http: httpx.Client, url: str, *, timeout: float, retries: int) -> tuple[str, list[NewsEntry]]:
    """(feed title, entries) of the feed at ``url``; SourceError when it cannot be read."""
    response = get(http, url, {}, deadline=time.monotonic() + timeout * (retries + 1), retries=retries)
    return parse_feed(response.content)


def parse_feed(body: bytes) -> tuple[str, list[NewsEntry]]:
    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        raise SourceError(f"news feed unreadable ({type(feed.get('bozo_exception')).__name__})")
    if feed.get("version", "") == "" and not feed.entries:
        raise SourceError("not an RSS or Atom feed")
    entries = [entry for entry in map(_entry, feed.entries) if entry is not None]
    return _plain(feed.feed.get("title", "")) or "Health news", entries


def _entry(item) -> NewsEntry | None:
    link = item.get("link") or ""
    title = _plain(item.get("title", ""))
    if not link.startswith(("https://", "http://")) or not title:
        return None
    parsed = item.get("published_parsed") or item.get("updated_parsed")
    published = (datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc) if parsed
                 else datetime.now(timezone.utc))
    summary = _plain(item.get("summary", ""))
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return NewsEntry(guid=(item.get("id") or link)[:500], title=title[:500], link=link[:1000],
                     summary=summary, published_at=published)


def _plain(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", fragment or ""))).strip()
