"""core_0002 (account security) goes up and down on the session's database kind and matches the models."""

import sqlalchemy as sa

ACCOUNT_TABLES = {"login_sessions", "account_tokens", "two_factor_secrets", "recovery_codes", "login_challenges"}


def inspect(url):
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        tables = set(inspector.get_table_names())
        user_columns = {c["name"] for c in inspector.get_columns("users")} if "users" in tables else set()
        return tables, user_columns
    finally:
        engine.dispose()


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)


def test_core_0002_upgrades_and_downgrades(make_app, fresh_database):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": []})
    run(app, "db", "upgrade")
    tables, columns = inspect(fresh_database)
    assert ACCOUNT_TABLES <= tables and "email_verified_at" in columns

    run(app, "db", "downgrade", "core_0001")
    tables, columns = inspect(fresh_database)
    assert not ACCOUNT_TABLES & tables and "users" in tables and "email_verified_at" not in columns

    run(app, "db", "upgrade")
    assert ACCOUNT_TABLES <= inspect(fresh_database)[0]


def test_the_account_models_match_core_0002(make_app, fresh_database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": []})
    run(app, "db", "upgrade")
    wanted = ACCOUNT_TABLES | {"users"}
    with app.app_context(), db.engine.connect() as conn:
        metadata = sa.MetaData()
        for name in wanted:
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata)
                if _table_of(d) in wanted]
    assert diff == []


def _table_of(diff) -> str:
    if isinstance(diff, list):  # column changes come grouped: [("modify_type", schema, table, column, ...)]
        diff = diff[0]
    kind, item = diff[0], diff[1]
    if kind.endswith("_table"):
        return item.name
    if kind.endswith(("_index", "_constraint", "_fk")):
        return item.table.name
    return diff[2]  # ("add_column", schema, table, column)
