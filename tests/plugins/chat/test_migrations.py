"""The chat branch goes up and down on both backends and creates exactly what the models declare."""

import sqlalchemy as sa

from tests.core.test_migrations import flask, tables

CHAT_TABLES = {"chat_sessions", "chat_messages"}


def test_branch_up_matches_the_models_and_goes_down(make_app, fresh_database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["chat"]})
    assert "upgrading chat@head" in flask(app, "db", "upgrade")
    assert CHAT_TABLES <= tables(fresh_database)
    with app.app_context(), db.engine.connect() as conn:
        metadata = sa.MetaData()
        for name in CHAT_TABLES | {"users"}:
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata) if "chat_" in repr(d)]
    assert diff == []
    flask(app, "db", "downgrade", "chat@base")
    assert not CHAT_TABLES & tables(fresh_database) and "users" in tables(fresh_database)
