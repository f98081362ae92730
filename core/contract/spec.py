"""The plugin's entries in the OpenAPI spec: security declared, schemas and examples present."""

from __future__ import annotations

from typing import Any

from flask import Flask

from core.contract.routes import Operation, operations
from core.openapi import BEARER

PUBLIC: list = []
AUTHENTICATED = [{BEARER: []}]
OPTIONAL = [{BEARER: []}, {}]  # anonymous callers allowed; a token, when sent, identifies the user


def served_spec(app: Flask) -> dict[str, Any]:
    """The spec as clients get it, from /api/openapi.json."""
    url = f"{app.config['OPENAPI_URL_PREFIX'].rstrip('/')}/{app.config['OPENAPI_JSON_PATH']}"
    response = app.test_client().get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_json()


def entry(spec: dict, op: Operation) -> dict | None:
    return (spec.get("paths", {}).get(op.spec_path) or {}).get(op.method.lower())


def check_routes_declare_security(app: Flask, plugin: str) -> list[str]:
    """Every operation is in the spec and says how it is reached: ``@blp.auth_required``
    (security bearerAuth, a documented 401), ``@blp.public`` (security []) or an optional
    token (security bearerAuth or nothing)."""
    spec = served_spec(app)
    problems = []
    for op in operations(app, plugin):
        doc = entry(spec, op)
        if doc is None:
            problems.append(f"{op} is not in the OpenAPI spec (register routes on a flask-smorest Blueprint)")
        elif "security" not in doc:
            problems.append(f"{op} declares neither @blp.auth_required nor @blp.public")
        elif doc["security"] == AUTHENTICATED:
            if "401" not in doc.get("responses", {}):
                problems.append(f"{op} requires a token but documents no 401 response")
        elif doc["security"] not in (PUBLIC, OPTIONAL):
            problems.append(f"{op} has an unknown security requirement {doc['security']!r}")
    return problems


def check_openapi_documented(app: Flask, plugin: str) -> list[str]:
    """Every operation has a summary, parameter schemas, and a request body and success
    responses with a schema and an example (on the media type or on every property)."""
    spec = served_spec(app)
    problems = []
    for op in operations(app, plugin):
        doc = entry(spec, op)
        if doc is None:
            problems.append(f"{op} is not in the OpenAPI spec")
            continue
        if not (doc.get("summary") or doc.get("description")):
            problems.append(f"{op} has no summary (give the view function a docstring)")
        path_item = spec["paths"][op.spec_path]
        for parameter in [*path_item.get("parameters", []), *doc.get("parameters", [])]:
            parameter = resolve(spec, parameter)
            if "schema" not in parameter and "content" not in parameter:
                problems.append(f"{op}: parameter {parameter.get('name')!r} has no schema")
        if "requestBody" in doc:
            problems += _media_problems(spec, resolve(spec, doc["requestBody"]), f"{op}: request body", "readOnly")
        successes = {code: r for code, r in doc.get("responses", {}).items() if str(code).startswith("2")}
        if not successes:
            problems.append(f"{op} documents no success (2xx) response")
        for code, response in successes.items():
            if str(code) != "204":
                problems += _media_problems(spec, resolve(spec, response), f"{op}: response {code}", "writeOnly")
    return problems


def _media_problems(spec: dict, body: dict, where: str, absent: str) -> list[str]:
    """``absent``: the flag of properties that do not occur in this direction (readOnly in requests)."""
    content = body.get("content") or {}
    if not content:
        return [f"{where} has no content schema"]
    problems = []
    for media_type, media in content.items():
        if "schema" not in media:
            problems.append(f"{where} ({media_type}) has no schema")
        elif "example" not in media and "examples" not in media:
            missing = missing_examples(spec, media["schema"], "body", absent)
            if missing:
                problems.append(f"{where} ({media_type}) has no example for {', '.join(missing)}")
    return problems


def missing_examples(spec: dict, schema: dict, where: str, absent: str = "",
                     seen: frozenset = frozenset()) -> list[str]:
    """Where in ``schema`` a value has neither an example nor an enum to show (empty: fully exemplified).

    Properties flagged ``absent`` (readOnly for a request body, writeOnly for a response) are skipped.
    """
    ref = schema.get("$ref")
    if ref:
        if ref in seen:  # a recursive schema: its other occurrence is checked
            return []
        seen = seen | {ref}
        if where.startswith("body"):  # name the schema: body[].x -> Note[].x
            where = ref.rsplit("/", 1)[-1] + where.removeprefix("body")
        schema = resolve(spec, schema)
    if "example" in schema or "examples" in schema or "enum" in schema or schema.get("format") == "binary":
        return []  # a file's bytes need no example
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            return [m for part in schema[combinator] for m in missing_examples(spec, part, where, absent, seen)]
    if schema.get("type") == "array" or "items" in schema:
        return missing_examples(spec, schema.get("items", {}), f"{where}[]", absent, seen)
    if schema.get("properties"):
        return [m for name, prop in schema["properties"].items() if not prop.get(absent)
                for m in missing_examples(spec, prop, f"{where}.{name}", absent, seen)]
    return [where]


def resolve(spec: dict, node: dict) -> dict:
    """Follow a local ``$ref`` (#/components/...) to what it names."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node
