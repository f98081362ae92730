"""A stored diet assessment: what the user sent, the full result, and the LLM explanation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db


class DietAnalysis(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "diet_analyses"

    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # "meal" or "day"
    activity_level: Mapped[str] = mapped_column(String(16), nullable=False)
    input_text: Mapped[str | None] = mapped_column(Text)
    input_items: Mapped[list | None] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON, nullable=False)
    item_count: Mapped[int] = mapped_column(Integer, nullable=False)
    unmatched_count: Mapped[int] = mapped_column(Integer, nullable=False)
    energy_kcal: Mapped[float] = mapped_column(Float, nullable=False)
    # not_requested, pending, ready, unavailable (no LLM or it failed)
    explanation_status: Mapped[str] = mapped_column(String(16), nullable=False)
    explanation: Mapped[str | None] = mapped_column(Text)
    explanation_model: Mapped[str | None] = mapped_column(String(200))
    explanation_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def explanation_view(self) -> DietAnalysis:
        """The record itself, for the nested ``explanation`` object of the API."""
        return self
