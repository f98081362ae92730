"""Background jobs (registered through register_jobs, run on the "sleep" queue)."""

from __future__ import annotations

import uuid

from hygeia_sleep import services
from hygeia_sleep.settings import setting


def refresh_summary(user_id: str) -> int:
    """Recompute one user's summary; returns how many nights it covers."""
    summary = services.refresh_summary(uuid.UUID(user_id), window=int(setting("SUMMARY_NIGHTS")),
                                       short_minutes=int(setting("SHORT_NIGHT_MINUTES")))
    return summary.nights
