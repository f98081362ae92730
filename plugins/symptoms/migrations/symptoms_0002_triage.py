"""symptoms plugin: the triage engine's assessment and the follow-up interview on each consultation.

Revision ID: symptoms_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "symptoms_0002"
down_revision = "symptoms_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("symptoms_consultations") as batch:
        batch.add_column(sa.Column("triage", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("interview", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("symptoms_consultations") as batch:
        batch.drop_column("interview")
        batch.drop_column("triage")
