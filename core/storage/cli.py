"""``flask storage ...``: where files are stored, migrating them to an object store, sweeping orphans."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from config import ConfigError
from core.storage import StorageUnavailable, get_storage

storage_group = AppGroup("storage", help="Stored files (uploads, heatmaps): local folder or object store.")


@storage_group.command("info")
def info_command() -> None:
    """Say which store this process uses."""
    click.echo(get_storage().describe())


@storage_group.command("migrate")
@click.option("--dry-run", is_flag=True, help="Count what would be copied; change nothing.")
def migrate_command(dry_run: bool) -> None:
    """Copy local files to the object store of STORAGE_URL, verify each by SHA-256, switch their rows over.

    Safe to run again (only what is left is copied) and while the app serves: reads of files not yet
    copied fall back to the local folder.
    """
    from core.storage.migrate import migrate

    app = current_app._get_current_object()
    try:
        report = migrate(app, dry_run=dry_run, echo=click.echo)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    except StorageUnavailable as error:
        raise click.ClickException(f"the object store is unavailable ({error}); run the command again "
                                   "once it answers: what was copied stays copied") from None
    click.echo(json.dumps({"store": get_storage().describe(), "dry_run": dry_run, **report.as_dict()}))
    if report.failed:
        raise SystemExit(1)


@storage_group.command("sweep")
@click.option("--dry-run", is_flag=True, help="List the orphans; delete nothing.")
def sweep_command(dry_run: bool) -> None:
    """Delete stored objects no row references (what the daily job does)."""
    from core.storage.sweep import find_orphans, sweep_orphans

    if dry_run:
        orphans = find_orphans()
        click.echo(json.dumps({"orphans": len(orphans), "keys": orphans}))
        return
    click.echo(json.dumps(sweep_orphans()))
