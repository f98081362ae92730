"""Background jobs: the scheduled news refresh and the optional AI summary of a search."""

from __future__ import annotations

import logging
import uuid

from core.api import db
from plugins.research import services
from plugins.research.models import ResearchQuery

log = logging.getLogger(__name__)


def refresh_health_news() -> int:
    """Scheduled: store new items of the health news feed."""
    added = services.refresh_news()
    log.info("health news refreshed: %d new item(s)", added)
    return added


def summarize_query(query_id: str) -> str:
    """Write the AI summary of a stored search; its status ends "ready" or "unavailable"."""
    from core.api import LLMUnavailable
    from plugins.research.summary import summarize

    record = db.session.get(ResearchQuery, uuid.UUID(query_id))
    if record is None or record.summary_status != "pending":
        return "skipped"
    try:
        result = summarize(record.query, record.articles)
    except LLMUnavailable as error:
        log.warning("research summary unavailable: %s", error.reason)
        record.summary_status = "unavailable"
    else:
        if result.text:
            record.summary_text, record.summary_model = result.text, result.model
            record.summary_pmids, record.summary_status = result.cited_pmids, "ready"
        else:
            record.summary_status = "unavailable"
    db.session.commit()
    return record.summary_status
