"""The diet branch goes up and down on the session's database kind and matches the model."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)


def table_names(url):
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_diet_branch_up_matches_the_model_and_down_removes_it(make_app, fresh_database):
    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["diet"]})
    run(app, "db", "upgrade")
    assert "diet_analyses" in table_names(fresh_database)
    with app.app_context(), db.engine.connect() as conn:
        metadata = sa.MetaData()
        for name in ("users", "diet_analyses"):  # the foreign key needs its target
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata)
                if "diet_analyses" in repr(d)]  # other tables are the core's and other plugins' business
        db.engine.dispose()
    assert diff == []
    run(app, "db", "downgrade", "diet@base")
    assert "diet_analyses" not in table_names(fresh_database) and "users" in table_names(fresh_database)
