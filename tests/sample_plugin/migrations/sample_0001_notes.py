"""sample plugin: notes.

Revision ID: sample_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "sample_0001"
down_revision = None
branch_labels = ("sample",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "sample_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("words", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sample_notes_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sample_notes")),
    )
    with op.batch_alter_table("sample_notes") as batch:
        batch.create_index(batch.f("ix_sample_notes_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_sample_notes_created_at"), ["created_at"])


def downgrade():
    op.drop_table("sample_notes")
