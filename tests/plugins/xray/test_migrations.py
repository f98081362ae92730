"""The xray branch goes up and down on both backends and creates exactly what the model declares."""

import sqlalchemy as sa

from tests.core.test_migrations import flask, tables


def test_branch_up_matches_the_model_and_goes_down(make_app, fresh_database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["xray"]})
    assert "upgrading xray@head" in flask(app, "db", "upgrade")
    assert "xray_analyses" in tables(fresh_database)
    with app.app_context(), db.engine.connect() as conn:
        metadata = sa.MetaData()
        for name in ("xray_analyses", "users"):
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata) if "xray_" in repr(d)]
    assert diff == []
    flask(app, "db", "downgrade", "xray@base")
    assert "xray_analyses" not in tables(fresh_database) and "users" in tables(fresh_database)
