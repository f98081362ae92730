"""symptoms plugin: the medicine-table findings for the medicines an answer suggests.

Revision ID: symptoms_0003
"""
import sqlalchemy as sa
from alembic import op

revision = "symptoms_0003"
down_revision = "symptoms_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("symptoms_consultations") as batch:
        batch.add_column(sa.Column("medicine_warnings", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("symptoms_consultations") as batch:
        batch.drop_column("medicine_warnings")
