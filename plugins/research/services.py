"""The research plugin's operations, called by routes, jobs and the ai_context hook.

Searching goes PubMed (breaker ``pubmed``) -> Europe PMC (breaker ``europepmc``);
results are cached for 24 h per query and filters, before any personal ranking,
so the cache holds nothing about the user. A query is stored with all of its
articles in one transaction, or not at all.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.api import CircuitBreakerError, cache_set, db, enqueue, get_breaker, remember, utcnow
from plugins.research.articles import Article
from plugins.research.fetch import SourceError, Throttled
from plugins.research.health import LAST_REFRESH_KEY
from plugins.research.models import ResearchArticle, ResearchNewsItem, ResearchQuery
from plugins.research.news import fetch_feed
from plugins.research.ranking import Ranked, rank, terms
from plugins.research.settings import setting
from plugins.research.sources import sources
from plugins.research.spec import SearchSpec

log = logging.getLogger(__name__)
CACHE_VERSION = 1
PUBMED_SHARE = 0.6  # of a search's time budget


class ResearchUnavailable(RuntimeError):
    """Neither PubMed nor Europe PMC could answer."""


@dataclass(frozen=True)
class Found:
    source: str
    total: int
    articles: list[Article]
    from_cache: bool


def find_articles(spec: SearchSpec, deadline: float | None = None) -> Found:
    """Articles for ``spec`` from the cache, PubMed or Europe PMC, in the source's relevance order.

    ``deadline`` (time.monotonic()) bounds the whole search; by default RESEARCH_SEARCH_SECONDS.
    """
    key = f"research:search:v{CACHE_VERSION}:{spec.cache_key()}"
    deadline = deadline or time.monotonic() + setting("SEARCH_SECONDS")
    value, hit = remember(key, setting("CACHE_SECONDS"), lambda: _from_sources(spec, deadline))
    return Found(value["source"], value["total"], [Article.from_dict(a) for a in value["articles"]], hit)


def _from_sources(spec: SearchSpec, deadline: float) -> dict:
    chosen = sources()
    # PubMed may use most of the time, but Europe PMC keeps a share for the fallback.
    pubmed_deadline = time.monotonic() + PUBMED_SHARE * max(deadline - time.monotonic(), 0.0)
    for source, client, until in (("pubmed", chosen.pubmed, pubmed_deadline),
                                  ("europepmc", chosen.europepmc, deadline)):
        breaker = get_breaker(source)
        if Throttled not in breaker.excluded_exceptions:
            breaker.add_excluded_exception(Throttled)  # our own queue is no sign of an unwell source
        try:
            total, articles = breaker.call(client.search, spec, until)
        except (SourceError, CircuitBreakerError) as error:
            log.warning("research source %s failed: %s", source, error)
            continue
        return {"source": source, "total": total, "articles": [a.to_dict() for a in articles]}
    raise ResearchUnavailable("PubMed and Europe PMC are both unavailable")


def create_query(user_id: uuid.UUID, spec: SearchSpec, *, sort: str = "relevance",
                 conditions: list[str] | None = None, summarize: bool = False) -> ResearchQuery:
    """Search, rank for this user and store the query with its articles (raises ResearchUnavailable)."""
    found = find_articles(spec)
    ranked = rank(found.articles, spec.query, conditions, evidence_first=sort == "recent_evidence")
    record = ResearchQuery(
        user_id=user_id, query=spec.query, max_results=spec.max_results, sort=sort,
        filters={"from_year": spec.from_year, "to_year": spec.to_year, "article_types": list(spec.article_types)},
        source=found.source, total_found=found.total, from_cache=found.from_cache,
        summary_status="pending" if summarize and ranked else "not_requested", summary_pmids=[],
        articles=[_article_row(position, r) for position, r in enumerate(ranked[:spec.max_results], start=1)],
    )
    db.session.add(record)
    db.session.commit()
    if record.summary_status == "pending":
        enqueue("research:summarize_query", str(record.id))
        db.session.refresh(record)
    return record


def _article_row(position: int, ranked: Ranked) -> ResearchArticle:
    a = ranked.article
    return ResearchArticle(
        rank=position, pmid=a.pmid, title=a.title, abstract=a.abstract, abstract_sections=a.abstract_sections,
        authors=a.authors, journal=a.journal[:500], year=a.year, doi=a.doi, url=a.url, mesh_terms=a.mesh_terms,
        publication_types=a.publication_types, relevance=ranked.score,
        matched_conditions=list(ranked.matched_conditions),
    )


def delete_query(record: ResearchQuery) -> None:
    db.session.delete(record)
    db.session.commit()


def export_user_data(user_id: uuid.UUID) -> list[dict]:
    """Every saved search of the user, newest first, as the API shows one (the data export)."""
    from plugins.research.schemas import ResearchQuerySchema

    records = db.session.scalars(select(ResearchQuery).where(ResearchQuery.user_id == user_id)
                                 .order_by(ResearchQuery.created_at.desc())).all()
    return ResearchQuerySchema(many=True).dump(records)


def citations_for(text: str, limit: int | None = None) -> list[Article]:
    """A few cited articles about ``text`` within the context time budget; [] when none can be had.

    Only the text's content words are sent to the source, never the user's profile.
    """
    words = terms(text)[:6]
    if not words:
        return []
    limit = limit or setting("CONTEXT_CITATIONS")
    spec = SearchSpec(" ".join(words), max_results=limit)
    try:
        found = find_articles(spec, deadline=time.monotonic() + setting("CONTEXT_SECONDS"))
    except ResearchUnavailable:
        return []
    return [r.article for r in rank(found.articles, spec.query)[:limit]]


def refresh_news() -> int:
    """Fetch the news feed (breaker ``who``) and store its new items; returns how many were new."""
    http = sources().http
    source, entries = get_breaker("who").call(fetch_feed, http, setting("NEWS_FEED_URL"),
                                              timeout=setting("TIMEOUT_SECONDS"), retries=setting("RETRIES"))
    guids = [e.guid for e in entries]
    known = set(db.session.scalars(select(ResearchNewsItem.guid).where(ResearchNewsItem.guid.in_(guids))))
    fresh = {e.guid: e for e in entries if e.guid not in known}.values()
    now = utcnow()
    db.session.add_all(ResearchNewsItem(guid=e.guid, title=e.title, link=e.link, summary=e.summary,
                                        source=source[:100], published_at=e.published_at, fetched_at=now)
                       for e in fresh)
    try:
        db.session.commit()
    except IntegrityError:  # another refresh stored the same items first
        db.session.rollback()
        fresh = []
    _prune_news(setting("NEWS_KEEP"))
    cache_set(LAST_REFRESH_KEY, now.isoformat(), ttl=7 * 24 * 3600)
    return len(fresh)


def _prune_news(keep: int) -> None:
    cutoff = db.session.scalar(select(ResearchNewsItem.published_at)
                               .order_by(ResearchNewsItem.published_at.desc()).offset(keep - 1).limit(1))
    if cutoff is not None:
        db.session.execute(delete(ResearchNewsItem).where(ResearchNewsItem.published_at < cutoff))
        db.session.commit()


def news_statement():
    return select(ResearchNewsItem).order_by(ResearchNewsItem.published_at.desc(), ResearchNewsItem.id)
