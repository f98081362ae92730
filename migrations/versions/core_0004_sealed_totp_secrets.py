"""Two-factor secrets sealed at rest: the column widens and every stored secret is encrypted with a key
derived from SECRET_KEY (core.sealing, purpose "totp").

Revision ID: core_0004
Revises: core_0003
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "core_0004"
down_revision = "core_0003"
branch_labels = None
depends_on = None

SECRETS = sa.table("two_factor_secrets", sa.column("user_id", sa.Uuid()), sa.column("secret", sa.String(255)))


def _sealer():
    from core.sealing import sealer

    return sealer(current_app.config["SECRET_KEY"], "totp")


def upgrade():
    with op.batch_alter_table("two_factor_secrets") as batch:
        batch.alter_column("secret", existing_type=sa.String(64), type_=sa.String(255), existing_nullable=False)
    bind, seal = op.get_bind(), _sealer()
    for user_id, secret in bind.execute(sa.select(SECRETS.c.user_id, SECRETS.c.secret)).all():
        bind.execute(SECRETS.update().where(SECRETS.c.user_id == user_id)
                     .values(secret=seal.encrypt(secret.encode()).decode()))


def downgrade():
    bind, seal = op.get_bind(), _sealer()
    for user_id, secret in bind.execute(sa.select(SECRETS.c.user_id, SECRETS.c.secret)).all():
        bind.execute(SECRETS.update().where(SECRETS.c.user_id == user_id)
                     .values(secret=seal.decrypt(secret.encode()).decode()))
    with op.batch_alter_table("two_factor_secrets") as batch:
        batch.alter_column("secret", existing_type=sa.String(255), type_=sa.String(64), existing_nullable=False)
