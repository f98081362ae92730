"""A user's saved searches with their ranked articles, and the stored health news."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, Uuid, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from core.api import OwnedByUser, Timestamps, UTCDateTime, UUIDPrimaryKey, db, no_llm_notice, utcnow


class ResearchQuery(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "research_queries"

    query: Mapped[str] = mapped_column(String(300), nullable=False)
    max_results: Mapped[int] = mapped_column(Integer, nullable=False)
    filters: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    sort: Mapped[str] = mapped_column(String(20), nullable=False)  # "relevance" or "recent_evidence"
    source: Mapped[str] = mapped_column(String(20), nullable=False)  # "pubmed" or "europepmc"
    total_found: Mapped[int] = mapped_column(Integer, nullable=False)
    from_cache: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    summary_status: Mapped[str] = mapped_column(String(20), default="not_requested", nullable=False)
    summary_text: Mapped[str | None] = mapped_column(Text)
    summary_model: Mapped[str | None] = mapped_column(String(200))
    summary_pmids: Mapped[list] = mapped_column(JSON, default=list, nullable=False)

    articles: Mapped[list[ResearchArticle]] = relationship(
        back_populates="research_query", order_by="ResearchArticle.rank",
        cascade="all, delete-orphan",
    )

    @property
    def summary(self) -> dict:
        return {"status": self.summary_status, "text": self.summary_text, "model": self.summary_model,
                "cited_pmids": list(self.summary_pmids or []),
                "unavailable_notice": no_llm_notice() if self.summary_status == "unavailable" else None}


class ResearchArticle(UUIDPrimaryKey, db.Model):
    __tablename__ = "research_articles"

    query_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("research_queries.id", ondelete="CASCADE"), nullable=False, index=True)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    pmid: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    abstract: Mapped[str] = mapped_column(Text, default="", nullable=False)
    abstract_sections: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    authors: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    journal: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    year: Mapped[int | None] = mapped_column(Integer)
    doi: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(200), nullable=False)
    mesh_terms: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    publication_types: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    relevance: Mapped[float] = mapped_column(Float, nullable=False)
    matched_conditions: Mapped[list] = mapped_column(JSON, default=list, nullable=False)

    research_query: Mapped[ResearchQuery] = relationship(back_populates="articles")


ResearchQuery.article_count = column_property(
    select(func.count(ResearchArticle.id)).where(ResearchArticle.query_id == ResearchQuery.id)
    .correlate_except(ResearchArticle).scalar_subquery()
)


class ResearchNewsItem(UUIDPrimaryKey, db.Model):
    """One item of a health news feed (WHO's by default), public information."""

    __tablename__ = "research_news_items"

    guid: Mapped[str] = mapped_column(String(500), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    link: Mapped[str] = mapped_column(String(1000), nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    source: Mapped[str] = mapped_column(String(100), nullable=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
