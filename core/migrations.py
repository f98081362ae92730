"""Alembic through Flask-Migrate, with one branch per plugin.

The core's revisions live in migrations/versions (branch "core"; the wheel ships that folder as
core/alembic); each plugin
package keeps its own in ``<package>/migrations`` on a branch labelled with the
plugin's name, whose first revision ``depends_on`` a core revision.
``flask db upgrade`` brings the core, then every enabled plugin, to its head;
disabled plugins' tables are never touched. Migrations never run at start-up.
"""

from __future__ import annotations

import os

import click
import flask_migrate
from flask import Flask, current_app
from flask_migrate.cli import db as migrate_cli

from core.extensions import db, migrate
from core.plugin_manager import CORE_MIGRATIONS

MIGRATIONS_DIR = CORE_MIGRATIONS.parent  # env.py, alembic.ini, script.py.mako, versions/


@migrate.configure
def _version_locations(config):
    dirs = current_app.extensions["hygeia.plugins"].migration_dirs()
    config.set_main_option("version_path_separator", "os")
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(dirs.values()))
    return config


def enabled_branches(app: Flask | None = None) -> list[str]:
    """Branch labels to upgrade: the core and every enabled plugin that ships migrations."""
    pm = (app or current_app).extensions["hygeia.plugins"]
    dirs = pm.migration_dirs()
    return [name for name in pm.manifests if name in dirs]


@click.command("upgrade")
@click.argument("revision", required=False)
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it.")
def upgrade_command(revision: str | None, sql: bool) -> None:
    """Upgrade the core and every enabled plugin to its head (or to REVISION, e.g. diet@head)."""
    for target in [revision] if revision else [f"{name}@head" for name in enabled_branches()]:
        click.echo(f"upgrading {target}")
        flask_migrate.upgrade(revision=target, sql=sql)


def render_item(type_, obj, autogen_context):
    """Autogenerate plain SQLAlchemy types, so revisions never import application code."""
    from core.models_base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def init_migrations(app: Flask) -> None:
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True,
                     render_item=render_item)
    group = click.Group("db", params=migrate_cli.params, callback=migrate_cli.callback,
                        help="Database migrations (Alembic): core and plugin branches.")
    for name, command in migrate_cli.commands.items():
        group.add_command(command, name)
    group.add_command(upgrade_command, "upgrade")
    app.cli.add_command(group, "db")
