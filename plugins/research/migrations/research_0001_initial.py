"""research plugin: saved searches, their articles, health news.

Revision ID: research_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "research_0001"
down_revision = None
branch_labels = ("research",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "research_queries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("max_results", sa.Integer(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("sort", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("total_found", sa.Integer(), nullable=False),
        sa.Column("from_cache", sa.Boolean(), nullable=False),
        sa.Column("summary_status", sa.String(length=20), nullable=False),
        sa.Column("summary_text", sa.Text(), nullable=True),
        sa.Column("summary_model", sa.String(length=200), nullable=True),
        sa.Column("summary_pmids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_research_queries_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_queries")),
    )
    with op.batch_alter_table("research_queries") as batch:
        batch.create_index(batch.f("ix_research_queries_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_research_queries_created_at"), ["created_at"])

    op.create_table(
        "research_articles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("query_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("pmid", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("abstract_sections", sa.JSON(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("journal", sa.String(length=500), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("doi", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=200), nullable=False),
        sa.Column("mesh_terms", sa.JSON(), nullable=False),
        sa.Column("publication_types", sa.JSON(), nullable=False),
        sa.Column("relevance", sa.Float(), nullable=False),
        sa.Column("matched_conditions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["query_id"], ["research_queries.id"],
                                name=op.f("fk_research_articles_query_id_research_queries"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_articles")),
    )
    with op.batch_alter_table("research_articles") as batch:
        batch.create_index(batch.f("ix_research_articles_query_id"), ["query_id"])

    op.create_table(
        "research_news_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("guid", sa.String(length=500), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=1000), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_news_items")),
        sa.UniqueConstraint("guid", name=op.f("uq_research_news_items_guid")),
    )
    with op.batch_alter_table("research_news_items") as batch:
        batch.create_index(batch.f("ix_research_news_items_published_at"), ["published_at"])


def downgrade():
    op.drop_table("research_news_items")
    op.drop_table("research_articles")
    op.drop_table("research_queries")
