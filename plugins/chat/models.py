"""Chat sessions and their messages."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db, utcnow

USER, ASSISTANT = "user", "assistant"
# Status of a message: user messages are always "complete". An assistant reply is
# "pending" while it is generated, then "complete", "red_flag" (the urgent-care
# advice, given without asking the model) or "fallback" (the model was unreachable).
PENDING, COMPLETE, RED_FLAG, FALLBACK = "pending", "complete", "red_flag", "fallback"


class ChatSession(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "chat_sessions"

    title: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)

    messages: Mapped[list[ChatMessage]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ChatMessage.created_at")

    @property
    def last_message(self) -> ChatMessage | None:
        """The newest message of the session, or None: as a list read it for its whole page
        (services.with_last_messages), else with one indexed query."""
        if "preloaded_last_message" in self.__dict__:
            return self.__dict__["preloaded_last_message"]
        return db.session.scalar(select(ChatMessage).where(ChatMessage.session_id == self.id)
                                 .order_by(ChatMessage.created_at.desc()).limit(1))


class ChatMessage(UUIDPrimaryKey, Timestamps, db.Model):
    __tablename__ = "chat_messages"

    session_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("chat_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=COMPLETE, index=True)
    # On a user message: the emergency category the triage engine found, if any, its assessment, and
    # what the medicine tables say of the medicines it mentions, for this person.
    red_flag: Mapped[str | None] = mapped_column(String(64))
    triage: Mapped[dict | None] = mapped_column(JSON)
    medicine_warnings: Mapped[list | None] = mapped_column(JSON)  # the medicine tables' findings for it
    # On an assistant reply: the user message it answers, and what produced it.
    reply_to_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("chat_messages.id", ondelete="SET NULL"))
    model: Mapped[str | None] = mapped_column(String(200))
    # Where the reply's context came from (other plugins' AI context: citations, assessments).
    sources: Mapped[list | None] = mapped_column(JSON)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ChatSession] = relationship(back_populates="messages")
    reply_to: Mapped[ChatMessage | None] = relationship(remote_side="ChatMessage.id")
