"""Background analysis of a stored consultation (the async mode and re-runs)."""

from __future__ import annotations

import logging
import uuid

from core.api import db
from plugins.symptoms.services import analyse_stored, store_fallback

log = logging.getLogger(__name__)


def analyse_consultation(consultation_id: str, refresh: bool = False) -> str | None:
    """Analyse one consultation; its status ends "complete" even when the analysis breaks."""
    ident = uuid.UUID(consultation_id)
    try:
        consultation = analyse_stored(ident, refresh=refresh)
    except Exception:
        log.exception("symptom analysis job failed; storing the general guidance instead")
        db.session.rollback()
        consultation = store_fallback(ident, "internal_error")
    return consultation.status if consultation is not None else None
