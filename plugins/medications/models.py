"""A stored medication review: the medicines as written, the findings from the tables, and the
optional plain-language explanation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db


class MedicationReview(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "medications_reviews"

    medicines: Mapped[list] = mapped_column(JSON, nullable=False)  # as the person wrote them
    question: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    result: Mapped[dict] = mapped_column(JSON, nullable=False)  # core.medicines Review.as_dict()
    explanation_status: Mapped[str] = mapped_column(String(16), nullable=False)  # ready, pending, unavailable...
    explanation: Mapped[dict | None] = mapped_column(JSON)  # {"summary", "points": [...]}
    explanation_model: Mapped[str | None] = mapped_column(String(200))
    explanation_reason: Mapped[str | None] = mapped_column(String(32))  # why there is none
    explained_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
