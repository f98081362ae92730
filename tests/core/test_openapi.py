"""The OpenAPI spec is valid and documents auth; the docs pages work with no internet."""

from openapi_spec_validator import validate


def test_spec_is_valid_openapi_3(client):
    spec = client.get("/api/openapi.json").get_json()
    validate(spec)
    assert spec["info"]["title"] == "Hygeia API"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_protected_operations_declare_bearer_auth_and_public_ones_none(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert paths["/api/profile/"]["get"]["security"] == [{"bearerAuth": []}]
    assert "401" in paths["/api/profile/"]["patch"]["responses"]
    assert paths["/api/auth/login/"]["post"]["security"] == []
    assert paths["/api/health/"]["get"]["security"] == []


def test_errors_are_documented_with_the_error_schema(client):
    spec = client.get("/api/openapi.json").get_json()
    schema = spec["components"]["schemas"]["Error"]
    assert set(schema["required"]) == {"status", "error", "message"}
    conflict = spec["paths"]["/api/auth/login/"]["post"]["responses"]["401"]
    assert conflict["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_swagger_ui_and_redoc_load_only_local_assets(client):
    swagger = client.get("/api/docs").get_data(as_text=True)
    redoc = client.get("/api/docs/redoc").get_data(as_text=True)
    assert "/api/docs/assets/swagger-ui/swagger-ui-bundle.js" in swagger
    assert "/api/docs/assets/redoc/redoc.standalone.js" in redoc
    for page in (swagger, redoc):
        assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    js = client.get("/api/docs/assets/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.data) > 100_000
    assert client.get("/api/docs/assets/redoc/redoc.standalone.js").status_code == 200


def test_the_docs_answer_with_and_without_the_trailing_slash(client):
    for path in ("/api/docs", "/api/docs/redoc"):
        assert client.get(path).status_code == 200
        moved = client.get(path + "/")
        assert moved.status_code == 308 and moved.headers["Location"].endswith(path)
        assert client.get(path + "/", follow_redirects=True).status_code == 200


def test_every_operation_has_an_id_and_documents_401_and_429_where_they_can_happen(make_app):
    from openapi_spec_validator import validate

    app = make_app()  # every built-in plugin
    spec = app.test_client().get("/api/openapi.json").get_json()
    validate(spec)
    operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
                  if method in ("get", "put", "post", "delete", "patch")]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)) == len(operations)
    for path, method, op in operations:
        if {"bearerAuth": []} in op.get("security", []) and {} not in op["security"]:
            assert "401" in op["responses"], (path, method)
        if path != "/api/health/":
            assert "429" in op["responses"], (path, method)  # every route but the health check is limited
    assert "429" not in spec["paths"]["/api/health/"]["get"]["responses"]
