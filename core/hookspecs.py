"""The plugin contract: every hook a Hygeia plugin may implement.

A plugin is a module (or package) registered under the ``hygeia.plugins``
entry-point group, exposing a ``manifest`` (core.plugin_types.Manifest) and any
of the hooks below, each decorated with ``hookimpl``::

    import pluggy
    hookimpl = pluggy.HookimplMarker("hygeia")   # or: from core.api import hookimpl

An implementation may accept fewer arguments than the spec names. The core
calls each plugin's implementation on its own, in dependency order, so it can
check what the plugin returns and name the plugin in any error. A hook that
raises, or returns something of the wrong type, stops start-up with a message
naming the plugin (or, with HYGEIA_PLUGIN_ERRORS=skip, disables that plugin).

Bump HOOKS_VERSION's minor number when a hook is added, its major number when a
hook changes or goes away.
"""

from __future__ import annotations

import pluggy

HOOKS_VERSION = "1.3"

hookspec = pluggy.HookspecMarker("hygeia")


@hookspec
def register_models(app):
    """Called once at start-up, before routes. Return the plugin's SQLAlchemy model
    classes (subclasses of core.api.db.Model).

    Every table name must start with ``<plugin name>_``. The tables themselves are
    created by the plugin's Alembic branch (Manifest.migrations), never at start-up.
    """


@hookspec
def register_blueprints(app):
    """Called once at start-up. Return a list of flask_smorest.Blueprint objects.

    The core registers them on the API (so they appear in the OpenAPI spec) and
    applies the plugin's rate limits. Each blueprint's name must be the plugin
    name or start with ``<plugin name>_``, and its url_prefix must start with /api/.
    Routes are the plugin's own business; use core.api.auth_required for anything
    that reads or writes user data.
    """


@hookspec
def register_websockets(app):
    """Called once at start-up. Return a list of core.plugin_types.WebSocketRoute.

    Paths must start with ``/ws/<plugin name>/``. The core authenticates the
    connection (JWT) and applies the plugin's rate limits before the handler runs.
    """


@hookspec
def register_jobs(app):
    """Called once at start-up. Return the functions this plugin enqueues as jobs.

    Only registered functions can be enqueued (core.api.enqueue) and they run on
    the plugin's own queue. A worker refuses a job of a plugin it has not enabled.
    Job functions run inside an application context and take JSON-able arguments.
    """


@hookspec
def register_schedules(app):
    """Called once at start-up. Return a list of core.plugin_types.Schedule: jobs
    (each also returned by register_jobs) to run periodically.

    ``flask scheduler`` enqueues them with Redis; without Redis a thread in the
    web process runs them.
    """


@hookspec
def register_health_checks(app):
    """Called once at start-up. Return a list of core.plugin_types.HealthCheck.

    Each check is called by GET /api/health/ and must return a CheckResult quickly
    (under a second; no network calls without a short timeout).
    """


@hookspec
def register_commands(app):
    """Called once at start-up. Return click commands; the core adds them under
    ``flask <plugin name> ...`` (e.g. ``flask xray install-weights``).
    """


@hookspec
def register_rate_limits(app):
    """Called once at start-up. Return a list of core.plugin_types.RateLimit for the
    plugin's blueprints and WebSocket routes. Every plugin with routes should
    declare at least one.
    """


@hookspec
def ai_context(query, user_id, requester):
    """Called when a plugin builds an AI prompt (through core.api.gather_ai_context).

    ``query`` is the user's text, ``user_id`` the user's id (or None),
    ``requester`` the name of the asking plugin. Return a list of
    core.plugin_types.ContextItem (or an empty list) within about two seconds;
    cache anything slow. A failing implementation is logged and skipped.
    """


@hookspec
def export_user_data(user_id):
    """Called by GET /api/profile/export/ (the user's data export), inside the request.

    Return everything the plugin stores about ``user_id`` (a uuid.UUID) as JSON-able data
    (a dict or a list of dicts; datetimes and UUIDs are written as strings), or None when the
    plugin keeps nothing per user. A failing implementation makes the export answer 503 naming
    the plugin: an export is complete or it is not given.
    """


@hookspec
def user_deleted(user_id):
    """Called when an account is deleted, after its database rows are gone (they go by
    ``ON DELETE CASCADE`` from ``users.id``, so OwnedByUser records need nothing here).

    Remove what the database does not hold: the user's files, external state, cache entries.
    Must be idempotent (a retry calls it again). A failing implementation is logged with the
    plugin's name; the account stays deleted.
    """


@hookspec
def startup(app):
    """Called once when the application is fully assembled, inside an application
    context. For plugin-specific set-up that needs configuration; do not create
    tables or run migrations here.
    """
