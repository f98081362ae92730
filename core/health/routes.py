"""GET /api/health/ and the WebSocket /ws/health/ that pushes the same report."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app

from core.extensions import db
from core.health.service import full_report, snapshot_report
from core.openapi import Blueprint
from core.plugin_types import WebSocketChannel, WebSocketMessage

blp = Blueprint("health", __name__, title="Service health", url_prefix="/api/health", description="Service health.")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"description": "ok, degraded or down", "example": "ok"})
    components = ma.fields.Dict(required=True,
                                metadata={"description": "database, redis and storage (the file store)"})
    queues = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)
    breakers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    plugins = ma.fields.Dict(required=True, metadata={"description": "each enabled plugin's checks"})
    failed_plugins = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    last_scheduled_check = ma.fields.Dict(allow_none=True)
    checked_at = ma.fields.String(required=True, metadata={
        "description": "When these checks ran (UTC, ISO 8601): at most HEALTH_SNAPSHOT_SECONDS ago, now with ?deep=1.",
        "example": "2026-12-06T22:15:01.204511+00:00"})


class HealthArgs(ma.Schema):
    deep = ma.fields.Boolean(load_default=False, metadata={
        "description": "Check everything now instead of answering from the last second's report (for operators)."})


@blp.route("/", methods=["GET"])
@blp.public
@blp.arguments(HealthArgs, location="query")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database or Redis is down.")
def health(args):
    """Status of the database, Redis, queues, circuit breakers and every enabled plugin, from a report at
    most HEALTH_SNAPSHOT_SECONDS old (?deep=1: checked now)."""
    report = full_report() if args["deep"] else snapshot_report()
    return report, 503 if report["status"] == "down" else 200


SOCKET_CHANNEL = WebSocketChannel(
    description="The health report of GET /api/health/, pushed: at once, then every HEALTH_WS_INTERVAL_SECONDS "
                "(5). Public, like GET /api/health/.",
    receives=[WebSocketMessage(None, "Any frame: the next report comes at once.", {}, name="any")],
    sends=[WebSocketMessage("health", "The health report.", {"report": ma.fields.Nested(HealthSchema, required=True)})],
)


def health_socket(ws, user):
    """Send the report now and then every HEALTH_WS_INTERVAL_SECONDS; any message asks for one at once."""
    interval = current_app.config.get("HEALTH_WS_INTERVAL_SECONDS", 5)
    while True:
        report = full_report()
        db.session.remove()  # hand the connection back while the socket waits (a pool holds few)
        ws.send(json.dumps({"type": "health", "report": report}, default=str))
        ws.receive(timeout=interval)
