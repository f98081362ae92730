"""Calling one of the app's own routes in-process, as the current caller (core.api.call_route).

For a plugin that serves another API over Hygeia's (the ``compat`` plugin): it may import no other
plugin, so it uses their public routes, exactly as a client would, without a network hop. The inner
request carries the caller's Authorization header, User-Agent, language and address, so the route
authenticates, rate-limits, audits and answers as it would over HTTP; it runs in the caller's
application context (the same database session). In a WebSocket handler the caller is the socket's
user, however the socket authenticated (header or first message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, request

FORWARDED = ("Authorization", "User-Agent", "Accept-Language")


@dataclass(frozen=True)
class RouteAnswer:
    """What a route answered: its status, its JSON body (None when not JSON) and its headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def call_route(method: str, path: str, *, json: Any = None, data: dict | None = None,
               query: dict | None = None, headers: dict[str, str] | None = None) -> RouteAnswer:
    """Call ``method path`` of this app as the current caller; ``data`` is sent as a form (files as
    ``(stream, filename, content_type)`` tuples make it multipart), ``json`` as JSON."""
    app = current_app._get_current_object()
    sent = {name: request.headers[name] for name in FORWARDED if name in request.headers}
    if "Authorization" not in sent and g.get("hygeia_socket_token"):  # a socket that authenticated by message
        sent["Authorization"] = f"Bearer {g.hygeia_socket_token}"
    sent.update(headers or {})
    kwargs: dict[str, Any] = {"method": method.upper(), "headers": sent, "query_string": query,
                              "environ_base": {"REMOTE_ADDR": request.remote_addr or "127.0.0.1"}}
    if json is not None:
        kwargs["json"] = json
    elif data is not None:
        kwargs["data"] = data
    with app.test_request_context(path, **kwargs):
        response = app.full_dispatch_request()
        body = response.get_json(silent=True) if response.is_json else None
        return RouteAnswer(response.status_code, body, dict(response.headers))


def plugin_enabled(name: str, app=None) -> bool:
    """Whether plugin ``name`` is enabled in ``app`` (default: the current app), so its routes exist.
    Known from the start: a ``register_*`` hook that takes ``app`` may ask."""
    return name in (app or current_app).extensions["hygeia.plugins"].enabled
