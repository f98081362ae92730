"""sleep plugin: nightly logs and per-user summaries.

Revision ID: sleep_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "sleep_0001"
down_revision = None
branch_labels = ("sleep",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "sleep_logs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("bedtime", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wake_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("awakenings", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sleep_logs_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleep_logs")),
        sa.UniqueConstraint("user_id", "night", name=op.f("uq_sleep_logs_user_id")),
    )
    with op.batch_alter_table("sleep_logs") as batch:
        batch.create_index(batch.f("ix_sleep_logs_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_sleep_logs_created_at"), ["created_at"])
        batch.create_index(batch.f("ix_sleep_logs_night"), ["night"])
    op.create_table(
        "sleep_summaries",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("window_nights", sa.Integer(), nullable=False),
        sa.Column("nights", sa.Integer(), nullable=False),
        sa.Column("average_minutes", sa.Integer(), nullable=True),
        sa.Column("average_quality", sa.Float(), nullable=True),
        sa.Column("short_nights", sa.Integer(), nullable=False),
        sa.Column("bedtime_spread_minutes", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sleep_summaries_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_sleep_summaries")),
    )


def downgrade():
    op.drop_table("sleep_summaries")
    op.drop_table("sleep_logs")
