"""Requests to a plugin's routes, as an anonymous client would send them."""

from __future__ import annotations

import json

from flask import Flask

from core.contract.routes import contributions, operations, sample_url, websocket_rules
from core.contract.spec import AUTHENTICATED, entry, served_spec

BAD_TOKENS = {"no token": {}, "a malformed token": {"Authorization": "Bearer not-a-token"}}
ERROR_KEYS = {"status", "error", "message"}


def check_routes_refuse_anonymous(app: Flask, plugin: str) -> list[str]:
    """Each operation documented as authenticated answers 401 in the error shape without a valid token.

    Use an app with RATELIMIT_ENABLED False, so limits do not answer first.
    """
    spec = served_spec(app)
    client = app.test_client()
    problems = []
    for op in operations(app, plugin):
        doc = entry(spec, op)
        if doc is None or doc.get("security") != AUTHENTICATED:
            continue
        for what, headers in BAD_TOKENS.items():
            response = client.open(op.url, method=op.method, headers=headers)
            body = response.get_json(silent=True)
            if response.status_code != 401:
                problems.append(f"{op} with {what} answered {response.status_code}, not 401")
            elif not isinstance(body, dict) or not ERROR_KEYS <= body.keys() or body["status"] != 401:
                problems.append(f"{op} with {what}: the 401 body is not the JSON error shape: {body!r}")
    return problems


def check_routes_report_rate_limits(app: Flask, plugin: str) -> list[str]:
    """Each operation's answer carries the X-RateLimit-* headers of the limit applied to it."""
    client = app.test_client()
    return [f"{op} answered without X-RateLimit-Limit: no limit was applied"
            for op in operations(app, plugin)
            if "X-RateLimit-Limit" not in client.open(op.url, method=op.method).headers]


def check_websockets_refuse_anonymous(app: Flask, plugin: str, base_url: str) -> list[str]:
    """Each WebSocket route with auth=True refuses a bad token: an error message, then close code 4401.

    ``base_url`` is where ``app`` is served (the ``serve`` fixture).
    """
    import websocket

    authenticated = {route.path for route in contributions(app, plugin).websockets if route.auth}
    problems = []
    for rule in websocket_rules(app, plugin):
        if rule.rule not in authenticated:
            continue
        url = base_url.replace("http", "ws", 1) + sample_url(rule.rule)
        ws = websocket.create_connection(url, timeout=5)
        try:
            ws.send(json.dumps({"type": "auth", "token": "not-a-token"}))
            refusal = json.loads(ws.recv())
            opcode, frame = ws.recv_data_frame(True)
            code = int.from_bytes(frame.data[:2], "big") if opcode == websocket.ABNF.OPCODE_CLOSE else None
        except (websocket.WebSocketException, OSError, ValueError) as error:
            problems.append(f"WebSocket {rule.rule} with a bad token: {error!r}")
            continue
        finally:
            ws.close()
        if refusal.get("type") != "error" or refusal.get("error") != "unauthorized" or code != 4401:
            problems.append(f"WebSocket {rule.rule} with a bad token sent {refusal!r} and closed with {code}, "
                            "not an unauthorized error and 4401")
    return problems
