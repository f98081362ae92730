"""diet plugin: stored diet analyses.

Revision ID: diet_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "diet_0001"
down_revision = None
branch_labels = ("diet",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "diet_analyses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("activity_level", sa.String(length=16), nullable=False),
        sa.Column("input_text", sa.Text(), nullable=True),
        sa.Column("input_items", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("unmatched_count", sa.Integer(), nullable=False),
        sa.Column("energy_kcal", sa.Float(), nullable=False),
        sa.Column("explanation_status", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("explanation_model", sa.String(length=200), nullable=True),
        sa.Column("explanation_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_diet_analyses_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diet_analyses")),
    )
    with op.batch_alter_table("diet_analyses") as batch:
        batch.create_index(batch.f("ix_diet_analyses_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_diet_analyses_created_at"), ["created_at"])


def downgrade():
    op.drop_table("diet_analyses")
