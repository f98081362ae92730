"""medications plugin: stored medication reviews.

Revision ID: medications_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "medications_0001"
down_revision = None
branch_labels = ("medications",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "medications_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("medicines", sa.JSON(), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("explanation_status", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=True),
        sa.Column("explanation_model", sa.String(length=200), nullable=True),
        sa.Column("explanation_reason", sa.String(length=32), nullable=True),
        sa.Column("explained_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_medications_reviews_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medications_reviews")),
    )
    with op.batch_alter_table("medications_reviews") as batch:
        batch.create_index(batch.f("ix_medications_reviews_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_medications_reviews_created_at"), ["created_at"])


def downgrade():
    op.drop_table("medications_reviews")
