"""A symptom consultation: what the user described and what Hygeia answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db

PENDING, COMPLETE = "pending", "complete"


class SymptomConsultation(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "symptoms_consultations"

    symptoms: Mapped[str] = mapped_column(Text, nullable=False)
    duration: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="en")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PENDING)
    source: Mapped[str | None] = mapped_column(String(16))  # "llm", "fallback" or "red_flag"
    triage_level: Mapped[str | None] = mapped_column(String(16))
    cache_hit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    red_flag: Mapped[dict | None] = mapped_column(JSON)
    triage: Mapped[dict | None] = mapped_column(JSON)  # the engine's assessment; engine_level, model_level
    interview: Mapped[dict | None] = mapped_column(JSON)  # answers given and each step: core.triage.interview
    analysis: Mapped[dict | None] = mapped_column(JSON)
    allergy_warnings: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    medicine_warnings: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    sources: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    health_topics: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    model: Mapped[str | None] = mapped_column(String(128))
    fallback_reason: Mapped[str | None] = mapped_column(String(32))
    job_id: Mapped[str | None] = mapped_column(String(64))
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the last background job was queued
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
