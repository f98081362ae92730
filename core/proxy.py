"""Behind a reverse proxy (nginx): trust its X-Forwarded-For / -Proto / -Host headers.

``HYGEIA_PROXY_COUNT`` (app config, else the environment) is the number of proxies in front of
the app, 0 when clients connect directly (the default: never trust headers a client could forge).
With it set, rate limits key anonymous clients by their own address instead of the proxy's,
and generated URLs carry the client's scheme and host.
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    raw = app.config.get("HYGEIA_PROXY_COUNT", os.environ.get("HYGEIA_PROXY_COUNT", "0"))
    hops = int(raw or 0)
    if hops < 0:
        raise ValueError("HYGEIA_PROXY_COUNT must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def wrap_wsgi_app(app: Flask, middleware) -> None:
    """Put a WSGI ``middleware(wsgi_app)`` around the app, inside the proxy fix when there is one, so it
    sees the client's own host and scheme."""
    if isinstance(app.wsgi_app, ProxyFix):
        app.wsgi_app.app = middleware(app.wsgi_app.app)
    else:
        app.wsgi_app = middleware(app.wsgi_app)
