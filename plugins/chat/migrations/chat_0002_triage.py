"""chat plugin: the triage engine's assessment of each user message.

Revision ID: chat_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "chat_0002"
down_revision = "chat_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("chat_messages") as batch:
        batch.add_column(sa.Column("triage", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("chat_messages") as batch:
        batch.drop_column("triage")
