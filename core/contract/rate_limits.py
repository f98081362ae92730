"""Every route and WebSocket a plugin serves falls under a rate limit it declares."""

from __future__ import annotations

from flask import Flask
from limits import parse

from core.contract.routes import contributions, operations


def check_rate_limits_declared(app: Flask, plugin: str) -> list[str]:
    c = contributions(app, plugin)
    ops = operations(app, plugin)
    if not ops and not c.websockets:
        return []
    if not c.rate_limits:
        return [f"plugin {plugin!r} serves routes but register_rate_limits declares no RateLimit"]
    problems = []
    for limit in c.rate_limits:
        for value in (limit.authenticated, limit.anonymous):
            try:
                parse(value)
            except ValueError:
                problems.append(f"rate limit {value!r} is not in flask-limiter notation (e.g. \"10/minute\")")
    for op in ops:
        blueprint = op.rule.endpoint.split(".", 1)[0]
        if not any((limit.blueprints is None or blueprint in limit.blueprints)
                   and (limit.methods is None or op.method in {m.upper() for m in limit.methods})
                   for limit in c.rate_limits):
            problems.append(f"{op} is under no rate limit")
    if c.websockets and not any(limit.blueprints is None for limit in c.rate_limits):
        problems.append("WebSocket messages are under no rate limit (only a RateLimit without "
                        "`blueprints` applies to WebSocket routes)")
    return problems
