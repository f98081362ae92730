"""The AsyncAPI 2.6 document of every WebSocket protocol, served at GET /api/asyncapi.json.

It is built from the WebSocket routes the plugins registered (core.websocket records them): each
route's ``WebSocketChannel`` gives its description and frames, and the core adds the frames it owns
itself (core/websocket.py): ``auth`` in, ``ready`` and the ``error`` frames of a refused
authentication out, with close codes 4401 and 4429, and the ``rate_limited`` frame on every channel
whose messages a rate limit counts. A route without a channel is listed with its handler's
docstring. In AsyncAPI 2.x terms the client ``publish``es what it sends and ``subscribe``s to what
the server sends. Frame fields are marshmallow fields, converted by apispec like the REST API's, so
a nested schema the REST API also returns (a chat message) is one entry of components/schemas.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import marshmallow as ma
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, current_app, jsonify

from core.version import __version__
from core.openapi import ASYNCAPI_PATH, BEARER, schema_name_resolver
from core.plugin_types import WebSocketChannel, WebSocketMessage
from core.websocket import (
    AUTH_TIMEOUT_SECONDS,
    CLOSE_RATE_LIMITED,
    CLOSE_UNAUTHORIZED,
    RegisteredSocket,
)

ASYNCAPI_VERSION = "2.6.0"
PATH = ASYNCAPI_PATH
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
CONVERTER_SCHEMAS = {"uuid": {"type": "string", "format": "uuid"}, "int": {"type": "integer"},
                     "float": {"type": "number"}}
WS_BINDING = {"ws": {"method": "GET", "bindingVersion": "0.1.0", "headers": {
    "type": "object",
    "properties": {"Authorization": {"type": "string", "description": "`Bearer <access token>`: the way to "
                                     "authenticate where the client can set headers (else the `auth` frame)."}}}}}

# The frames core/websocket.py sends or reads itself, on the channels they apply to.
CORE_MESSAGES = {
    "auth": WebSocketMessage(
        "auth", "Authenticate with an access token (browsers, which cannot set headers on a WebSocket).",
        {"token": ma.fields.String(required=True, metadata={"description": "The REST API's access token."})},
        description=f"The first frame, within {AUTH_TIMEOUT_SECONDS} seconds of opening the socket, when the "
                    "upgrade request had no `Authorization: Bearer` header."),
    "ready": WebSocketMessage(
        "ready", "Authenticated: the protocol of the channel starts.",
        {"user_id": ma.fields.UUID(required=True)}),
    "unauthorized": WebSocketMessage(
        "error", "Authentication refused: a missing, invalid, expired, revoked or refresh token.",
        {"error": ma.fields.Constant("unauthorized", required=True), "message": ma.fields.String(required=True)},
        description=f"Followed by close code {CLOSE_UNAUTHORIZED}: refresh the access token and reconnect.",
        name="unauthorized"),
    "auth_rate_limited": WebSocketMessage(
        "error", "Too many failed authentications from this address.",
        {"error": ma.fields.Constant("rate_limited", required=True), "message": ma.fields.String(required=True),
         "retry_after": ma.fields.Integer(required=True, metadata={"description": "seconds to wait"})},
        description=f"Sent instead of reading a token, followed by close code {CLOSE_RATE_LIMITED}.",
        name="auth_rate_limited"),
    "rate_limited": WebSocketMessage(
        "error", "A message over the rate limit: it was dropped; the socket stays open.",
        {"error": ma.fields.Constant("rate_limited", required=True), "message": ma.fields.String(required=True),
         "retry_after": ma.fields.Integer(required=True, metadata={"description": "seconds before resending"})},
        name="rate_limited"),
}


def constant_property(self, field: ma.fields.Field, **kwargs) -> dict[str, Any]:
    """``fields.Constant("x")`` is ``{"const": "x"}`` (apispec gives it only a default)."""
    if isinstance(field, ma.fields.Constant):
        kind = {str: "string", bool: "boolean", int: "integer", float: "number"}.get(type(field.constant))
        return {"const": field.constant, **({"type": kind} if kind else {})}
    return {}


def check_channel(plugin: str, path: str, channel: WebSocketChannel | None) -> None:
    """Refuse, at start-up, a channel that describes path parameters its route does not have."""
    unknown = sorted(set(channel.parameters) - {m.group(2) for m in PARAMETER.finditer(path)}) if channel else []
    if unknown:
        raise ValueError(f"plugin {plugin!r}: the channel of WebSocket route {path} describes parameters "
                         f"the path does not have: {', '.join(unknown)}")


def init_asyncapi(app: Flask) -> None:
    """Serve the document at PATH, beside the OpenAPI spec."""
    app.add_url_rule(PATH, "asyncapi", lambda: jsonify(document(current_app)))


def document(app: Flask) -> dict[str, Any]:
    """The document (built once per app: the routes are fixed at start-up)."""
    if "hygeia.asyncapi" not in app.extensions:
        app.extensions["hygeia.asyncapi"] = Builder(app).build()
    return app.extensions["hygeia.asyncapi"]


def channel_address(path: str) -> str:
    """``/ws/chat/<uuid:session_id>/`` -> ``/ws/chat/{session_id}/``."""
    return PARAMETER.sub(lambda m: "{" + m.group(2) + "}", path)


def channel_key(path: str) -> str:
    """A short identifier of a route for operation and message ids: ``/ws/compat/chat/<...>/`` -> ``compat_chat``."""
    words = [w for w in PARAMETER.sub("", path).split("/") if w and w != "ws"]
    return "_".join(words).replace("-", "_")


class Builder:
    def __init__(self, app: Flask):
        self.app = app
        self.sockets: list[RegisteredSocket] = app.extensions.get("hygeia.websockets", [])
        self.spec = APISpec("Hygeia", __version__, "3.1.0",
                            plugins=[MarshmallowPlugin(schema_name_resolver=schema_name_resolver(app))])
        self.converter = self.spec.plugins[0].converter
        self.converter.add_attribute_function(constant_property)

    def build(self) -> dict[str, Any]:
        channels = {channel_address(s.route.path): self.channel(s) for s in self.sockets}
        pm = self.app.extensions["hygeia.plugins"]
        plugins = dict.fromkeys(s.plugin for s in self.sockets)
        return {
            "asyncapi": ASYNCAPI_VERSION,
            "id": "urn:hygeia:websockets",
            "info": {
                "title": "Hygeia WebSockets",
                "version": __version__,
                "description": "The WebSocket protocols of this Hygeia server. Every frame is a JSON text "
                               "message. The REST API is described by the OpenAPI document at /api/openapi.json; "
                               "the access tokens it issues authenticate these sockets too.",
                "license": {"name": "MIT"},
            },
            "servers": {
                "production": {"url": "{host}", "protocol": "wss",
                               "description": "A deployment behind TLS (nginx forwards the upgrade).",
                               "variables": {"host": {"default": "localhost", "description": "host[:port]"}}},
                "development": {"url": "{host}", "protocol": "ws", "description": "`make run` on this machine.",
                                "variables": {"host": {"default": "127.0.0.1:5000", "description": "host:port"}}},
            },
            "defaultContentType": "application/json",
            "tags": [{"name": name, "description": pm.manifests[name].description or name} for name in plugins
                     if name in pm.manifests],
            "channels": channels,
            "components": {
                "schemas": self.spec.to_dict().get("components", {}).get("schemas", {}),
                "securitySchemes": {BEARER: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                             "description": "The REST API's access token, as an `Authorization` "
                                                            "header on the upgrade request or in the `auth` frame."}},
            },
        }

    def channel(self, socket: RegisteredSocket) -> dict[str, Any]:
        route, key = socket.route, channel_key(socket.route.path)
        described = route.channel or WebSocketChannel(
            description=inspect.getdoc(route.handler) or f"A WebSocket route of the {socket.plugin} plugin.")
        receives = [self.message(key, m, sent=False) for m in described.receives]
        sends = [self.message(key, m, sent=True) for m in described.sends]
        notes = []
        if route.auth:
            receives.insert(0, self.core_message(key, "auth"))
            sends[:0] = [self.core_message(key, "ready"), self.core_message(key, "unauthorized")]
            notes.append(f"Authenticated: an `Authorization: Bearer <access token>` header on the upgrade request, "
                         f"or a first frame `auth` within {AUTH_TIMEOUT_SECONDS} seconds; `ready` comes back, or "
                         f"an `error` frame and close code {CLOSE_UNAUTHORIZED} (unauthorized).")
        if socket.limited:
            sends.append(self.core_message(key, "rate_limited"))
            notes.append("Every received message counts against the plugin's rate limit; one over it is answered "
                         "with an `error` frame `rate_limited` and dropped.")
            if route.auth:
                sends.append(self.core_message(key, "auth_rate_limited"))
                notes.append(f"Too many failed authentications from one address: an `error` frame `rate_limited` "
                             f"and close code {CLOSE_RATE_LIMITED}.")
        item: dict[str, Any] = {"description": "\n\n".join([described.description, *notes])}
        parameters = self.parameters(route.path, described.parameters)
        if parameters:
            item["parameters"] = parameters
        security = [{BEARER: []}] if route.auth else None
        tags = [{"name": socket.plugin}]
        if receives:
            item["publish"] = self.operation(f"send_{key}", "The frames the client sends.", receives, security, tags)
        if sends:
            item["subscribe"] = self.operation(f"receive_{key}", "The frames the server sends.", sends, security,
                                               tags)
        item["bindings"] = WS_BINDING if route.auth else {"ws": {"method": "GET", "bindingVersion": "0.1.0"}}
        return item

    @staticmethod
    def operation(operation_id: str, summary: str, messages: list[dict], security, tags) -> dict[str, Any]:
        operation: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": tags,
                                     "message": messages[0] if len(messages) == 1 else {"oneOf": messages}}
        if security:
            operation["security"] = security
        return operation

    @staticmethod
    def parameters(path: str, described: dict[str, str]) -> dict[str, Any]:
        return {m.group(2): {"description": described.get(m.group(2), f"The {m.group(2)} in the path."),
                             "schema": dict(CONVERTER_SCHEMAS.get(m.group(1) or "string", {"type": "string"}))}
                for m in PARAMETER.finditer(path)}

    def core_message(self, key: str, which: str) -> dict[str, Any]:
        return self.message_object(f"{key}_{which}", CORE_MESSAGES[which], which != "auth")

    def message(self, key: str, message: WebSocketMessage, sent: bool) -> dict[str, Any]:
        return self.message_object(f"{key}_{message.name or message.type}", message, sent)

    def message_object(self, message_id: str, message: WebSocketMessage, sent: bool) -> dict[str, Any]:
        payload = self.payload(message, sent)
        described = {"messageId": message_id, "name": message.name or message.type or message_id,
                     "summary": message.summary, "payload": payload}
        if message.description:
            described["description"] = message.description
        return described

    def payload(self, message: WebSocketMessage, sent: bool) -> dict[str, Any]:
        fields = message.fields
        if isinstance(fields, dict):
            schema = ma.Schema.from_dict(dict(fields), name=f"{message.name or message.type or 'Frame'}Frame")()
        else:
            schema = fields() if isinstance(fields, type) else fields
        payload = self.converter.schema2jsonschema(schema)
        payload.setdefault("type", "object")
        if not sent:  # the server ignores keys it does not read
            payload.pop("additionalProperties", None)
        if message.type is not None:
            payload["properties"] = {"type": {"type": "string", "const": message.type},
                                     **payload.get("properties", {})}
            payload["required"] = ["type", *payload.get("required", [])]
        return payload
