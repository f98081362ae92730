"""The access matrix, generated from the app's own OpenAPI spec (every enabled plugin):

- every token-guarded operation answers 401 in the one error shape to an anonymous caller;
- every operation on a record id answers 404 to another signed-in user, never the record;
- every list answers the owner's records and never another user's.

User A's records are created through the API from the spec's examples (tests.reliability.spec_walk),
so a new endpoint or plugin is covered without touching this file.
"""

from __future__ import annotations

import json

import pytest

from tests.reliability.spec_walk import is_collection, operations, request_kwargs, seed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def matrix(full_app, spec, make_user, upload_files):
    client = full_app.test_client()
    owner, other = make_user(), make_user()
    ids = seed(client, spec, owner.headers, upload_files)
    return client, owner, other, ids


def _error_shape(response, status: int) -> dict:
    body = response.get_json()
    assert response.status_code == status, (response.status_code, body)
    assert body["status"] == status and body["error"] and body["message"], body
    return body


def test_anonymous_callers_get_401_on_every_guarded_operation(matrix, spec):
    client, _owner, _other, ids = matrix
    guarded = [op for op in operations(spec) if op.requires_token]
    assert len(guarded) >= 20
    for op in guarded:
        url = op.url(ids) if op.fillable(ids) else op.url({c: "00000000-0000-4000-8000-000000000000"
                                                           for c in op.collections})
        response = client.open(url, method=op.method.upper(), **request_kwargs(spec, op))
        assert _error_shape(response, 401)["error"] == "unauthorized", str(op)


def test_every_record_operation_answers_404_to_another_user(matrix, spec, upload_files):
    client, owner, other, ids = matrix
    record_ops = [op for op in operations(spec) if op.collections and op.requires_token]
    assert record_ops, "the spec has no operation on a record id"
    unseeded = sorted(str(op) for op in record_ops if not op.fillable(ids))
    assert unseeded == [], f"no record could be created through the API for: {unseeded}"
    owned_ids = set(ids.values())
    for op in sorted(record_ops, key=lambda op: op.method == "delete"):  # deletes last
        response = client.open(op.url(ids), method=op.method.upper(), headers=other.headers,
                               **request_kwargs(spec, op, upload_files))
        body = _error_shape(response, 404)
        assert not owned_ids & set(json.dumps(body).split('"')), f"{op} leaked an id: {body}"
    # The records are real: their owner still reaches every one of them afterwards.
    for op in record_ops:
        if op.method == "get":
            response = client.get(op.url(ids), headers=owner.headers)
            assert response.status_code in (200, 409), (str(op), response.status_code, response.get_data()[:200])


def _items(response) -> list[dict]:
    body = response.get_json()
    return body if isinstance(body, list) else body["items"]


def test_lists_show_the_owner_their_records_and_nobody_else(matrix, spec):
    client, owner, other, ids = matrix
    ops = operations(spec)
    lists = [op for op in ops if op.method == "get" and op.requires_token and is_collection(ops, op.path)
             and op.fillable(ids)]
    assert lists
    for op in lists:
        mine = client.get(op.url(ids), headers=owner.headers)
        assert mine.status_code == 200, str(op)
        assert ids[op.path] in {item["id"] for item in _items(mine)}, str(op)
        if op.collections:  # a nested list: the parent itself is another user's record -> 404
            _error_shape(client.get(op.url(ids), headers=other.headers), 404)
            continue
        theirs = _items(client.get(op.url(ids), headers=other.headers))
        assert not {item["id"] for item in theirs} & set(ids.values()), str(op)


def test_every_websocket_on_a_record_answers_not_found_to_another_user(full_app, spec, matrix, serve):
    """WebSocket routes with a record id (e.g. /ws/chat/<uuid:session_id>/): the id is matched to the REST
    collection whose item parameter has the same name, and another user's valid token gets 4404."""
    import re

    import websocket

    client, owner, other, ids = matrix
    by_param = {}
    for op in operations(spec):
        for collection, param in zip(op.collections, re.findall(r"{([^}]+)}", op.path)):
            if collection in ids:
                by_param[param] = ids[collection]
    base = serve(full_app).replace("http://", "ws://")
    routes = [r.rule for r in full_app.url_map.iter_rules() if r.rule.startswith("/ws/") and "<uuid:" in r.rule]
    assert routes
    for rule in routes:
        names = re.findall(r"<uuid:([^>]+)>", rule)
        assert all(n in by_param for n in names), f"no REST record found for the parameters of {rule}"
        path = re.sub(r"<uuid:([^>]+)>", lambda m: by_param[m.group(1)], rule)
        ws = websocket.create_connection(base + path, timeout=10,
                                         header=[f"Authorization: Bearer {other.access_token}"])
        try:
            refusal = json.loads(ws.recv())
            while refusal.get("type") == "ready":  # the core's authentication succeeded; the plugin answers next
                assert refusal["user_id"] == str(other.id)
                refusal = json.loads(ws.recv())
            opcode, frame = ws.recv_data(control_frame=True)
        finally:
            ws.close()
        assert refusal["type"] == "error" and refusal["error"] == "not_found", (rule, refusal)
        assert opcode == websocket.ABNF.OPCODE_CLOSE and int.from_bytes(frame[:2], "big") == 4404, rule
