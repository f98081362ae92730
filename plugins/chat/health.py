"""The chat plugin's health check: replies waiting to be written."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.api import CheckResult, db, utcnow
from plugins.chat.models import PENDING, ChatMessage
from plugins.chat.settings import setting


def pending_replies_check() -> CheckResult:
    """Degraded while some reply has waited longer than the reply timeout (no worker or model stuck)."""
    pending = db.session.scalar(select(func.count()).select_from(ChatMessage).where(ChatMessage.status == PENDING))
    late_since = utcnow() - timedelta(seconds=setting("REPLY_TIMEOUT_SECONDS"))
    late = db.session.scalar(select(func.count()).select_from(ChatMessage).where(
        ChatMessage.status == PENDING, ChatMessage.created_at < late_since))
    if late:
        return CheckResult("degraded", f"{late} replies pending for too long", {"pending": pending, "late": late})
    return CheckResult("ok", "replies flowing", {"pending": pending})
