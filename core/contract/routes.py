"""What a plugin serves, found in a built app: its HTTP operations and WebSocket routes."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule

from core.plugin_manager import Contributions

PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Operation:
    """One HTTP method on one URL rule of a plugin's blueprint."""

    rule: Rule
    method: str  # upper case

    @property
    def spec_path(self) -> str:
        """The rule as an OpenAPI path: /api/x/<uuid:id>/ -> /api/x/{id}/."""
        return PLACEHOLDER.sub(lambda m: "{" + m["name"] + "}", self.rule.rule)

    @property
    def url(self) -> str:
        return sample_url(self.rule.rule)

    def __str__(self) -> str:
        return f"{self.method} {self.rule.rule}"


def contributions(app: Flask, plugin: str) -> Contributions:
    try:
        return app.extensions["hygeia.contributions"][plugin]
    except KeyError:
        raise LookupError(f"plugin {plugin!r} is not enabled in this app") from None


def sample_url(rule: str) -> str:
    """A concrete URL matching ``rule``: a random UUID, 1, or "x" for each placeholder."""

    def value(match: re.Match) -> str:
        converter = match["converter"] or "default"
        if converter == "uuid":
            return str(uuid.uuid4())
        if converter == "int":
            return "1"
        if converter == "float":
            return "1.0"
        if converter == "any" and match["args"]:
            return match["args"].split(",")[0].strip().strip("'\"")
        return "x"

    return PLACEHOLDER.sub(value, rule)


def operations(app: Flask, plugin: str) -> list[Operation]:
    """Every HTTP operation of the plugin's blueprints, in URL order."""
    names = {bp.name for bp in contributions(app, plugin).blueprints}
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".", 1)[0] in names:
            found += [Operation(rule, m) for m in sorted((rule.methods or set()) - IGNORED_METHODS)]
    return sorted(found, key=lambda op: (op.rule.rule, op.method))


def websocket_rules(app: Flask, plugin: str) -> list[Rule]:
    """The URL rules of the plugin's WebSocket routes (endpoints ws_<plugin>_<handler>)."""
    paths = {route.path for route in contributions(app, plugin).websockets}
    return [rule for rule in app.url_map.iter_rules() if rule.rule in paths
            and rule.endpoint.startswith(f"ws_{plugin}_")]
