"""xray plugin: file names become keys of the core's storage.

Rows held paths relative to instance/uploads/xray ("<user id>/<analysis id>.npy"); the core's
local store is rooted at instance/uploads, so the same files are "xray/<user id>/<analysis id>.npy".
Nothing moves on disk. New uploads get random keys ("xray/<32 hex>.npy").

Revision ID: xray_0002
"""
from alembic import op

revision = "xray_0002"
down_revision = "xray_0001"
branch_labels = None
depends_on = None

COLUMNS = ("image_file", "heatmap_file")


def upgrade():
    for column in COLUMNS:
        op.execute(f"UPDATE xray_analyses SET {column} = 'xray/' || {column} "
                   f"WHERE {column} IS NOT NULL AND {column} NOT LIKE 'xray/%'")


def downgrade():
    for column in COLUMNS:
        op.execute(f"UPDATE xray_analyses SET {column} = substr({column}, 6) WHERE {column} LIKE 'xray/%'")
