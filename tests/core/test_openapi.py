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
    conflict = spec["paths"]["/api/auth/register/"]["post"]["responses"]["409"]
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


def test_tags_have_human_names_and_descriptions_and_keep_their_blueprint(make_app):
    spec = make_app().test_client().get("/api/openapi.json").get_json()  # every built-in plugin
    tags = {tag["x-blueprint"]: tag for tag in spec["tags"]}
    assert tags["chat"]["name"] == "Chat sessions" and tags["medications"]["name"] == "Medication reviews"
    assert tags["auth_2fa"]["name"] == "Two-factor login" and tags["research_news"]["name"] == "Health news"
    for blueprint, tag in tags.items():
        assert tag["name"] != blueprint and tag["name"][0].isupper() and tag["description"], tag
    assert len({tag["name"] for tag in spec["tags"]}) == len(spec["tags"])
    names = set(tags[b]["name"] for b in tags)
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch"):
                assert len(operation["tags"]) == 1 and operation["tags"][0] in names
    chat = spec["paths"]["/api/chat-sessions/"]["post"]
    assert chat["tags"] == ["Chat sessions"] and chat["operationId"] == "post_chat_sessions"
    assert "429" in chat["responses"]  # the rate-limit lookup still finds the blueprint behind the title


def test_a_blueprint_without_a_title_is_named_after_itself(make_app):
    import types

    from core.api import Blueprint, Manifest, RateLimit, hookimpl

    blp = Blueprint("untitled_notes", __name__, url_prefix="/api/untitled-notes", description="Notes.")

    @blp.route("/")
    @blp.public
    def notes():
        """List notes."""
        return {}

    plugin = types.ModuleType("fake_untitled")
    plugin.manifest = Manifest(name="untitled", version="0.0.1")
    plugin.register_blueprints = hookimpl(lambda: [blp])
    plugin.register_rate_limits = hookimpl(lambda: [RateLimit("5/minute", "5/minute")])
    spec = make_app({"HYGEIA_PLUGINS": ["untitled"]}, plugins=(plugin,)).test_client().get(
        "/api/openapi.json").get_json()
    tag = next(tag for tag in spec["tags"] if tag["x-blueprint"] == "untitled_notes")
    assert tag["name"] == "Untitled notes"
    assert spec["paths"]["/api/untitled-notes/"]["get"]["tags"] == ["Untitled notes"]


def test_servers_name_this_server_first_and_any_server_second(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["servers"][0]["url"] == "/"
    assert spec["servers"][1]["url"] == "{scheme}://{host}"
    assert spec["servers"][1]["variables"]["scheme"]["enum"] == ["https", "http"]
