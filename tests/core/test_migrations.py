"""`flask db upgrade` migrates the core and enabled plugins only; plugin branches go up and down."""

import sqlalchemy as sa


def tables(url):
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def flask(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_upgrade_touches_only_enabled_plugins_and_downgrade_removes_a_branch(make_app, installed, fresh_database):
    installed({"sample": "tests.sample_plugin"})
    core_only = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": []})
    assert flask(core_only, "db", "upgrade").strip() == "upgrading core@head"
    assert {"users", "health_profiles", "revoked_sessions", "health_check_runs"} <= tables(fresh_database)
    assert "sample_notes" not in tables(fresh_database)

    with_sample = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["sample"]})
    assert "upgrading sample@head" in flask(with_sample, "db", "upgrade")
    assert "sample_notes" in tables(fresh_database)

    # Disabling the plugin again leaves its data alone and migrations still work.
    assert flask(core_only, "db", "upgrade").strip() == "upgrading core@head"
    assert "sample_notes" in tables(fresh_database)

    flask(with_sample, "db", "downgrade", "sample@base")
    assert "sample_notes" not in tables(fresh_database) and "users" in tables(fresh_database)
    flask(core_only, "db", "downgrade", "core@base")
    assert tables(fresh_database) <= {"alembic_version"}


def test_models_match_the_migrations(make_app, installed, fresh_database):
    """Autogenerate finds nothing to add: the migrations create exactly what the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.extensions import db

    installed({"sample": "tests.sample_plugin"})
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["sample"]})
    flask(app, "db", "upgrade")
    with app.app_context(), db.engine.connect() as conn:
        wanted = {t for t in db.metadata.tables if t in {"users", "health_profiles", "revoked_sessions",
                                                          "health_check_runs", "sample_notes", "audit_events"}}
        metadata = sa.MetaData()
        for name in wanted:
            db.metadata.tables[name].to_metadata(metadata)
        diff = [d for d in compare_metadata(MigrationContext.configure(conn), metadata)
                if not (d[0] == "remove_table")]
    assert diff == []


def test_two_factor_secrets_stored_in_clear_are_sealed_by_the_migration(make_app, fresh_database):
    import uuid

    from core.auth.models import TwoFactorSecret
    from core.extensions import db

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": []})
    flask(app, "db", "upgrade", "core_0003")
    engine = sa.create_engine(fresh_database)
    user_id = uuid.uuid4()
    users, secrets = sa.table("users", sa.column("id", sa.Uuid()), sa.column("email"), sa.column("password_hash"),
                              sa.column("is_active"), sa.column("created_at"), sa.column("token_version")), \
        sa.table("two_factor_secrets", sa.column("user_id", sa.Uuid()), sa.column("secret"),
                 sa.column("created_at"))
    from core.models_base import utcnow

    with engine.begin() as conn:
        conn.execute(users.insert().values(id=user_id, email="old@example.org", password_hash="x", is_active=True,
                                           created_at=utcnow(), token_version=0))
        conn.execute(secrets.insert().values(user_id=user_id, secret="JBSWY3DPEHPK3PXP", created_at=utcnow()))
    flask(app, "db", "upgrade")
    with engine.connect() as conn:
        stored = conn.execute(sa.select(secrets.c.secret)).scalar()
    engine.dispose()
    assert "JBSWY3DPEHPK3PXP" not in stored
    with app.app_context():
        assert db.session.get(TwoFactorSecret, user_id).secret == "JBSWY3DPEHPK3PXP"
        db.session.remove()
        db.engine.dispose()
