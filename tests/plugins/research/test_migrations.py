"""The research branch goes up and down on both backends and creates exactly what the models declare."""

import sqlalchemy as sa

from tests.core.test_migrations import flask, tables

RESEARCH_TABLES = {"research_queries", "research_articles", "research_news_items"}


def test_branch_up_matches_the_models_and_goes_down(make_app, fresh_database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["research"]})
    assert "upgrading research@head" in flask(app, "db", "upgrade")
    assert RESEARCH_TABLES <= tables(fresh_database)
    with app.app_context(), db.engine.connect() as conn:
        metadata = sa.MetaData()
        for name in RESEARCH_TABLES | {"users"}:
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata) if "research_" in repr(d)]
    assert diff == []
    flask(app, "db", "downgrade", "research@base")
    assert not RESEARCH_TABLES & tables(fresh_database) and "users" in tables(fresh_database)
