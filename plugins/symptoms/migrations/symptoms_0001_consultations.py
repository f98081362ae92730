"""symptoms plugin: consultations.

Revision ID: symptoms_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "symptoms_0001"
down_revision = None
branch_labels = ("symptoms",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "symptoms_consultations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("symptoms", sa.Text(), nullable=False),
        sa.Column("duration", sa.String(length=64), nullable=True),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=True),
        sa.Column("triage_level", sa.String(length=16), nullable=True),
        sa.Column("cache_hit", sa.Boolean(), nullable=False),
        sa.Column("red_flag", sa.JSON(), nullable=True),
        sa.Column("analysis", sa.JSON(), nullable=True),
        sa.Column("allergy_warnings", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("health_topics", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=True),
        sa.Column("fallback_reason", sa.String(length=32), nullable=True),
        sa.Column("job_id", sa.String(length=64), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_symptoms_consultations_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_symptoms_consultations")),
    )
    with op.batch_alter_table("symptoms_consultations") as batch:
        batch.create_index(batch.f("ix_symptoms_consultations_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_symptoms_consultations_created_at"), ["created_at"])


def downgrade():
    op.drop_table("symptoms_consultations")
