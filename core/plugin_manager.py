"""Finds, loads, orders and checks plugins; collects what each one contributes.

Discovery is by the ``hygeia.plugins`` entry-point group only: installed plugins
are listed from package metadata without importing them, and only the enabled
ones are imported. The core's own hook implementations (core.builtin_hooks, handed in
by the app factory: this module never imports route modules) are registered first
under the name "core", so the core uses its own contract.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pluggy

from core import hookspecs
from core.plugin_types import HealthCheck, Manifest, RateLimit, Schedule, WebSocketRoute

ENTRY_POINT_GROUP = "hygeia.plugins"
# Plugins also named in this group are installed but off by default: only HYGEIA_PLUGINS enables them.
OPT_IN_GROUP = "hygeia.opt_in_plugins"
CORE = "core"
# The core's Alembic folder: migrations/ at the top of a checkout, shipped as core/alembic in the wheel.
_SHIPPED_ALEMBIC = Path(__file__).resolve().parent / "alembic"
CORE_ALEMBIC = _SHIPPED_ALEMBIC if _SHIPPED_ALEMBIC.is_dir() else Path(__file__).resolve().parent.parent / "migrations"
CORE_MIGRATIONS = CORE_ALEMBIC / "versions"
log = logging.getLogger(__name__)


class PluginError(RuntimeError):
    """A plugin cannot be loaded or returned something the core cannot use."""

    def __init__(self, plugin: str, message: str):
        super().__init__(f"plugin {plugin!r}: {message}")
        self.plugin = plugin


def hooks_compatible(wanted: str, provided: str) -> bool:
    """A plugin written for contract ``wanted`` runs on ``provided``: same major, no newer minor."""
    wanted_major, wanted_minor = (int(part) for part in wanted.split("."))
    major, minor = (int(part) for part in provided.split("."))
    return wanted_major == major and wanted_minor <= minor


@dataclass
class Contributions:
    """Everything one plugin gives the application, checked."""

    models: list[type] = field(default_factory=list)
    blueprints: list[Any] = field(default_factory=list)
    websockets: list[WebSocketRoute] = field(default_factory=list)
    jobs: list[Any] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    health_checks: list[HealthCheck] = field(default_factory=list)
    commands: list[click.Command] = field(default_factory=list)
    rate_limits: list[RateLimit] = field(default_factory=list)

    def summary(self) -> dict[str, list[str]]:
        """Names of what is contributed, for ``flask plugins list``."""
        return {
            "tables": [m.__tablename__ for m in self.models],
            "blueprints": [f"{b.name} {b.url_prefix}" for b in self.blueprints],
            "websockets": [w.path for w in self.websockets],
            "jobs": [j.__name__ for j in self.jobs],
            "schedules": [s.id for s in self.schedules],
            "health_checks": [h.name for h in self.health_checks],
            "commands": [c.name for c in self.commands],
            "rate_limits": [f"{r.authenticated} auth, {r.anonymous} anon" for r in self.rate_limits],
        }


class PluginManager(pluggy.PluginManager):
    def __init__(self) -> None:
        super().__init__("hygeia")
        self.add_hookspecs(hookspecs)
        self.manifests: dict[str, Manifest] = {}  # enabled plugins, in load order, core first
        self.failed: dict[str, str] = {}  # plugins skipped with HYGEIA_PLUGIN_ERRORS=skip
        if os.environ.get("HYGEIA_TRACE_HOOKS"):
            self.trace.root.setwriter(log.warning)
            self.enable_tracing()

    # -- discovery ---------------------------------------------------------
    @staticmethod
    def installed() -> dict[str, EntryPoint]:
        """Installed plugins by name, read from package metadata without importing them."""
        found: dict[str, EntryPoint] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in found and found[ep.name].value != ep.value:
                raise PluginError(ep.name, f"installed twice ({found[ep.name].value} and {ep.value})")
            found[ep.name] = ep
        return found

    @staticmethod
    def opt_in() -> set[str]:
        """Names of installed plugins that are enabled only when HYGEIA_PLUGINS names them."""
        return {ep.name for ep in entry_points(group=OPT_IN_GROUP)}

    @classmethod
    def default_enabled(cls) -> list[str]:
        """What an unset HYGEIA_PLUGINS enables: every installed plugin except the opt-in ones."""
        opt_in = cls.opt_in()
        return sorted(name for name in cls.installed() if name not in opt_in)

    def load(self, core_hooks: ModuleType, enabled: list[str] | None = None, modules: tuple[ModuleType, ...] = (),
             on_error: str = "fail") -> None:
        """Register the core's own hooks, then import and register the enabled plugins
        (``default_enabled()`` when ``enabled`` is None).

        ``core_hooks`` is the core's hook module (core.builtin_hooks), registered first as "core".
        ``modules`` are plugin modules given directly, as if installed (tests use this).
        ``on_error`` is "fail" (raise PluginError) or "skip" (log, record and go on).
        """
        sources: dict[str, Any] = dict(self.installed())
        sources.update({m.manifest.name: m for m in modules})
        if enabled is not None:
            names = list(enabled)
        else:
            opt_in = self.opt_in()
            names = sorted(name for name in sources if name not in opt_in)
        unknown = [n for n in names if n not in sources]
        if unknown:
            raise PluginError(
                unknown[0],
                f"enabled in HYGEIA_PLUGINS but not installed (installed: {', '.join(sorted(sources)) or 'none'})",
            )

        self._register(CORE, core_hooks)
        loaded: dict[str, ModuleType] = {}
        for name in dict.fromkeys(names):
            try:
                loaded[name] = self._import(name, sources[name])
            except PluginError as error:
                self._fail(error, on_error)
        for name in self._dependency_order(loaded, on_error):
            self._register(name, loaded[name])
        try:
            self.check_pending()
        except pluggy.PluginValidationError as error:
            name = self.get_name(error.plugin) or "?"
            raise PluginError(name, f"implements an unknown hook: {error}") from error

    def _import(self, name: str, source: Any) -> ModuleType:
        try:
            module = source.load() if isinstance(source, EntryPoint) else source
        except Exception as error:
            raise PluginError(name, f"cannot be imported: {error!r}") from error
        manifest = getattr(module, "manifest", None)
        if not isinstance(manifest, Manifest):
            raise PluginError(name, "its module has no `manifest = Manifest(...)`")
        if manifest.name != name:
            raise PluginError(name, f"is installed as {name!r} but its manifest says {manifest.name!r}")
        if not hooks_compatible(manifest.hooks_version, hookspecs.HOOKS_VERSION):
            raise PluginError(name, f"is written for hook contract {manifest.hooks_version}, but this Hygeia "
                                    f"provides {hookspecs.HOOKS_VERSION}; install a version of the plugin "
                                    f"for {hookspecs.HOOKS_VERSION.split('.')[0]}.x or a newer Hygeia")
        return module

    def _dependency_order(self, loaded: dict[str, ModuleType], on_error: str) -> list[str]:
        """Plugins whose requirements are met, each after the plugins it requires."""
        pending = dict(sorted(loaded.items()))
        ordered: list[str] = []
        while pending:
            ready = [n for n, m in pending.items() if all(r in ordered for r in m.manifest.requires)]
            if not ready:
                for name, module in pending.items():
                    missing = [r for r in module.manifest.requires if r not in ordered]
                    self._fail(PluginError(name, f"requires plugin(s) not enabled: {', '.join(missing)}"), on_error)
                break
            for name in ready:
                ordered.append(name)
                del pending[name]
        return ordered

    def _register(self, name: str, module: ModuleType) -> None:
        self.register(module, name=name)
        self.manifests[name] = module.manifest

    def _fail(self, error: PluginError, on_error: str) -> None:
        if on_error != "skip":
            raise error
        log.error("%s; starting without it", error)
        self.failed[error.plugin] = str(error).split(": ", 1)[1]

    def unload(self, name: str, error: PluginError) -> None:
        """Drop a plugin whose contributions failed (HYGEIA_PLUGIN_ERRORS=skip)."""
        self.unregister(name=name)
        self.manifests.pop(name, None)
        self.failed[name] = str(error).split(": ", 1)[1]

    def migration_dirs(self) -> dict[str, str]:
        """Alembic folders of every installed plugin, enabled or not, found without importing them.

        Disabled plugins' folders are listed too, so Alembic can still read a database
        that an earlier configuration migrated; only enabled branches are upgraded.
        """
        dirs = {CORE: str(CORE_MIGRATIONS)}
        for name, ep in self.installed().items():
            spec = importlib.util.find_spec(ep.module)
            if spec is not None and spec.submodule_search_locations:
                dirs[name] = os.path.join(list(spec.submodule_search_locations)[0], "migrations")
        for name in self.enabled:  # plugins given as modules (tests)
            module = self.get_plugin(name)
            if name not in dirs and getattr(module, "__path__", None):
                dirs[name] = os.path.join(list(module.__path__)[0], "migrations")
        return {name: path for name, path in dirs.items() if os.path.isdir(path)}

    @property
    def enabled(self) -> list[str]:
        """Enabled plugin names in load order, without the core."""
        return [n for n in self.manifests if n != CORE]

    # -- calling hooks -----------------------------------------------------
    def call_plugin(self, name: str, hook_name: str, **kwargs: Any) -> Any:
        """Call one plugin's implementation of a hook; None when it has none."""
        for impl in getattr(self.hook, hook_name).get_hookimpls():
            if impl.plugin_name == name:
                try:
                    return impl.function(*(kwargs[arg] for arg in impl.argnames))
                except Exception as error:
                    raise PluginError(name, f"hook {hook_name} raised {error!r}") from error
        return None

    def call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every enabled plugin's implementation, core first, then in load order."""
        return [(name, self.call_plugin(name, hook_name, **kwargs)) for name in self.manifests]

    def hooks_of(self, name: str) -> list[str]:
        plugin = self.get_plugin(name)
        return sorted(hc.name for hc in self.get_hookcallers(plugin) or [])

    # -- contributions -----------------------------------------------------
    def contributions(self, name: str, app: Any) -> Contributions:
        """Call a plugin's register_* hooks and check every value it returns."""
        c = Contributions()
        for attr in ("models", "blueprints", "websockets", "jobs", "schedules",
                     "health_checks", "commands", "rate_limits"):
            value = self.call_plugin(name, f"register_{attr}", app=app)
            if value is None:
                continue
            if not isinstance(value, (list, tuple)):
                raise PluginError(name, f"register_{attr} must return a list, not {type(value).__name__}")
            setattr(c, attr, list(value))
        _check_contributions(name, c)
        return c


