"""xray plugin: analyses.

Revision ID: xray_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "xray_0001"
down_revision = None
branch_labels = ("xray",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "xray_analyses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source_format", sa.String(length=8), nullable=False),
        sa.Column("image_file", sa.String(length=255), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bit_depth", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("dicom", sa.JSON(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("model", sa.JSON(), nullable=True),
        sa.Column("inference_ms", sa.Float(), nullable=True),
        sa.Column("batch_size", sa.Integer(), nullable=True),
        sa.Column("cam", sa.JSON(), nullable=True),
        sa.Column("heatmap_file", sa.String(length=255), nullable=True),
        sa.Column("heatmap_label", sa.String(length=100), nullable=True),
        sa.Column("explanation_status", sa.String(length=16), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("explanation_model", sa.String(length=200), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_xray_analyses_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xray_analyses")),
    )
    with op.batch_alter_table("xray_analyses") as batch:
        batch.create_index(batch.f("ix_xray_analyses_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_xray_analyses_created_at"), ["created_at"])
        batch.create_index(batch.f("ix_xray_analyses_status"), ["status"])


def downgrade():
    op.drop_table("xray_analyses")
