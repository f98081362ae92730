"""The plugin's health check: is the stored health news being refreshed?"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from core.api import CheckResult, cache_get, db, utcnow
from plugins.research.models import ResearchNewsItem
from plugins.research.settings import setting

LAST_REFRESH_KEY = "research:news:last_refresh"


def news_freshness() -> CheckResult:
    items = db.session.scalar(select(func.count()).select_from(ResearchNewsItem))
    last = cache_get(LAST_REFRESH_KEY)
    data = {"items": items, "last_refresh": last}
    if last is None:
        return CheckResult("degraded", "health news not refreshed since the cache was last emptied", data)
    age = (utcnow() - datetime.fromisoformat(last)).total_seconds()
    if age > 3 * 60 * setting("NEWS_REFRESH_MINUTES"):
        return CheckResult("degraded", f"health news last refreshed {int(age // 60)} minutes ago", data)
    return CheckResult("ok", "health news refreshed on schedule", data)