def _check_contributions(name: str, c: Contributions) -> None:
    from flask_smorest import Blueprint

    def expect(ok: bool, message: str) -> None:
        if not ok:
            raise PluginError(name, message)

    core = name == CORE
    for model in c.models:
        table = getattr(model, "__tablename__", None)
        expect(isinstance(table, str), f"register_models returned {model!r}, which is not a model")
        expect(core or table.startswith(f"{name}_"), f"table {table!r} must be named {name}_...")
    for bp in c.blueprints:
        expect(isinstance(bp, Blueprint), f"register_blueprints returned {bp!r}, not a flask_smorest.Blueprint")
        expect(core or bp.name == name or bp.name.startswith(f"{name}_"),
               f"blueprint {bp.name!r} must be named {name} or {name}_...")
        expect((bp.url_prefix or "").startswith("/api/"), f"blueprint {bp.name!r} url_prefix must start with /api/")
    for ws in c.websockets:
        expect(isinstance(ws, WebSocketRoute), f"register_websockets returned {ws!r}, not a WebSocketRoute")
        expect(ws.path.startswith(f"/ws/{name}/") or (core and ws.path.startswith("/ws/")),
               f"WebSocket path {ws.path!r} must start with /ws/{name}/")
    for job in c.jobs:
        expect(callable(job) and hasattr(job, "__module__"), f"register_jobs returned {job!r}, not a function")
    for schedule in c.schedules:
        expect(isinstance(schedule, Schedule), f"register_schedules returned {schedule!r}, not a Schedule")
        expect(schedule.job in c.jobs, f"scheduled job {schedule.job.__name__} is not in register_jobs")
    for check in c.health_checks:
        expect(isinstance(check, HealthCheck), f"register_health_checks returned {check!r}, not a HealthCheck")
    for command in c.commands:
        expect(isinstance(command, click.Command), f"register_commands returned {command!r}, not a click command")
    for limit in c.rate_limits:
        expect(isinstance(limit, RateLimit), f"register_rate_limits returned {limit!r}, not a RateLimit")
        names = {bp.name for bp in c.blueprints}
        for bp_name in limit.blueprints or ():
            expect(bp_name in names, f"rate limit names blueprint {bp_name!r}, which the plugin does not register")
