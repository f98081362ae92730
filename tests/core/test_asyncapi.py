"""GET /api/asyncapi.json: every WebSocket route, valid for the official AsyncAPI parser, true to the handlers."""

from __future__ import annotations

import ast
import copy
import inspect
import json

import pytest
import websocket

from core.asyncapi import channel_address
from tests import sample_plugin
from tests.asyncapi_tools import ERROR, WARNING, Frames, diagnostics, install_validator

EVERY_PLUGIN = ["symptoms", "xray", "research", "diet", "chat", "medications", "compat"]
# What the parser's lint rules still say of our document, on purpose: the routes really end in a slash
# (as every Hygeia route does), and a self-hosted server has no one contact.
ACCEPTED_WARNINGS = {"asyncapi2-channel-no-trailing-slash", "asyncapi-info-contact"}


@pytest.fixture(scope="module")
def validator():
    return install_validator()


@pytest.fixture
def full_app(make_app):
    return make_app({"HYGEIA_PLUGINS": EVERY_PLUGIN})


def frame_types(tree) -> set[str]:
    """The "type" of every frame literal in a syntax tree: {"type": "done", ...}."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant):
                    found.add(value.value)
    return found


def sent_types(handler) -> set[str]:
    """The frame types a handler's source sends, with the functions of its module it calls (transitively)."""
    module = inspect.getmodule(handler)
    functions = {node.name: node for node in ast.parse(inspect.getsource(module)).body
                 if isinstance(node, ast.FunctionDef)}
    todo, done = [handler.__name__], set()
    while todo:
        name = todo.pop()
        if name in done or name not in functions:
            continue
        done.add(name)
        todo += [n.func.id for n in ast.walk(functions[name]) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return set().union(*(frame_types(functions[name]) for name in done))


def described_types(document: dict, channel: str, operation: str) -> set[str]:
    messages = Frames(document).messages(channel, operation)
    return {m["payload"]["properties"]["type"]["const"] for m in messages if "type" in m["payload"]["properties"]}


def test_the_document_is_public_and_linked_from_the_openapi_spec(client):
    response = client.get("/api/asyncapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["asyncapi"] == "2.6.0" and document["defaultContentType"] == "application/json"
    assert {server["protocol"] for server in document["servers"].values()} == {"ws", "wss"}
    assert all("{host}" == server["url"] and "host" in server["variables"] for server in document["servers"].values())
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    spec = client.get("/api/openapi.json").get_json()
    assert "(/api/asyncapi.json)" in spec["info"]["description"]


def test_the_official_parser_accepts_the_document_with_every_plugin(full_app, validator, tmp_path):
    document = full_app.test_client().get("/api/asyncapi.json").get_json()
    assert "/ws/compat/chat/{session_id}/" in document["channels"]  # compat (opt-in) is on
    found = diagnostics(validator, document, tmp_path)
    errors = [d for d in found if d["severity"] == ERROR]
    assert errors == []
    assert {d["code"] for d in found if d["severity"] == WARNING} <= ACCEPTED_WARNINGS, found


def test_the_parser_rejects_a_broken_document(full_app, validator, tmp_path):
    """The check above can fail: the same document, broken in three ways, is refused with errors."""
    document = full_app.test_client().get("/api/asyncapi.json").get_json()
    broken = copy.deepcopy(document)
    del broken["info"]["version"]
    chat = broken["channels"]["/ws/chat/{session_id}/"]
    chat["parameters"]["not_in_the_address"] = {"schema": {"type": "string"}}
    chat["subscribe"]["message"]["oneOf"][0]["payload"]["$ref"] = "#/components/schemas/Nowhere"
    errors = [d for d in diagnostics(validator, broken, tmp_path) if d["severity"] == ERROR]
    paths = [tuple(d["path"]) for d in errors]
    assert ("info",) in paths or any(p[:1] == ("info",) for p in paths), errors
    assert any("not_in_the_address" in d["message"] or "not_in_the_address" in d["path"] for d in errors), errors
    assert any("Nowhere" in d["message"] for d in errors), errors


def test_every_websocket_route_is_a_channel(full_app):
    document = full_app.test_client().get("/api/asyncapi.json").get_json()
    routes = {rule.rule for rule in full_app.url_map.iter_rules() if rule.rule.startswith("/ws/")}
    assert {"/ws/health/", "/ws/chat/<uuid:session_id>/", "/ws/compat/health/"} <= routes
    assert set(document["channels"]) == {channel_address(route) for route in routes}
    chat = document["channels"]["/ws/chat/{session_id}/"]
    assert chat["parameters"]["session_id"]["schema"] == {"type": "string", "format": "uuid"}
    assert chat["publish"]["security"] == chat["subscribe"]["security"] == [{"bearerAuth": []}]
    assert "security" not in document["channels"]["/ws/health/"]["subscribe"]  # public, like GET /api/health/


def test_every_frame_type_the_handlers_send_is_described(full_app):
    """Read from the handlers' source: each {"type": ...} they send is a message of their channel, and the
    core's own frames (core/websocket.py) are on every authenticated channel."""
    import core.websocket

    document = full_app.test_client().get("/api/asyncapi.json").get_json()
    core_frames = frame_types(ast.parse(inspect.getsource(core.websocket)))
    assert core_frames == {"ready", "error"}
    for socket in full_app.extensions["hygeia.websockets"]:
        channel = channel_address(socket.route.path)
        sent = sent_types(socket.route.handler)
        described = described_types(document, channel, "subscribe")
        assert sent and sent <= described, (channel, sent - described)
        if socket.route.auth:
            assert core_frames <= described and "auth" in described_types(document, channel, "publish")


def test_a_chat_message_is_described_once_for_rest_and_websocket(full_app):
    document = full_app.test_client().get("/api/asyncapi.json").get_json()
    spec = full_app.test_client().get("/api/openapi.json").get_json()
    done = next(m for m in Frames(document).messages("/ws/chat/{session_id}/", "subscribe") if m["name"] == "done")
    assert done["payload"]["properties"]["message"] == {"$ref": "#/components/schemas/ChatMessage"}
    rest = document["components"]["schemas"]["ChatMessage"]
    assert set(rest["properties"]) == set(spec["components"]["schemas"]["ChatMessage"]["properties"])


def test_a_route_without_a_channel_is_listed_with_its_docstring(make_app, sample_tables, validator, tmp_path):
    """The sample plugin's /ws/sample/echo/ declares no channel, like a third-party plugin may not."""
    app = make_app({"HYGEIA_PLUGINS": ["sample"]}, plugins=(sample_plugin,))
    document = app.test_client().get("/api/asyncapi.json").get_json()
    echo = document["channels"]["/ws/sample/echo/"]
    assert echo["description"].startswith(inspect.getdoc(sample_plugin.echo))
    assert "4401" in echo["description"]
    assert described_types(document, "/ws/sample/echo/", "publish") == {"auth"}
    assert described_types(document, "/ws/sample/echo/", "subscribe") == {"ready", "error"}
    assert [d for d in diagnostics(validator, document, tmp_path) if d["severity"] == ERROR] == []


def test_a_channel_cannot_describe_a_parameter_its_path_lacks(make_app):
    import types

    from core.api import Manifest, WebSocketChannel, WebSocketRoute, hookimpl

    plugin = types.ModuleType("fake_drift")
    plugin.manifest = Manifest(name="drift", version="0.0.1")
    channel = WebSocketChannel(description="Notes.", parameters={"note_id": "One of your notes."})
    plugin.register_websockets = hookimpl(lambda: [WebSocketRoute("/ws/drift/live/", sample_plugin.echo,
                                                                  channel=channel)])
    with pytest.raises(ValueError, match="plugin 'drift': .* /ws/drift/live/ .*: note_id"):
        make_app({"HYGEIA_PLUGINS": ["drift"]}, plugins=(plugin,))


def test_the_health_socket_sends_what_the_document_says(app, serve):
    document = app.test_client().get("/api/asyncapi.json").get_json()
    frames = Frames(document)
    ws = websocket.create_connection(serve(app).replace("http", "ws") + "/ws/health/", timeout=10)
    report = frames.check("/ws/health/", json.loads(ws.recv()))
    ws.send("now, please")
    frames.check("/ws/health/", {"anything": 1}, sent_by="client")
    again = frames.check("/ws/health/", json.loads(ws.recv()))
    ws.close()
    assert report["type"] == again["type"] == "health" and report["report"]["status"] in ("ok", "degraded", "down")
    with pytest.raises(AssertionError, match="no subscribe message"):
        frames.check("/ws/health/", {"type": "health", "report": {"status": "ok"}, "extra": True})
