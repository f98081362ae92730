"""chat plugin: what the medicine tables say about the medicines a user message mentions.

Revision ID: chat_0003
"""
import sqlalchemy as sa
from alembic import op

revision = "chat_0003"
down_revision = "chat_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("chat_messages") as batch:
        batch.add_column(sa.Column("medicine_warnings", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("chat_messages") as batch:
        batch.drop_column("medicine_warnings")
