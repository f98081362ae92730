"""flask-smorest set-up: the API object, the Blueprint class plugins use, offline docs.

Docs are served from files shipped by the openapi-ui-bundles package, so Swagger
UI (/api/docs) and ReDoc (/api/docs/redoc) work with no internet.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import ClassVar

import flask_smorest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint as FlaskBlueprint
from flask import Flask, Response, redirect, send_from_directory, url_for
from flask_jwt_extended import current_user, jwt_required
from openapi_ui_bundles import redoc, swagger_ui

from core.errors import ErrorSchema, http_exception_response
from core.ratelimit import request_identity

BEARER = "bearerAuth"
# The first is the server that serves the document (what Swagger UI's "Try it out" calls); the second
# names any Hygeia server.
SERVERS = [
    {"url": "/", "description": "This server"},
    {"url": "{scheme}://{host}", "description": "A Hygeia server",
     "variables": {"scheme": {"enum": ["https", "http"], "default": "https"},
                   "host": {"default": "127.0.0.1:5000", "description": "host[:port]"}}},
]


HTTP_METHODS = ("get", "put", "post", "delete", "patch")
ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


class CompleteSpec(APISpec):
    """The spec as flask-smorest builds it, completed: an ``operationId`` on every operation (its
    method and path), 429 wherever a rate limit applies, 401 wherever a token is required, and tags
    named by their blueprints' titles (each tag keeps its blueprint's name in ``x-blueprint``)."""

    limited: ClassVar[set] = set()  # HygeiaApi gives each spec its own set and dict
    titles: ClassVar[dict] = {}

    def to_dict(self) -> dict:
        spec = super().to_dict()
        for path, item in spec.get("paths", {}).items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    self._complete(path, method, operation)
                    operation["tags"] = [self.titles.get(tag, tag) for tag in operation.get("tags", [])]
        for tag in spec.get("tags", []):
            if tag["name"] in self.titles:
                tag["x-blueprint"], tag["name"] = tag["name"], self.titles[tag["name"]]
        return spec

    def _complete(self, path: str, method: str, operation: dict) -> None:
        words = [w for w in path.replace("{", "").replace("}", "").split("/") if w and w != "api"]
        operation.setdefault("operationId", "_".join([method, *words]).replace("-", "_"))
        responses = operation.setdefault("responses", {})
        tag = (operation.get("tags") or [None])[0]
        tag = next((name for name, title in self.titles.items() if title == tag), tag)  # renamed already
        if (tag, None) in self.limited or (tag, method.upper()) in self.limited:
            responses.setdefault("429", {"description": "Too many requests: wait for the seconds in Retry-After.",
                                         "content": ERROR_REF})
        if any(BEARER in requirement for requirement in operation.get("security", [])) and \
                {} not in operation.get("security", []):
            responses.setdefault("401", {"description": "Missing, invalid, expired or revoked access token.",
                                         "content": ERROR_REF})


class HygeiaApi(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def __init__(self, *args, **kwargs):
        self.limited: set = set()  # (blueprint name, method or None): filled as plugins' limits are applied
        self.titles: dict[str, str] = {}  # blueprint name -> its tag's name in the spec
        super().__init__(*args, **kwargs)

    def _init_spec(self, *args, **kwargs):
        super()._init_spec(*args, **kwargs)
        self.spec.__class__ = CompleteSpec
        self.spec.limited, self.spec.titles = self.limited, self.titles

    def register_blueprint(self, blp, **options):
        super().register_blueprint(blp, **options)
        title = getattr(blp, "title", "") or blp.name.replace("_", " ").capitalize()
        if title in self.titles.values():  # two blueprints with one title: the second says which it is
            title = f"{title} ({blp.name})"
        self.titles[blp.name] = title

    def handle_http_exception(self, error):
        return http_exception_response(error)


def verified_once(view):
    """``jwt_required()``, but a token the rate limiter verified in full for this request (signature,
    expiry, revocation, the user) is not verified again: one user load and one revocation check."""
    required = jwt_required()(view)

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if request_identity() is not None:
            return view(*args, **kwargs)
        return required(*args, **kwargs)  # raises the precise 401

    return guarded


class Blueprint(flask_smorest.Blueprint):
    """flask_smorest.Blueprint plus the two ways a route is exposed: ``auth_required`` or ``public``.

    ``title`` is the name of its operations' group (tag) in the API docs ("Chat sessions"); the
    ``description`` describes that group. Without a title the blueprint's name is used, capitalised.
    """

    def __init__(self, *args, title: str = "", **kwargs):
        self.title = title
        super().__init__(*args, **kwargs)

    def auth_required(self, view):
        """Require a valid, unrevoked access token; ``core.api.current_user`` is then the caller."""
        guarded = self.doc(security=[{BEARER: []}])(verified_once(view))
        return self.alt_response(401, schema=ErrorSchema,
                                 description="Missing, invalid, expired or revoked access token.")(guarded)

    def public(self, view):
        """Mark a route as reachable without a token (the OpenAPI spec shows no security)."""
        return self.doc(security=[])(view)


def schema_name_resolver(app: Flask):
    """Name plugin schemas after their plugin ("Explanation" of xray -> "XrayExplanation"),
    so two plugins can both have an ExplanationSchema without clashing in the spec."""

    def resolve(schema) -> str:
        cls = resolve_schema_cls(schema)
        name = cls.__name__.removesuffix("Schema") or cls.__name__
        pm = app.extensions.get("hygeia.plugins")
        for plugin in pm.enabled if pm else ():
            package = pm.get_plugin(plugin).__name__
            if cls.__module__ == package or cls.__module__.startswith(package + "."):
                prefix = plugin.title().replace("_", "")
                return name if name.startswith(prefix) else prefix + name
        return name

    return resolve


# The one outside request of the bundled ReDoc: its sidebar's "API docs by Redocly" logo, from a CDN.
# The same logo ships beside the script, so the page is served with the script pointing at that copy.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@functools.lru_cache(maxsize=4)
def _redoc_source(logo_url: str) -> bytes:
    source = (Path(redoc.static_path) / "redoc.standalone.js").read_text(encoding="utf-8")
    return source.replace(REDOC_CDN_LOGO, logo_url).encode("utf-8")


def redoc_script() -> Response:
    body = _redoc_source(url_for("docs_assets.redoc", filename="logo-mini.svg"))
    response = Response(body, mimetype="text/javascript")
    response.cache_control.public, response.cache_control.max_age = True, 3600
    return response


ASYNCAPI_PATH = "/api/asyncapi.json"  # served by core.asyncapi


def init_api(app: Flask) -> HygeiaApi:
    api = HygeiaApi(app, spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name_resolver(app)),
        "info": {"description": "Hygeia: a self-hostable AI healthcare assistant backend. "
                                "Not a doctor: answers are information, not diagnosis.\n\n"
                                f"The WebSocket protocols (live chat replies, health) are described by the "
                                f"AsyncAPI 2.6 document at [{ASYNCAPI_PATH}]({ASYNCAPI_PATH}).",
                 "license": {"name": "MIT"}},
        "servers": SERVERS,
    })
    api.spec.components.security_scheme(BEARER, {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    app.extensions["hygeia.api"] = api
    assets = FlaskBlueprint("docs_assets", __name__, url_prefix="/api/docs/assets")
    assets.add_url_rule("/swagger-ui/<path:filename>", "swagger_ui",
                        lambda filename: send_from_directory(swagger_ui.static_path, filename))
    assets.add_url_rule("/redoc/redoc.standalone.js", "redoc_script", redoc_script)
    assets.add_url_rule("/redoc/<path:filename>", "redoc",
                        lambda filename: send_from_directory(redoc.static_path, filename))
    app.register_blueprint(assets)
    for path in ("/api/docs/", "/api/docs/redoc/"):  # every API route ends in a slash: the docs answer both ways
        app.add_url_rule(path, f"docs_slash_{path.count('/')}", lambda path=path: redirect(path.rstrip("/"), 308))
    return api


__all__ = ["Blueprint", "HygeiaApi", "current_user", "init_api"]
