"""Every error, whatever raised it, has one JSON shape."""

from core.errors import abort

SHAPE = {"status", "error", "message"}


def assert_shape(response, status, error):
    body = response.get_json()
    assert response.status_code == status
    assert SHAPE <= set(body) <= SHAPE | {"details"}
    assert body["status"] == status and body["error"] == error
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_unknown_route_is_404(client):
    assert_shape(client.get("/api/nothing-here/"), 404, "not_found")


def test_wrong_method_is_405_with_allow_header(client):
    response = client.delete("/api/auth/login/")
    assert_shape(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_malformed_json_is_a_4xx(client):
    response = client.post("/api/auth/login/", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert_shape(response, response.status_code, response.get_json()["error"])


def test_oversized_body_is_413(make_app):
    client = make_app({"MAX_CONTENT_LENGTH": 1024}).test_client()
    response = client.post("/api/auth/register/", data="x" * 4096, content_type="application/json")
    assert_shape(response, 413, "payload_too_large")


def test_abort_carries_code_details_and_headers(make_app):
    app = make_app()

    @app.get("/boom-409")
    def boom():
        abort(409, "Already there.", error="duplicate", details={"id": "x"}, headers={"X-Why": "test"})

    response = app.test_client().get("/boom-409")
    body = assert_shape(response, 409, "duplicate")
    assert body["details"] == {"id": "x"} and response.headers["X-Why"] == "test"


def test_unhandled_exception_is_500_without_leaking_internals(make_app, caplog):
    app = make_app({"PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom-500")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom-500")
    body = assert_shape(response, 500, "internal_error")
    assert "secret" not in body["message"]
