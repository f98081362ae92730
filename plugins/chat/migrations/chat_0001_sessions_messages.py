"""chat plugin: sessions and messages.

Revision ID: chat_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "chat_0001"
down_revision = None
branch_labels = ("chat",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "chat_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_chat_sessions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_sessions")),
    )
    with op.batch_alter_table("chat_sessions") as batch:
        batch.create_index(batch.f("ix_chat_sessions_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_chat_sessions_created_at"), ["created_at"])
        batch.create_index(batch.f("ix_chat_sessions_updated_at"), ["updated_at"])

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("red_flag", sa.String(length=64), nullable=True),
        sa.Column("reply_to_id", sa.Uuid(), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["chat_sessions.id"],
                                name=op.f("fk_chat_messages_session_id_chat_sessions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reply_to_id"], ["chat_messages.id"],
                                name=op.f("fk_chat_messages_reply_to_id_chat_messages"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
    )
    with op.batch_alter_table("chat_messages") as batch:
        batch.create_index(batch.f("ix_chat_messages_session_id"), ["session_id"])
        batch.create_index(batch.f("ix_chat_messages_created_at"), ["created_at"])
        batch.create_index(batch.f("ix_chat_messages_status"), ["status"])


def downgrade():
    op.drop_table("chat_messages")
    op.drop_table("chat_sessions")
