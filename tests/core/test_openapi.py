"""The OpenAPI spec is valid and documents auth; the docs pages work with no internet."""

import re
from pathlib import Path
from urllib.parse import urljoin

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


# What makes a browser fetch a URL: attributes of HTML tags, CSS imports and url(), and a script's own
# src/href values (ReDoc builds its <img src=...> in JavaScript) or fetch() calls.
HTML_LOADS = re.compile(r"<(?:script|img|link|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
CSS_LOADS = re.compile(r"@import\s+(?:url\()?[\"']?([^\"')\s;]+)|url\(\s*[\"']?([^\"')]+)", re.IGNORECASE)
SCRIPT_LOADS = re.compile(r"\b(?:src|srcset)\s*[:=]\s*[\"'`]((?:https?:)?//[^\"'`]+)|fetch\(\s*[\"'`]((?:https?:)?//[^\"'`]+)")


def loaded_urls(client, page: str) -> tuple[set[str], set[str]]:
    """(outside URLs, local paths) that a browser showing ``page`` loads, following its local scripts and CSS."""
    outside, local, todo = set(), set(), [page]
    while todo:
        path = todo.pop()
        if path in local:
            continue
        local.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        if path.endswith(".css"):
            found = [a or b for a, b in CSS_LOADS.findall(text)]
        elif path.endswith(".js"):
            found = [a or b for a, b in SCRIPT_LOADS.findall(text)]
        else:
            found = HTML_LOADS.findall(text) + [a or b for a, b in CSS_LOADS.findall(text)]
        for url in found:
            if url.startswith(("data:", "#")):
                continue
            if url.startswith(("http:", "https:", "//")):
                outside.add(url)
            else:
                todo.append(urljoin(path, url))
    return outside, local


def test_swagger_ui_and_redoc_load_nothing_from_outside(client):
    for page, script in (("/api/docs", "/api/docs/assets/swagger-ui/swagger-ui-bundle.js"),
                         ("/api/docs/redoc", "/api/docs/assets/redoc/redoc.standalone.js")):
        outside, local = loaded_urls(client, page)
        assert outside == set(), (page, outside)
        assert script in local
    assert len(client.get("/api/docs/assets/swagger-ui/swagger-ui-bundle.js").data) > 100_000


def test_redoc_shows_its_logo_from_this_server_not_the_cdn(client):
    """The bundled ReDoc would fetch cdn.redoc.ly/redoc/logo-mini.svg at every visit; the page's copy of the
    script takes the logo shipped beside it instead."""
    from openapi_ui_bundles import redoc

    shipped = (Path(redoc.static_path) / "redoc.standalone.js").read_text(encoding="utf-8")
    assert "https://cdn.redoc.ly/redoc/logo-mini.svg" in shipped  # what the check below guards against
    served = client.get("/api/docs/assets/redoc/redoc.standalone.js").get_data(as_text=True)
    assert "cdn.redoc.ly" not in served and 'src:"/api/docs/assets/redoc/logo-mini.svg"' in served
    assert len(served) == len(shipped) - len("https://cdn.redoc.ly/redoc/logo-mini.svg") + len(
        "/api/docs/assets/redoc/logo-mini.svg")
    logo = client.get("/api/docs/assets/redoc/logo-mini.svg")
    assert logo.status_code == 200 and b"<svg" in logo.data


def test_swagger_ui_shows_no_online_validator_badge(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert re.search(r"override_config = \{\s*\"validatorUrl\": null\s*\}", page), page


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
    names = {tag["name"] for tag in tags.values()}
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
