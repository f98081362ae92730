"""What enabling a plugin adds to an app, and what is left of it when it is disabled.

A plugin contributes only through its hooks: every route, request hook, CLI
command, extension or config key it adds is attributable to what its hooks
returned. Disabled, it leaves no trace: no routes, spec entries, jobs, schedules,
health checks, commands or hook implementations, and (when installed) its
modules are not even imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from flask import Flask

from core.contract.routes import contributions
from core.extensions import db

REQUEST_HOOKS = ("before_request_funcs", "after_request_funcs", "teardown_request_funcs",
                 "url_value_preprocessors", "url_default_functions", "template_context_processors",
                 "error_handler_spec")


def check_registers_only_through_hooks(without: Flask, with_plugin: Flask, plugin: str) -> list[str]:
    """``with_plugin`` is ``without`` plus the plugin; everything more must come from its hooks."""
    c = contributions(with_plugin, plugin)
    blueprints = {bp.name for bp in c.blueprints}
    problems = []

    before = {(r.rule, r.endpoint) for r in without.url_map.iter_rules()}
    for rule in with_plugin.url_map.iter_rules():
        if (rule.rule, rule.endpoint) in before:
            continue
        if rule.endpoint.split(".", 1)[0] not in blueprints and not rule.endpoint.startswith(f"ws_{plugin}_"):
            problems.append(f"route {rule.rule} ({rule.endpoint}) is not on a blueprint or WebSocket route "
                            "the plugin's hooks returned")
    for name in set(with_plugin.blueprints) - set(without.blueprints) - blueprints:
        problems.append(f"Flask blueprint {name!r} was registered outside register_blueprints")

    for attr in REQUEST_HOOKS:
        grown = getattr(with_plugin, attr)
        for scope, value in grown.items():
            if scope is None:
                if _size(value) != _size(getattr(without, attr).get(None, {})):
                    problems.append(f"app-wide {attr} were added (request hooks belong on the plugin's blueprints)")
            elif scope not in blueprints and scope not in getattr(without, attr):
                problems.append(f"{attr} were added for {scope!r}, which is not one of the plugin's blueprints")
    if len(with_plugin.teardown_appcontext_funcs) != len(without.teardown_appcontext_funcs):
        problems.append("app-wide teardown_appcontext functions were added")

    for name in set(with_plugin.cli.commands) - set(without.cli.commands) - {plugin}:
        problems.append(f"CLI command {name!r} was added outside register_commands "
                        f"(plugin commands live under `flask {plugin} ...`)")
    for key in set(with_plugin.extensions) - set(without.extensions):
        if not key.startswith(plugin):
            problems.append(f"app.extensions[{key!r}] was added; a plugin keeps its state under its own name")
    for key in set(with_plugin.config) - set(without.config):
        if not key.startswith(f"{plugin.upper()}_"):
            problems.append(f"config key {key!r} was added; a plugin's settings are named {plugin.upper()}_...")

    package = with_plugin.extensions["hygeia.plugins"].get_plugin(plugin).__name__
    registered = set(c.models)
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if (cls.__module__ == package or cls.__module__.startswith(package + ".")) and cls not in registered:
            problems.append(f"model {cls.__name__} (table {getattr(cls, '__tablename__', '?')}) is defined "
                            "by the plugin but not returned by register_models")
    return problems


def _size(value) -> int:
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return len(value) if hasattr(value, "__len__") else 1


def check_disappears_when_disabled(enabled: Flask, disabled: Flask, plugin: str) -> list[str]:
    """``enabled`` has the plugin, ``disabled`` the same installation without it."""
    c = contributions(enabled, plugin)
    blueprints = {bp.name for bp in c.blueprints}
    prefixes = tuple(bp.url_prefix.rstrip("/") + "/" for bp in c.blueprints)
    sockets = {route.path for route in c.websockets}
    pm = disabled.extensions["hygeia.plugins"]
    problems = []
    if plugin in pm.manifests or pm.get_plugin(plugin) is not None:
        problems.append("the plugin is still registered with the plugin manager")
    for rule in disabled.url_map.iter_rules():
        if (rule.endpoint.split(".", 1)[0] in blueprints or rule.rule in sockets
                or rule.rule.startswith(prefixes) or rule.endpoint.startswith(f"ws_{plugin}_")):
            problems.append(f"route {rule.rule} is still served")
    client = disabled.test_client()
    spec = client.get("/api/openapi.json").get_json()
    problems += [f"the OpenAPI spec still lists {path}" for path in spec["paths"] if path.startswith(prefixes)]
    problems += [f"the OpenAPI spec still has tag {tag['name']!r}" for tag in spec.get("tags", [])
                 if tag.get("x-blueprint", tag["name"]) in blueprints]
    problems += [f"job {job} is still registered" for job in disabled.extensions["hygeia.jobs"].names()
                 if job.startswith(f"{plugin}:")]
    problems += [f"schedule {schedule.id} is still registered"
                 for name, schedule in disabled.extensions["hygeia.schedules"] if name == plugin]
    health = client.get("/api/health/").get_json()
    if plugin in health.get("plugins", {}) or plugin in health.get("queues", {}):
        problems.append("GET /api/health/ still reports the plugin's checks or queue")
    if plugin in disabled.cli.commands:
        problems.append(f"`flask {plugin}` commands are still there")
    listed = json.loads(disabled.test_cli_runner().invoke(args=["plugins", "list", "--json"]).output)
    for row in listed["plugins"]:
        if row["name"] == plugin and (row["enabled"] or row["contributes"]):
            problems.append("`flask plugins list` still shows it enabled or contributing")
    return problems


def check_not_imported_when_disabled(plugin: str, package: str, others: list[str]) -> list[str]:
    """In a fresh interpreter, an app with ``others`` enabled never imports ``package``
    (another plugin importing it would load it, and its side effects, while disabled)."""
    script = (
        "import json, sys\n"
        "from core.app import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'REDIS_URL': None, 'HYGEIA_PLUGINS': {others!r}}},"
        " env='testing')\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m == {package!r} or m.startswith({package!r} + '.'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HYGEIA_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    if done.returncode != 0:
        return [f"an app without {plugin!r} failed to start: {done.stderr.strip()[-800:]}"]
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    return [f"{module} is imported although {plugin!r} is disabled" for module in imported]
