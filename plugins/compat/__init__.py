"""Compatibility with the original backend's API (Praxia Backend), off by default.

Existing web and mobile clients of that backend talk to Hygeia unchanged but for their base URL:
its `/api/...` paths are served under `/api/compat/...` (Hygeia's own API keeps `/api/`), or as they
are on the hosts named in COMPAT_ORIGINAL_PATHS_HOSTS (plugins/compat/paths.py), with its
request fields (JSON, form-encoded or multipart), its answers and status codes, and its session
model (`X-Session-Key` is the device session of the bearer token, so logout and session revocation
work through both APIs). Everything is done by Hygeia's services; where the original's behaviour was
unsafe, the wire shape stays and Hygeia's behaviour wins (docs/coming-from-praxia.md lists each case).

Enable it by naming it: HYGEIA_PLUGINS=symptoms,chat,...,compat.
"""

import click

from core.api import Manifest, RateLimit, WebSocketRoute, hookimpl, wrap_wsgi_app

manifest = Manifest(name="compat", version="0.1.0", hooks_version="1.3",
                    description="The original backend's REST API over Hygeia's services (off by default)",
                    settings={"ORIGINAL_PATHS_HOSTS": []})  # hosts where /api/... means /api/compat/...


@hookimpl
def startup(app):
    """On the hosts named in COMPAT_ORIGINAL_PATHS_HOSTS, the original's own paths reach the compat routes."""
    hosts = app.config["COMPAT_ORIGINAL_PATHS_HOSTS"]
    if hosts:
        from plugins.compat.paths import OriginalPaths

        wrap_wsgi_app(app, lambda wsgi_app: OriginalPaths(wsgi_app, hosts))


@hookimpl
def register_models():
    from plugins.compat.models import CompatAccount

    return [CompatAccount]


@hookimpl
def register_blueprints(app):
    """The account, profile and health routes always; each feature's routes when its plugin is on."""
    from core.api import plugin_enabled
    from plugins.compat.records_routes import BY_PLUGIN
    from plugins.compat.routes import blp

    return [blp, *(bp for plugin, bps in BY_PLUGIN.items() if plugin_enabled(plugin, app) for bp in bps)]


@hookimpl
def register_websockets(app):
    """The original's two sockets: health always, chat when the chat plugin is on."""
    from core.api import plugin_enabled
    from plugins.compat import protocol, sockets

    routes = [WebSocketRoute("/ws/compat/health/", sockets.health_socket, auth=False, channel=protocol.HEALTH)]
    if plugin_enabled("chat", app):
        routes.append(WebSocketRoute("/ws/compat/chat/<uuid:session_id>/", sockets.chat_socket,
                                     channel=protocol.CHAT))
    return routes


@hookimpl
def register_rate_limits():
    # The core's own account throttles (failed logins, account mails, wrong tokens) apply underneath.
    return [RateLimit(authenticated="120/minute", anonymous="30/minute")]


@hookimpl
def register_commands():
    @click.command("import-legacy")
    @click.argument("database_url", envvar="COMPAT_LEGACY_DATABASE_URL")
    def import_legacy(database_url):
        """Import accounts, profiles, chats, consultations and research from the original's DATABASE_URL."""
        from plugins.compat.legacy import import_legacy as run

        try:
            counts = run(database_url)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        for key in sorted(counts):
            click.echo(f"{key}: {counts[key]}")

    return [import_legacy]


@hookimpl
def export_user_data(user_id):
    from plugins.compat.models import CompatAccount
    from core.api import db

    row = db.session.get(CompatAccount, user_id)
    if row is None:
        return None
    return {"full_name": row.full_name, "username": row.username, "gender_locked": row.gender_locked}
