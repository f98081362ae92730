"""Column types and mixins every Hygeia model (core or plugin) builds on."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, String, TypeDecorator, Uuid
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column; use core.api.utcnow()")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


class SealedString(TypeDecorator):
    """Text stored sealed (core.sealing, a key per ``purpose`` derived from SECRET_KEY) and read back in
    clear: for secrets the database must not hold in clear (a TOTP seed)."""

    impl = String(255)
    cache_ok = True

    def __init__(self, purpose: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = purpose

    def _sealer(self):
        from flask import current_app

        from core.sealing import sealer

        return sealer(current_app.config["SECRET_KEY"], self.purpose)

    def process_bind_param(self, value, dialect):
        return None if value is None else self._sealer().encrypt(value.encode()).decode()

    def process_result_value(self, value, dialect):
        return None if value is None else self._sealer().decrypt(value.encode()).decode()


class UUIDPrimaryKey:
    """A random UUID id: record ids reveal neither counts nor order."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)


class OwnedByUser:
    """A record that belongs to one user; deleted with the user. Query it with core.api.owned()."""

    @declared_attr
    def user_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
