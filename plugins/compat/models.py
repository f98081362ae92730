"""What the original backend kept about an account that Hygeia's core does not: the full name given at
registration, the username derived from it, and whether the gender was confirmed (and so locked)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.api import UTCDateTime, db, utcnow


class CompatAccount(db.Model):
    __tablename__ = "compat_accounts"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    username: Mapped[str] = mapped_column(String(150), nullable=False, default="")
    gender_locked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
