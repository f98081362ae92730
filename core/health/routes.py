"""GET /api/health/ and the WebSocket /ws/health/ that pushes the same report."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app

from core.extensions import db
from core.health.service import full_report
from core.openapi import Blueprint

blp = Blueprint("health", __name__, url_prefix="/api/health", description="Service health.")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"description": "ok, degraded or down", "example": "ok"})
    components = ma.fields.Dict(required=True,
                                metadata={"description": "database, redis and storage (the file store)"})
    queues = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)
    breakers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    plugins = ma.fields.Dict(required=True, metadata={"description": "each enabled plugin's checks"})
    failed_plugins = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    last_scheduled_check = ma.fields.Dict(allow_none=True)


@blp.route("/", methods=["GET"])
@blp.public
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database or Redis is down.")
def health():
    """Status of the database, Redis, queues, circuit breakers and every enabled plugin."""
    report = full_report()
    return report, 503 if report["status"] == "down" else 200


def health_socket(ws, user):
    """Send the report now and then every HEALTH_WS_INTERVAL_SECONDS; any message asks for one at once."""
    interval = current_app.config.get("HEALTH_WS_INTERVAL_SECONDS", 5)
    while True:
        report = full_report()
        db.session.remove()  # hand the connection back while the socket waits (a pool holds few)
        ws.send(json.dumps({"type": "health", "report": report}, default=str))
        ws.receive(timeout=interval)
