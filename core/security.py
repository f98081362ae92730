"""Security headers on every response and a restrictive CORS policy.

Headers: ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` (and CSP
``frame-ancestors 'none'``), ``Referrer-Policy: no-referrer``, ``Cache-Control: no-store``
on answers to authenticated requests (health data stays out of shared caches), and HSTS when
the request came over TLS (directly, or behind a proxy counted by HYGEIA_PROXY_COUNT, whose
X-Forwarded-Proto ProxyFix applies).

CORS (flask-cors): browsers on other origins get no access unless ``CORS_ORIGINS`` (comma
list, app config or environment) names them; unset, the origins are ``https://<host>`` for each
of ALLOWED_HOSTS (Flask's TRUSTED_HOSTS). ``*`` must be written out to allow any origin; no
credentials are ever allowed cross-origin (the API uses bearer tokens, not cookies).
"""

from __future__ import annotations

import os

from flask import Flask, request
from flask_cors import CORS

HSTS_DEFAULT_SECONDS = 63_072_000  # two years, as recommended for preload lists
EXPOSED_HEADERS = ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-ID"]


def cors_origins(app: Flask) -> list[str]:
    raw = app.config.get("CORS_ORIGINS", os.environ.get("CORS_ORIGINS"))
    if raw is not None:
        items = raw.split(",") if isinstance(raw, str) else list(raw)
        return [item.strip().rstrip("/") for item in items if item.strip()]
    hosts = app.config.get("TRUSTED_HOSTS") or []
    return [f"https://{host.lstrip('.')}" for host in hosts if host != "*"]


def init_security(app: Flask) -> None:
    origins = cors_origins(app)
    if origins:
        CORS(app, resources={r"/api/*": {"origins": origins}}, supports_credentials=False,
             expose_headers=EXPOSED_HEADERS, max_age=600, vary_header=True)
    hsts_seconds = int(app.config.get("HSTS_SECONDS", os.environ.get("HSTS_SECONDS", HSTS_DEFAULT_SECONDS)))

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if "Authorization" in request.headers and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"
        if request.is_secure and hsts_seconds > 0:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains")
        return response
