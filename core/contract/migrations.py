"""A plugin's Alembic branch goes up and down on a fresh database and matches its models."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import Flask

from core.contract.routes import contributions
from core.extensions import db


@contextmanager
def fresh_database(backend) -> Iterator[str]:
    """An empty database of the test session's kind (core.testing's ``hygeia_backend``), dropped after."""
    if backend.name == "postgres":
        name = f"{backend.prefix.replace('-', '_')}_{secrets.token_hex(3)}"
        server = backend.database_url.rsplit("/", 1)[0]
        admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield f"{server}/{name}"
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        fd, path = tempfile.mkstemp(prefix="hygeia-contract-", suffix=".sqlite3")
        os.close(fd)
        try:
            yield f"sqlite:///{path}"
        finally:
            os.remove(path)


def check_migrations_round_trip(app: Flask, plugin: str) -> list[str]:
    """``app`` runs on an empty database with the plugin (and what it requires) enabled.

    ``flask db upgrade`` creates exactly the tables its models declare, ``flask db
    downgrade <plugin>@base`` removes them (and nothing else), and upgrading again works.
    """
    tables = {model.__tablename__ for model in contributions(app, plugin).models}
    pm = app.extensions["hygeia.plugins"]
    if plugin not in pm.migration_dirs():
        return [f"plugin {plugin!r} has models but no migrations/ folder next to its module"] if tables else []
    problems: list[str] = []
    try:
        if not _run(app, problems, "db", "upgrade"):
            return problems
        existing = _tables(app)
        problems += [f"`flask db upgrade` did not create table {t}" for t in sorted(tables - existing)]
        problems += _model_differences(app, tables)
        others = existing - tables
        if not _run(app, problems, "db", "downgrade", f"{plugin}@base"):
            return problems
        left = _tables(app)
        problems += [f"`flask db downgrade {plugin}@base` left table {t}" for t in sorted(tables & left)]
        problems += [f"`flask db downgrade {plugin}@base` dropped table {t}, which is not the plugin's"
                     for t in sorted(others - left)]
        if _run(app, problems, "db", "upgrade"):
            problems += [f"upgrading again did not create table {t}" for t in sorted(tables - _tables(app))]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return problems


def _run(app: Flask, problems: list[str], *args: str) -> bool:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        problems.append(f"`flask {' '.join(args)}` failed: {result.output.strip()[-500:]} {result.exception!r}")
    return result.exit_code == 0


def _tables(app: Flask) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def _model_differences(app: Flask, tables: set[str]) -> list[str]:
    """What Alembic's autogenerate would still change for the plugin's tables after its migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    enabled = {model.__tablename__ for c in app.extensions["hygeia.contributions"].values() for model in c.models}
    metadata = sa.MetaData()
    for name in enabled:
        db.metadata.tables[name].to_metadata(metadata)
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    return [f"the migrations and the models differ: {_describe(change)}" for change in diff
            if _table_of(change) in tables]


def _table_of(change) -> str | None:
    if isinstance(change, list):  # modify_* changes come as a list of tuples for one column
        change = change[0]
    for part in change[1:]:
        if isinstance(part, sa.Table):
            return part.name
        table = getattr(part, "table", None)
        if isinstance(table, sa.Table):
            return table.name
    return change[2] if len(change) > 2 and isinstance(change[2], str) else None


def _describe(change) -> str:
    if isinstance(change, list):
        change = change[0]
    return " ".join(str(getattr(part, "name", part)) for part in change if part is not None)
