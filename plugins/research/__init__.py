"""PubMed research, health news and citations.

Searches PubMed through NCBI's E-utilities (Europe PMC when PubMed fails),
ranks the articles for the user and stores them; serves WHO's health news from
the database; gives other plugins' prompts a few cited articles (ai_context).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from core.api import ContextItem, HealthCheck, Manifest, RateLimit, Schedule, hookimpl
from plugins.research.settings import DEFAULTS

log = logging.getLogger(__name__)
manifest = Manifest(name="research", version="0.1.0", description="PubMed research, health news and citations",
                    settings=DEFAULTS)


@hookimpl
def startup(app):
    from plugins.research.settings import setting

    if not setting("NCBI_EMAIL") and not app.testing:
        log.warning("RESEARCH_NCBI_EMAIL is not set: NCBI asks every E-utilities tool for a contact address")


@hookimpl
def register_models():
    from plugins.research.models import ResearchArticle, ResearchNewsItem, ResearchQuery

    return [ResearchQuery, ResearchArticle, ResearchNewsItem]


@hookimpl
def register_blueprints():
    from plugins.research.routes import blp, news_blp

    return [blp, news_blp]


@hookimpl
def register_jobs():
    from plugins.research import jobs

    return [jobs.refresh_health_news, jobs.summarize_query]


@hookimpl
def register_schedules(app):
    from plugins.research import jobs

    from plugins.research.settings import setting

    minutes = setting("NEWS_REFRESH_MINUTES", app)
    return [Schedule(jobs.refresh_health_news, interval=timedelta(minutes=minutes), timeout=120)]


@hookimpl
def register_rate_limits():
    return [
        # Searching costs NCBI requests: 20 an hour per user.
        RateLimit(authenticated="20/hour", anonymous="3/minute", blueprints=["research"], methods=["POST"]),
        RateLimit(authenticated="120/minute", anonymous="3/minute", blueprints=["research"],
                  methods=["GET", "DELETE"]),
        RateLimit(authenticated="60/minute", anonymous="3/minute", blueprints=["research_news"]),
    ]


@hookimpl
def register_health_checks():
    from plugins.research.health import news_freshness

    return [HealthCheck("health_news", news_freshness)]


@hookimpl
def export_user_data(user_id):
    """The user's saved searches with their ranked articles and summaries (not the public news)."""
    from plugins.research.services import export_user_data as export

    return export(user_id)


@hookimpl
def ai_context(query, user_id, requester):
    """A few PubMed citations about the asking plugin's topic (cached; about two seconds at most)."""
    from plugins.research.services import citations_for

    articles = citations_for(query)
    if not articles:
        return []
    lines = [f"[PMID:{a.pmid}] {a.title} ({a.journal}, {a.year or 'n.d.'})" + (f" doi:{a.doi}" if a.doi else "")
             for a in articles]
    sources = [{"type": "pubmed", "pmid": a.pmid, "title": a.title, "journal": a.journal, "year": a.year,
                "doi": a.doi, "url": a.url} for a in articles]
    return [ContextItem("Research citations (PubMed)", "\n".join(lines), sources)]
