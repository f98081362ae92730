"""Rate limits (flask-limiter): per user when authenticated, per IP otherwise.

Storage is Redis when REDIS_URL is set (shared by every process) and memory
otherwise. A Redis outage never turns into a 500: the limiter falls back to
memory. Plugins declare limits with core.plugin_types.RateLimit; the core
applies them to the plugin's blueprints here and to its WebSocket messages.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_jwt_extended import decode_token, get_jwt_identity, verify_jwt_in_request
from flask_limiter import HeaderNames, Limiter
from limits import parse

from core.plugin_types import RateLimit


def request_identity() -> str | None:
    """The authenticated user's id for this request, or None; never raises."""
    kept = request.environ  # this request's own (g is shared by an in-process call_route and its caller)
    if "hygeia.identity" not in kept:
        try:
            verify_jwt_in_request(optional=True)
            kept["hygeia.identity"] = get_jwt_identity()
        except Exception:  # an invalid token counts as anonymous here; the view will refuse it
            kept["hygeia.identity"] = None
    return kept["hygeia.identity"]


def client_address() -> str:
    return request.remote_addr or "unknown"


REFRESH_ENDPOINT = "auth.refresh"  # the one route a refresh token is for


def presents_a_bad_token() -> bool:
    """The request carries a bearer token that does not verify (expired, revoked, forged): its answer is
    the view's 401, never a 429, so a client with a stale token refreshes instead of backing off. A
    valid refresh token is not a bad one (the refresh route counts it)."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer ") or request_identity() is not None:
        return False
    kept = request.environ
    if "hygeia.bad_token" not in kept:
        from core.auth.tokens import token_revoked  # the auth package imports this module

        try:
            payload = decode_token(header[7:].strip())
            kept["hygeia.bad_token"] = token_revoked(payload) or (
                payload.get("type") != "access" and request.endpoint != REFRESH_ENDPOINT)
        except Exception:
            kept["hygeia.bad_token"] = True
    return kept["hygeia.bad_token"]


def rate_limit_key() -> str:
    identity = request_identity()
    return f"user:{identity}" if identity else f"ip:{client_address()}"


LIMITER_RETRY_AFTER = "X-RateLimit-Retry-After"


def _retry_after_on_429_only(response):
    """flask-limiter would stamp Retry-After on every response, clobbering a 503's own;
    it writes its value under another name and only a 429 gets it as Retry-After."""
    value = response.headers.pop(LIMITER_RETRY_AFTER, None)
    if response.status_code == 429 and value is not None and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = value
    return response


def init_limiter(app: Flask) -> Limiter:
    app.after_request(_retry_after_on_429_only)  # registered first, so it runs after the limiter's
    limiter = Limiter(
        key_func=rate_limit_key,
        app=app,
        storage_uri=app.config.get("REDIS_URL") or "memory://",
        storage_options={"socket_connect_timeout": 2, "socket_timeout": 2} if app.config.get("REDIS_URL") else {},
        key_prefix=f"{app.config['REDIS_KEY_PREFIX']}:limits",
        strategy="moving-window",
        headers_enabled=True,
        header_name_mapping={HeaderNames.RETRY_AFTER: LIMITER_RETRY_AFTER},
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        enabled=app.config.get("RATELIMIT_ENABLED", True),
    )
    app.extensions["hygeia.limiter"] = limiter
    return limiter


def get_limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions["hygeia.limiter"]


def apply_rate_limit(limiter: Limiter, blueprint, limit: RateLimit, limited: set | None = None) -> None:
    """Attach a plugin's limit to one of its blueprints (before the blueprint is registered); ``limited``
    collects (blueprint name, method or None for all) for the OpenAPI spec's 429 answers."""
    if limited is not None:
        limited.update((blueprint.name, m.upper() if m else None) for m in (limit.methods or [None]))
    limiter.limit(
        lambda: limit.authenticated if request_identity() else limit.anonymous,
        methods=[m.upper() for m in limit.methods] if limit.methods else None,
        exempt_when=presents_a_bad_token,
    )(blueprint)


def hit(limit: str, *identifiers: str) -> bool:
    """Count one event against ``limit`` ("5 per 15 minutes"); False once the limit is exceeded.

    For what is not a request to a blueprint: WebSocket messages, failed logins.
    """
    limiter = get_limiter()
    if not limiter.enabled:
        return True
    try:
        return limiter.limiter.hit(parse(limit), current_app.config["REDIS_KEY_PREFIX"], *identifiers)
    except Exception:  # storage down: fail open, as the request limits do
        return True


def is_exceeded(limit: str, *identifiers: str) -> bool:
    """True when ``limit`` is already used up (without counting an event)."""
    limiter = get_limiter()
    if not limiter.enabled:
        return False
    try:
        return not limiter.limiter.test(parse(limit), current_app.config["REDIS_KEY_PREFIX"], *identifiers)
    except Exception:
        return False


def retry_after(limit: str, *identifiers: str) -> int:
    """Seconds until ``limit`` allows one more event."""
    import time

    try:
        stats = get_limiter().limiter.get_window_stats(parse(limit), current_app.config["REDIS_KEY_PREFIX"],
                                                         *identifiers)
        return max(1, int(stats.reset_time - time.time()) + 1)
    except Exception:
        return 1
