from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.api import OwnedByUser, Timestamps, UUIDPrimaryKey, db


class SampleNote(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "sample_notes"

    text: Mapped[str] = mapped_column(String(500), nullable=False)
    words: Mapped[int | None] = mapped_column(Integer)
