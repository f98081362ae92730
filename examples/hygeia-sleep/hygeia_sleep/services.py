"""Sleep logs and summaries as plain functions: routes, jobs and commands call these."""

from __future__ import annotations

import statistics
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.api import db, utcnow
from hygeia_sleep.models import SleepLog, SleepSummary


class DuplicateNight(Exception):
    """The user already logged a sleep for this night."""

    def __init__(self, night: date):
        super().__init__(f"a sleep is already logged for the night of {night.isoformat()}")
        self.night = night


def night_of(bedtime: datetime) -> date:
    """The evening a sleep belongs to, in the user's own offset: going to bed at 00:30 on the
    24th is the night of the 23rd (anything before noon counts for the evening before)."""
    return (bedtime - timedelta(hours=12)).date()


def create_log(user_id: uuid.UUID, bedtime: datetime, wake_time: datetime, quality: int | None = None,
               awakenings: int | None = None, note: str | None = None) -> SleepLog:
    """Store one night. ``bedtime`` and ``wake_time`` are timezone-aware, in the user's offset."""
    night = night_of(bedtime)
    log = SleepLog(
        user_id=user_id, night=night, bedtime=bedtime, wake_time=wake_time,
        utc_offset_minutes=int(bedtime.utcoffset().total_seconds() // 60),
        minutes=round((wake_time - bedtime).total_seconds() / 60),
        quality=quality, awakenings=awakenings, note=note,
    )
    db.session.add(log)
    try:
        db.session.commit()  # the (user_id, night) unique constraint decides, even between two racing requests
    except IntegrityError:
        db.session.rollback()
        raise DuplicateNight(night) from None
    return log


def logs_of(user_id: uuid.UUID, since: date | None = None, until: date | None = None):
    """SELECT of the user's logs, newest night first, optionally between two nights (inclusive)."""
    statement = select(SleepLog).where(SleepLog.user_id == user_id)
    if since is not None:
        statement = statement.where(SleepLog.night >= since)
    if until is not None:
        statement = statement.where(SleepLog.night <= until)
    return statement.order_by(SleepLog.night.desc())


def delete_log(log: SleepLog) -> None:
    db.session.delete(log)
    db.session.commit()


def refresh_summary(user_id: uuid.UUID, window: int, short_minutes: int) -> SleepSummary:
    """Recompute the user's summary over their latest ``window`` nights and store it."""
    logs = db.session.scalars(logs_of(user_id).limit(window)).all()
    summary = db.session.get(SleepSummary, user_id) or SleepSummary(user_id=user_id)
    rated = [log.quality for log in logs if log.quality is not None]
    bedtimes = [_minutes_after_noon(log) for log in logs]
    summary.window_nights = window
    summary.nights = len(logs)
    summary.average_minutes = round(statistics.fmean(log.minutes for log in logs)) if logs else None
    summary.average_quality = round(statistics.fmean(rated), 1) if rated else None
    summary.short_nights = sum(1 for log in logs if log.minutes < short_minutes)
    summary.bedtime_spread_minutes = round(statistics.pstdev(bedtimes)) if len(bedtimes) > 1 else None
    summary.updated_at = utcnow()
    db.session.add(summary)
    db.session.commit()
    return summary


def _minutes_after_noon(log: SleepLog) -> float:
    """Bedtime on the user's clock, as minutes after noon of the night's date (so 23:30 and 00:30 are close)."""
    local = (log.bedtime + timedelta(minutes=log.utc_offset_minutes)).replace(tzinfo=None)
    return (local - datetime.combine(log.night, time(12))).total_seconds() / 60


def summary_of(user_id: uuid.UUID) -> SleepSummary | None:
    return db.session.get(SleepSummary, user_id)


def export_nights(user_id: uuid.UUID) -> dict | None:
    """Everything the plugin keeps about the user, for their data export (None: nothing)."""
    logs = db.session.scalars(logs_of(user_id)).all()
    summary = summary_of(user_id)
    if not logs and summary is None:
        return None
    columns = ("id", "night", "bedtime", "wake_time", "utc_offset_minutes", "minutes", "quality", "awakenings",
               "note", "created_at")
    return {
        "nights": [{column: getattr(log, column) for column in columns} for log in logs],
        "summary": None if summary is None else {
            column: getattr(summary, column) for column in ("window_nights", "nights", "average_minutes",
                                                            "average_quality", "short_nights",
                                                            "bedtime_spread_minutes", "updated_at")},
    }


def users_with_logs() -> list[uuid.UUID]:
    return list(db.session.scalars(select(SleepLog.user_id).distinct()))


def describe(summary: SleepSummary) -> str:
    """The summary in a few plain sentences, for the assistant's prompt."""
    parts = [f"Based on the user's latest {summary.nights} logged night(s)."]
    if summary.average_minutes is not None:
        hours, minutes = divmod(summary.average_minutes, 60)
        parts.append(f"Average sleep: {hours} h {minutes:02d} min; {summary.short_nights} short night(s).")
    if summary.average_quality is not None:
        parts.append(f"Average self-rated quality: {summary.average_quality}/5.")
    if summary.bedtime_spread_minutes is not None:
        parts.append(f"Bedtime varies by about {summary.bedtime_spread_minutes} min (standard deviation).")
    return " ".join(parts)
