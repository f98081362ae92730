"""The application factory: configuration, extensions, then whatever the enabled plugins contribute."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from flask_sock import Sock

from config import config_for
from config.settings import ProductionConfig, check_production_secrets
from core import builtin_hooks, commands
from core.audit.recorder import init_audit
from core.auth.tokens import init_jwt
from core.breakers import init_breakers
from core.cache import init_cache
from core.extensions import db
from core.input_guard import init_input_guard
from core.jobs import JobRegistry
from core.logging import init_logging
from core.metrics import init_metrics
from core.migrations import init_migrations
from core.asyncapi import check_channel, init_asyncapi
from core.openapi import init_api
from core.outages import init_outages
from core.plugin_manager import Contributions, PluginError, PluginManager
from core.proxy import init_proxy
from core.ratelimit import apply_rate_limit, init_limiter
from core.redis_client import init_redis
from core.scheduler import start_inprocess_scheduler
from core.security import init_security
from core.storage import init_storage
from core.websocket import add_websocket_route

log = logging.getLogger(__name__)
CHECKOUT = Path(__file__).resolve().parent.parent


def default_instance() -> Path:
    """The instance folder when HYGEIA_INSTANCE_PATH is unset: ``instance/`` of a source checkout
    (an editable install too), else ``<prefix>/var/hygeia-instance`` of the environment Hygeia is
    installed in (Flask's convention for installed packages), never inside site-packages."""
    if (CHECKOUT / "setup.py").is_file():
        return CHECKOUT / "instance"
    return Path(sys.prefix) / "var" / "hygeia-instance"


def create_app(overrides: dict[str, Any] | None = None, *, env: str | None = None,
               plugins: tuple[ModuleType, ...] = ()) -> Flask:
    """Build a Hygeia app.

    ``env`` picks the config class (default: HYGEIA_ENV, else development);
    ``overrides`` are applied last; ``plugins`` are plugin modules added as if
    installed (for tests: which are enabled still follows HYGEIA_PLUGINS).
    """
    instance_path = os.environ.get("HYGEIA_INSTANCE_PATH") or str(default_instance())
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True, static_folder=None)
    os.makedirs(app.instance_path, exist_ok=True)
    config = config_for(env or os.environ.get("HYGEIA_ENV"), instance_path=app.instance_path)
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(overrides or {})
    if isinstance(config, ProductionConfig):  # check again after instance/config.py and overrides
        check_production_secrets(app.config)

    init_logging(app)  # before the database: it sets SQLAlchemy's hide_parameters
    for level, note in app.config.get("CONFIG_NAME_NOTES", ()):
        getattr(log, level)("config: %s", note)
    init_proxy(app)
    init_security(app)
    init_outages(app)
    init_storage(app)
    init_input_guard(app)
    db.init_app(app)
    init_redis(app)
    init_cache(app)
    init_jwt(app)
    init_breakers(app)
    limiter = init_limiter(app)
    api = init_api(app)
    init_asyncapi(app)
    metrics = init_metrics(app)
    init_audit(app)

    pm = PluginManager()
    on_error = app.config["HYGEIA_PLUGIN_ERRORS"]
    pm.load(builtin_hooks, app.config["HYGEIA_PLUGINS"], modules=plugins, on_error=on_error)
    app.extensions["hygeia.plugins"] = pm
    _apply_plugin_settings(app, pm)
    contributions = app.extensions["hygeia.contributions"] = _collect(app, pm, on_error)

    jobs = app.extensions["hygeia.jobs"] = JobRegistry(app)
    jobs.observe(metrics.record_job)  # jobs know nothing of metrics: they report each run to observers
    app.extensions["hygeia.schedules"] = []
    app.extensions["hygeia.health_checks"] = []
    sock = Sock(app)
    for name, c in contributions.items():
        for job in c.jobs:
            jobs.add(name, job)
        app.extensions["hygeia.schedules"] += [(name, s) for s in c.schedules]
        app.extensions["hygeia.health_checks"] += [(name, h) for h in c.health_checks]
        for blueprint in c.blueprints:
            for limit in c.rate_limits:
                if limit.blueprints is None or blueprint.name in limit.blueprints:
                    apply_rate_limit(limiter, blueprint, limit, api.limited)
            api.register_blueprint(blueprint)
        socket_limits = [limit for limit in c.rate_limits if limit.blueprints is None]
        for route in c.websockets:
            check_channel(name, route.path, route.channel)
            add_websocket_route(app, sock, name, route, socket_limits)
        commands.add_plugin_commands(app, name, c.commands)

    init_migrations(app)
    commands.init_cli(app)
    with app.app_context():
        for name in list(pm.manifests):
            pm.call_plugin(name, "startup", app=app)
    if not app.testing:  # read the offline engines' data now, so no first request waits about a second
        threading.Thread(target=warm_offline_engines, name="hygeia-warm-up", daemon=True).start()

    @app.before_request
    def _start_scheduler_once():
        start_inprocess_scheduler(app)

    return app


def warm_offline_engines() -> None:
    """Load the triage lexicon and the medicine tables with their name index (each once per process)."""
    from core.medicines.names import condition_index, everyday_words, medicine_index
    from core.triage import triage

    triage("warm up")
    medicine_index(), condition_index(), everyday_words()


def _apply_plugin_settings(app: Flask, pm: PluginManager) -> None:
    """Each Manifest.settings default becomes config key <PLUGIN>_<KEY>; a value already in the
    config (instance/config.py, overrides) wins, then an environment variable of that name."""
    for name, manifest in pm.manifests.items():
        for key, default in manifest.settings.items():
            config_key = f"{name}_{key}".upper()
            if config_key not in app.config:
                raw = os.environ.get(config_key)
                app.config[config_key] = default if raw is None else _coerce(raw, default)


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, (int, float)):
        return type(default)(raw)
    if isinstance(default, (list, tuple)):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def _collect(app: Flask, pm: PluginManager, on_error: str) -> dict[str, Contributions]:
    """Each enabled plugin's checked contributions; a failing plugin stops start-up or is skipped."""
    collected: dict[str, Contributions] = {}
    for name in list(pm.manifests):
        try:
            collected[name] = pm.contributions(name, app)
        except PluginError as error:
            if on_error != "skip" or name == "core":
                raise
            log.error("%s; starting without it", error)
            pm.unload(name, error)
    return collected
