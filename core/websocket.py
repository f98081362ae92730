"""WebSocket routes for plugins (flask-sock), authenticated with the REST API's JWTs.

Authentication: an ``Authorization: Bearer <access token>`` header on the upgrade
request, or, for browsers (which cannot set headers on WebSockets), a first
message ``{"type": "auth", "token": "<access token>"}`` within 10 seconds.
Refusals are a JSON message ``{"type": "error", "error": ..., "message": ...}``
followed by close code 4401 (unauthorized). Failed authentications count, per IP
address, against the plugin's anonymous limit; past it the connection is refused
with close code 4429. Messages over the plugin's rate limit get
``{"type": "error", "error": "rate_limited", "retry_after": seconds}`` and are dropped.
The handler gets the user detached from the database session, so an open socket
holds no database connection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Flask, g, request
from flask_jwt_extended import decode_token
from flask_sock import Sock

from core import ratelimit
from core.auth.tokens import token_revoked, user_of
from core.extensions import db
from core.plugin_types import RateLimit, WebSocketRoute

AUTH_TIMEOUT_SECONDS = 10
CLOSE_UNAUTHORIZED = 4401
CLOSE_RATE_LIMITED = 4429


def send_json(ws, message: dict[str, Any]) -> None:
    ws.send(json.dumps(message, default=str))


def _token_from(ws) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    raw = ws.receive(timeout=AUTH_TIMEOUT_SECONDS)
    try:
        message = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return None
    return message.get("token") if isinstance(message, dict) and message.get("type") == "auth" else None


def authenticate(ws, failure_limits: list[str] = (), scope: str = "ws"):
    """The user behind the connection's access token, or None after telling the client why.

    ``failure_limits`` (e.g. "3/minute") bound failed attempts per IP address.
    """
    ip = ratelimit.client_address()
    throttled = [lim for lim in failure_limits if ratelimit.is_exceeded(lim, "ws-auth-failures", scope, ip)]
    if throttled:
        send_json(ws, {"type": "error", "error": "rate_limited",
                       "message": "Too many failed authentications from this address.",
                       "retry_after": ratelimit.retry_after(throttled[0], "ws-auth-failures", scope, ip)})
        ws.close(reason=CLOSE_RATE_LIMITED, message="rate limited")
        return None
    token = _token_from(ws)
    reason = "Authenticate with an access token: header or first message {\"type\": \"auth\", \"token\": ...}."
    user = None
    if token:
        try:
            payload = decode_token(token)
            if payload.get("type") != "access":
                reason = "Use an access token, not a refresh token."
            elif token_revoked(payload):
                reason = "The token has been revoked; log in again."
            else:
                user = user_of(payload)
        except Exception:
            reason = "The token is invalid or expired."
    if user is None:
        for limit in failure_limits:
            ratelimit.hit(limit, "ws-auth-failures", scope, ip)
        send_json(ws, {"type": "error", "error": "unauthorized", "message": reason})
        ws.close(reason=CLOSE_UNAUTHORIZED, message="unauthorized")
        return None
    db.session.expunge(user)
    db.session.remove()  # give the connection back to the pool for the socket's whole life
    g.hygeia_socket_token = token  # core.api.call_route calls routes as the socket's user
    send_json(ws, {"type": "ready", "user_id": str(user.id)})
    return user


class RateLimitedSocket:
    """The flask-sock socket, with each received message counted against the plugin's limits."""

    def __init__(self, ws, limits: list[RateLimit], scope: str, key: str, authenticated: bool):
        self._ws = ws
        self._limits = [lim.authenticated if authenticated else lim.anonymous for lim in limits]
        self._scope, self._key = scope, key

    def receive(self, timeout: float | None = None):
        while True:
            message = self._ws.receive(timeout=timeout)
            if message is None:
                return None
            exceeded = [lim for lim in self._limits if not ratelimit.hit(lim, "ws", self._scope, self._key)]
            if not exceeded:
                return message
            send_json(self._ws, {"type": "error", "error": "rate_limited",
                                 "message": f"Too many messages: the limit is {exceeded[0]}.",
                                 "retry_after": ratelimit.retry_after(exceeded[0], "ws", self._scope, self._key)})

    def __getattr__(self, name: str):
        return getattr(self._ws, name)


def add_websocket_route(app: Flask, sock: Sock, plugin: str, route: WebSocketRoute,
                        limits: list[RateLimit]) -> None:
    def endpoint(ws, **url_args):
        user = authenticate(ws, [limit.anonymous for limit in limits], plugin) if route.auth else None
        if route.auth and user is None:
            return
        key = f"user:{user.id}" if user else f"ip:{ratelimit.client_address()}"
        route.handler(RateLimitedSocket(ws, limits, plugin, key, user is not None), user, **url_args)

    endpoint.__name__ = f"ws_{plugin}_{route.handler.__name__}"
    sock.route(route.path, endpoint=endpoint.__name__)(endpoint)
    # what the AsyncAPI document (core.asyncapi) is built from
    app.extensions.setdefault("hygeia.websockets", []).append(RegisteredSocket(plugin, route, bool(limits)))


@dataclass(frozen=True)
class RegisteredSocket:
    plugin: str
    route: WebSocketRoute
    limited: bool  # the plugin's rate limits count its messages (and failed authentications)
