"""A night's sleep, and each user's rolling summary (kept up to date by a job)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db


class SleepLog(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    """One main sleep per night. ``night`` is the evening's date in the user's own time zone."""

    __tablename__ = "sleep_logs"
    __table_args__ = (UniqueConstraint("user_id", "night"),)

    night: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    bedtime: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    wake_time: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, nullable=False)  # the user's offset that night
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    quality: Mapped[int | None] = mapped_column(Integer)  # 1 (very poor) to 5 (very good)
    awakenings: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(500))


class SleepSummary(db.Model):
    """The user's last nights in figures, recomputed by the refresh_summary job after each change."""

    __tablename__ = "sleep_summaries"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    window_nights: Mapped[int] = mapped_column(Integer, nullable=False)
    nights: Mapped[int] = mapped_column(Integer, nullable=False)
    average_minutes: Mapped[int | None] = mapped_column(Integer)
    average_quality: Mapped[float | None] = mapped_column(Float)
    short_nights: Mapped[int] = mapped_column(Integer, nullable=False)
    bedtime_spread_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
