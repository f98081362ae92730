"""compat plugin: what the original backend kept per account beyond Hygeia's core.

Revision ID: compat_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "compat_0001"
down_revision = None
branch_labels = ("compat",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "compat_accounts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=150), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("gender_locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_compat_accounts_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_compat_accounts")),
    )


def downgrade():
    op.drop_table("compat_accounts")
