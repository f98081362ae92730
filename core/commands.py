"""Flask commands: ``flask plugins list``, ``flask worker``, ``flask scheduler`` and each plugin's group.

The app factory registers them (init_cli, add_plugin_commands); the ``hygeia`` console command that
builds an app for them is core.cli.
"""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from core.hookspecs import HOOKS_VERSION
from core.storage.cli import storage_group

plugins_group = AppGroup("plugins", help="Installed plugins.")


SECRET_WORDS = ("KEY", "SECRET", "PASSWORD", "TOKEN")


def plugin_settings(app: Flask, name: str) -> dict:
    """A plugin's settings as config keys with their current values, secrets masked."""
    manifest = app.extensions["hygeia.plugins"].manifests[name]
    shown = {}
    for key in manifest.settings:
        config_key = f"{name}_{key}".upper()
        value = app.config.get(config_key)
        secret = bool(set(key.upper().split("_")) & set(SECRET_WORDS)) and value
        shown[config_key] = "***" if secret else value
    return shown


def plugin_rows(app: Flask) -> list[dict]:
    pm = app.extensions["hygeia.plugins"]
    contributions = app.extensions.get("hygeia.contributions", {})
    rows = []
    for name, ep in sorted(pm.installed().items()):
        enabled = name in pm.manifests
        rows.append({
            "name": name,
            "version": pm.manifests[name].version if enabled else (ep.dist.version if ep.dist else "?"),
            "enabled": enabled,
            "error": pm.failed.get(name),
            "description": pm.manifests[name].description if enabled else "",
            "hooks": pm.hooks_of(name) if enabled else [],
            "contributes": contributions[name].summary() if name in contributions else {},
            "settings": plugin_settings(app, name) if enabled else {},
        })
    for name in pm.enabled:  # plugins given directly (tests), not installed through entry points
        if name not in {row["name"] for row in rows}:
            rows.append({"name": name, "version": pm.manifests[name].version, "enabled": True, "error": None,
                         "description": pm.manifests[name].description, "hooks": pm.hooks_of(name),
                         "contributes": contributions[name].summary() if name in contributions else {},
                         "settings": plugin_settings(app, name)})
    return rows


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_plugins(as_json: bool) -> None:
    """Show installed plugins: version, enabled or not, and what each contributes."""
    rows = plugin_rows(current_app)
    if as_json:
        click.echo(json.dumps({"hooks_version": HOOKS_VERSION, "plugins": rows}, indent=2))
        return
    click.echo(f"Hygeia hook contract {HOOKS_VERSION}")
    for row in rows:
        state = "enabled" if row["enabled"] else ("FAILED: " + row["error"] if row["error"] else "disabled")
        click.echo(f"\n{row['name']} {row['version']} [{state}]")
        if row["description"]:
            click.echo(f"  {row['description']}")
        if row["hooks"]:
            click.echo(f"  hooks: {', '.join(row['hooks'])}")
        for kind, items in row["contributes"].items():
            if items:
                click.echo(f"  {kind}: {', '.join(items)}")
        if row["settings"]:
            click.echo("  settings: " + ", ".join(f"{k}={v!r}" for k, v in row["settings"].items()))


@click.command("worker")
@click.argument("plugins", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--simple", is_flag=True, help="Run jobs in this process (keeps loaded models warm).")
@click.option("--exclude", multiple=True, metavar="PLUGIN",
              help="Every enabled plugin's queue but this one (repeatable), e.g. --exclude xray.")
@click.option("--metrics-port", type=click.IntRange(1, 65535), envvar="HYGEIA_WORKER_METRICS_PORT",
              help="Serve Prometheus metrics (jobs, durations, failures, queues) on this port.")
@click.option("--metrics-host", default="0.0.0.0", show_default=True, envvar="HYGEIA_WORKER_METRICS_HOST",
              help="Address the metrics port listens on.")
def worker_command(plugins: tuple[str, ...], burst: bool, simple: bool, exclude: tuple[str, ...],
                   metrics_port: int | None, metrics_host: str) -> None:
    """Run an RQ worker for the queues of PLUGINS (default: every enabled plugin and the core)."""
    from core.jobs import make_worker

    app = current_app._get_current_object()
    if exclude:
        if plugins:
            raise click.UsageError("give PLUGINS or --exclude, not both")
        plugins = tuple(name for name in app.extensions["hygeia.plugins"].manifests if name not in exclude)
        if not plugins:
            raise click.UsageError("--exclude leaves no queue to listen on")
    worker = make_worker(app, list(plugins) or None, simple=simple)
    if metrics_port:
        from core.metrics import serve_worker_metrics

        serve_worker_metrics(app, metrics_port, metrics_host)
        click.echo(f"worker metrics on http://{metrics_host}:{metrics_port}/metrics")
    click.echo(f"worker listening on {', '.join(q.name for q in worker.queues)}")
    worker.work(burst=burst, with_scheduler=True)


@click.command("scheduler")
def scheduler_command() -> None:
    """Enqueue every plugin's periodic jobs on time (needs Redis; run one per deployment)."""
    from core.scheduler import build_cron_scheduler

    cron = build_cron_scheduler(current_app._get_current_object())
    click.echo(f"scheduler: {len(cron.get_jobs())} periodic jobs; waiting for the lock")
    cron.acquire()
    cron.start()


def add_plugin_commands(app: Flask, plugin: str, commands: list[click.Command]) -> None:
    if not commands or plugin == "core":
        return
    group = AppGroup(plugin, help=f"Commands of the {plugin} plugin.")
    for command in commands:
        _run_in_app_context(command)
        group.add_command(command)
    app.cli.add_command(group)


def _run_in_app_context(command: click.Command) -> None:
    """Plugin commands always run inside an application context, as AppGroup's own do."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _run_in_app_context(sub)
    elif command.callback is not None and not getattr(command.callback, "_hygeia_app_context", False):
        command.callback = with_appcontext(command.callback)
        command.callback._hygeia_app_context = True


def init_cli(app: Flask) -> None:
    app.cli.add_command(plugins_group)
    app.cli.add_command(worker_command)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(storage_group)
