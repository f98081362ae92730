"""Alembic environment: runs inside the Flask app (flask db ...), on its database."""

from alembic import context
from flask import current_app

migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata


def run_offline() -> None:
    context.configure(url=str(migrate_ext.db.engine.url).replace("%", "%%"), target_metadata=target_metadata,
                      literal_binds=True, **migrate_ext.configure_args)
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys(connection, on: bool) -> None:
    # SQLite batch migrations copy and drop tables: with foreign keys on, dropping a parent
    # would cascade into its children. The pragma only works outside a transaction.
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_online() -> None:
    with migrate_ext.db.engine.connect() as connection:
        _sqlite_foreign_keys(connection, on=False)
        context.configure(connection=connection, target_metadata=target_metadata, **migrate_ext.configure_args)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    run_offline()
else:
    run_online()
