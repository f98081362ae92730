"""Walk the app's own OpenAPI spec: its operations, a valid body for each from the schema's
examples, and real record ids seeded through the API, so suites built on it cover a new
endpoint (or a new plugin) with no change."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"{([^}]+)}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the spec, with {name} parameters
    spec: dict = field(compare=False, hash=False, repr=False)

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def requires_token(self) -> bool:
        """Secured with a bearer token and no anonymous alternative (``{}``)."""
        security = self.spec.get("security", [])
        return bool(security) and {} not in security

    @property
    def body_type(self) -> str | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        return next(iter(content), None)

    @property
    def collections(self) -> list[str]:
        """The collection each parameter names a record of: /api/x/{a}/y/{b}/ -> [/api/x/, /api/x/{a}/y/]."""
        return [self.path[:m.start()] for m in PARAM.finditer(self.path)]

    def url(self, ids: dict[str, str]) -> str:
        """The path with each parameter replaced by the id recorded for its collection."""
        return PARAM.sub(lambda m: str(ids[self.path[:m.start()]]), self.path)

    def fillable(self, ids: dict[str, str]) -> bool:
        return all(c in ids for c in self.collections)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(spec: dict) -> list[Operation]:
    return [Operation(method, path, op) for path, ops in spec["paths"].items()
            for method, op in ops.items() if method in METHODS]


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def example_value(spec: dict, schema: dict) -> Any:
    """A valid value for ``schema``: its example, else the smallest one its constraints allow."""
    schema = resolve(spec, schema)
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = set(schema.get("required", [])) | {k for k, v in props.items() if "example" in resolve(spec, v)}
        return {k: example_value(spec, props[k]) for k in props if k in wanted and not props[k].get("readOnly")}
    if kind == "array":
        count = max(1, schema.get("minItems", 0))
        return [example_value(spec, schema.get("items", {})) for _ in range(count)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return float(max(schema.get("minimum", 1), 1))
    if kind == "boolean":
        return True
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    return "x" * max(1, schema.get("minLength", 4))


def request_kwargs(spec: dict, op: Operation, files: dict[str, bytes] | None = None) -> dict:
    """Keyword arguments for a Flask test client call that sends ``op`` a valid body."""
    kind = op.body_type
    if kind is None:
        return {}
    schema = op.spec["requestBody"]["content"][kind].get("schema", {})
    if kind == "application/json":
        return {"json": example_value(spec, schema)}
    if kind == "multipart/form-data":
        data = {}
        for name, prop in resolve(spec, schema).get("properties", {}).items():
            if prop.get("format") == "binary":
                payload = (files or {}).get(op.path, b"")
                data[name] = (BytesIO(payload), f"{name}.png")
            else:
                data[name] = str(example_value(spec, prop))
        return {"data": data, "content_type": "multipart/form-data"}
    return {}


def is_collection(ops: list[Operation], path: str) -> bool:
    """``path`` has an item route below it: /api/x/ with /api/x/{id}/."""
    return any(re.fullmatch(re.escape(path) + r"{[^}]+}/?", op.path) for op in ops)


def ids_in(body: Any) -> list[str]:
    """Every "id" of a dict in ``body``, outermost first (a create's record, then nested ones)."""
    found: list[str] = []
    stack = [body]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                found.append(item["id"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def seed(client, spec: dict, headers: dict, files: dict[str, bytes] | None = None) -> dict[str, str]:
    """Create one record per creatable collection as the user of ``headers``; return record ids by
    collection path ({"/api/consultations/": ..., "/api/chat-sessions/{session_id}/messages/": ...}).
    Collections are created shallow first, so nested ones find their parent's id; then lists fill in
    records made another way (login sessions)."""
    ops = operations(spec)
    ids: dict[str, str] = {}
    creators = sorted((op for op in ops if op.method == "post" and op.spec.get("security")),
                      key=lambda op: op.path.count("/"))
    for op in creators:
        if op.path in ids or not is_collection(ops, op.path) or not op.fillable(ids):
            continue
        response = client.post(op.url(ids), headers=headers, **request_kwargs(spec, op, files))
        found = ids_in(response.get_json(silent=True)) if response.status_code < 300 else []
        if found:
            ids[op.path] = found[0]
    for op in ops:
        if (op.method == "get" and op.requires_token and op.path not in ids and is_collection(ops, op.path)
                and op.fillable(ids)):
            response = client.get(op.url(ids), headers=headers)
            body = response.get_json(silent=True) if response.status_code == 200 else None
            items = body.get("items") if isinstance(body, dict) else body
            if items:
                ids[op.path] = items[0]["id"]
    return ids
