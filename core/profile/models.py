"""The health profile: one per user, the facts that personalise every answer."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models_base import UTCDateTime, utcnow

LIST_FIELDS = ("allergies", "chronic_conditions", "current_medications", "dietary_preferences")


class HealthProfile(db.Model):
    __tablename__ = "health_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(32))
    weight_kg: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(2))
    preferred_language: Mapped[str] = mapped_column(String(8), default="en", nullable=False)
    allergies: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    chronic_conditions: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    current_medications: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    dietary_preferences: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
