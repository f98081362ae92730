"""Each contract check catches the mistake it exists for (and passes the sample plugin)."""

import sys
import types

import click
import marshmallow as ma
import pytest
from sqlalchemy import ForeignKey, Integer, Uuid
from sqlalchemy.orm import mapped_column

import tests.sample_plugin as sample_plugin
from core import contract
from core.api import Blueprint, Manifest, RateLimit, WebSocketRoute, db, hookimpl


def fake_plugin(name, **hooks):
    module = types.ModuleType(f"fake_{name}")
    module.manifest = Manifest(name=name, version="0.0.1")
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


class ThingSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "3f2c8a4e-1b7d-4c55-9a0e-2d6f1e8b9c70"})
    name = ma.fields.String(required=True, metadata={"example": "aspirin"})


class BareSchema(ma.Schema):
    name = ma.fields.String(required=True)


def web_plugin(name, *, limits=(), sockets=(), decorate=None, schema=ThingSchema, example=None):
    """A plugin with one GET and one POST route on blueprint ``name``."""
    blp = Blueprint(name, __name__, url_prefix=f"/api/{name}", description="Things.")
    guard = decorate or blp.auth_required

    @blp.route("/", methods=["GET"], endpoint="list")
    @guard
    @blp.response(200, schema(many=True), example=example)
    def list_things():
        """List things."""
        return []

    @blp.route("/", methods=["POST"], endpoint="create")
    @guard
    @blp.arguments(schema)
    @blp.response(201, schema)
    def create_thing(data):
        """Create a thing."""
        return data

    return fake_plugin(name, register_blueprints=lambda: [blp], register_rate_limits=lambda: list(limits),
                       register_websockets=lambda: list(sockets))


LIMIT = RateLimit(authenticated="10/minute", anonymous="5/minute")


def test_well_made_plugin_passes_the_route_checks(make_app):
    plugin = web_plugin("good", limits=[LIMIT])
    app = make_app({"HYGEIA_PLUGINS": ["good"], "RATELIMIT_ENABLED": False}, plugins=(plugin,))
    assert contract.check_routes_declare_security(app, "good") == []
    assert contract.check_openapi_documented(app, "good") == []
    assert contract.check_rate_limits_declared(app, "good") == []
    assert contract.check_routes_refuse_anonymous(app, "good") == []


def test_a_route_neither_authenticated_nor_public_is_reported(make_app):
    plugin = web_plugin("loose", limits=[LIMIT], decorate=lambda view: view)
    app = make_app({"HYGEIA_PLUGINS": ["loose"]}, plugins=(plugin,))
    assert contract.check_routes_declare_security(app, "loose") == [
        "GET /api/loose/ declares neither @blp.auth_required nor @blp.public",
        "POST /api/loose/ declares neither @blp.auth_required nor @blp.public",
    ]


def test_a_route_documented_as_authenticated_but_open_is_caught_by_a_request(make_app):
    blp = Blueprint("liar", __name__, url_prefix="/api/liar")

    @blp.route("/", methods=["GET"])
    @blp.doc(security=[{"bearerAuth": []}])
    @blp.response(200, ThingSchema(many=True))
    def open_list():
        """Claims a token, checks none."""
        return []

    plugin = fake_plugin("liar", register_blueprints=lambda: [blp], register_rate_limits=lambda: [LIMIT])
    app = make_app({"HYGEIA_PLUGINS": ["liar"], "RATELIMIT_ENABLED": False}, plugins=(plugin,))
    # The spec documents the 401 of every route that claims a token; requests show whether it is true.
    assert contract.check_routes_declare_security(app, "liar") == []
    assert contract.check_routes_refuse_anonymous(app, "liar") == [
        "GET /api/liar/ with no token answered 200, not 401",
        "GET /api/liar/ with a malformed token answered 200, not 401",
    ]


def test_missing_examples_are_listed_field_by_field_and_a_media_example_suffices(make_app):
    bare = web_plugin("bare", limits=[LIMIT], schema=BareSchema)
    app = make_app({"HYGEIA_PLUGINS": ["bare"]}, plugins=(bare,))
    assert contract.check_openapi_documented(app, "bare") == [
        "GET /api/bare/: response 200 (application/json) has no example for Bare[].name",
        "POST /api/bare/: request body (application/json) has no example for Bare.name",
        "POST /api/bare/: response 201 (application/json) has no example for Bare.name",
    ]
    shown = web_plugin("shown", limits=[LIMIT], schema=BareSchema, example=[{"name": "aspirin"}])
    app = make_app({"HYGEIA_PLUGINS": ["shown"]}, plugins=(shown,))
    problems = contract.check_openapi_documented(app, "shown")
    assert not any(p.startswith("GET") for p in problems) and len(problems) == 2


def test_routes_and_sockets_without_a_covering_limit_are_reported(make_app):
    post_only = RateLimit(authenticated="10/minute", anonymous="5/minute", blueprints=["capped"], methods=["POST"])
    plugin = web_plugin("capped", limits=[post_only],
                        sockets=[WebSocketRoute("/ws/capped/feed/", lambda ws, user: None)])
    app = make_app({"HYGEIA_PLUGINS": ["capped"]}, plugins=(plugin,))
    assert contract.check_rate_limits_declared(app, "capped") == [
        "GET /api/capped/ is under no rate limit",
        "WebSocket messages are under no rate limit (only a RateLimit without `blueprints` "
        "applies to WebSocket routes)",
    ]
    assert contract.check_routes_report_rate_limits(app, "capped") == [
        "GET /api/capped/ answered without X-RateLimit-Limit: no limit was applied"]
    unlimited = web_plugin("unlimited")
    app = make_app({"HYGEIA_PLUGINS": ["unlimited"]}, plugins=(unlimited,))
    assert contract.check_rate_limits_declared(app, "unlimited") == [
        "plugin 'unlimited' serves routes but register_rate_limits declares no RateLimit"]


class RogueThing(db.Model):
    __tablename__ = "rogue_things"
    __module__ = "fake_rogue"
    id = mapped_column(Integer, primary_key=True)


def test_contributions_made_behind_the_hooks_backs_are_reported(make_app):
    def startup(app):
        app.before_request(lambda: None)
        app.add_url_rule("/api/rogue-side-door", "side_door", lambda: "hi")
        app.cli.add_command(click.Command("rogue-cmd"))
        app.extensions["stolen"] = True
        app.config["DEBUG_TOOLBAR"] = True
        app.config["ROGUE_LEVEL"] = 3  # a setting under the plugin's own prefix is fine

    plugin = fake_plugin("rogue", startup=startup)
    core_only = make_app({"HYGEIA_PLUGINS": []})
    app = make_app({"HYGEIA_PLUGINS": ["rogue"]}, plugins=(plugin,))
    problems = contract.check_registers_only_through_hooks(core_only, app, "rogue")
    assert sorted(problems) == sorted([
        "route /api/rogue-side-door (side_door) is not on a blueprint or WebSocket route the plugin's hooks returned",
        "app-wide before_request_funcs were added (request hooks belong on the plugin's blueprints)",
        "CLI command 'rogue-cmd' was added outside register_commands (plugin commands live under `flask rogue ...`)",
        "app.extensions['stolen'] was added; a plugin keeps its state under its own name",
        "config key 'DEBUG_TOOLBAR' was added; a plugin's settings are named ROGUE_...",
        "model RogueThing (table rogue_things) is defined by the plugin but not returned by register_models",
    ])


def test_the_sample_plugin_registers_only_through_hooks_and_disappears(make_app):
    core_only = make_app({"HYGEIA_PLUGINS": []}, plugins=(sample_plugin,))
    app = make_app({"HYGEIA_PLUGINS": ["sample"]}, plugins=(sample_plugin,))
    assert contract.check_registers_only_through_hooks(core_only, app, "sample") == []
    assert contract.check_disappears_when_disabled(app, core_only, "sample") == []
    still_there = contract.check_disappears_when_disabled(app, app, "sample")
    assert "the plugin is still registered with the plugin manager" in still_there
    assert "route /api/sample-notes/<uuid:note_id>/ is still served" in still_there
    assert "the OpenAPI spec still lists /api/sample-notes/" in still_there
    assert "job sample:tests.sample_plugin.tidy is still registered" in still_there
    assert "`flask sample` commands are still there" in still_there


def test_imports_of_core_internals_and_other_plugins_are_reported(installed, make_app, tmp_path):
    installed({}, {})
    package = tmp_path / "leaky_plugin"
    (package / "migrations").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from core.api import Manifest\nmanifest = Manifest(name='leaky', version='1.0.0')\n")
    (package / "services.py").write_text(
        "from core.extensions import db\nfrom core import api, jobs\nimport tests.sample_plugin.models\n")
    (package / "migrations" / "leaky_0001.py").write_text("from core.extensions import db\n")
    import leaky_plugin

    try:
        app = make_app({"HYGEIA_PLUGINS": ["leaky", "sample"]}, plugins=(leaky_plugin, sample_plugin))
        assert contract.check_imports(app, "leaky") == [
            "services.py:1 imports core.extensions; a plugin imports only core.api from the core",
            "services.py:2 imports core.jobs; a plugin imports only core.api from the core",
            "services.py:3 imports tests.sample_plugin.models, which belongs to another plugin "
            "(use the ai_context hook or a declared requirement instead)",
        ]
        assert contract.check_imports(app, "sample") == []
    finally:
        sys.modules.pop("leaky_plugin", None)


MODEL = """
from sqlalchemy import Integer, String
from sqlalchemy.orm import mapped_column
from core.api import db, hookimpl, Manifest

manifest = Manifest(name="{name}", version="1.0.0")

class Item(db.Model):
    __tablename__ = "{name}_items"
    id = mapped_column(Integer, primary_key=True)
    label = mapped_column(String(40), nullable=False)

@hookimpl
def register_models():
    return [Item]
"""

SLOPPY_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "sloppy_0001"
down_revision = None
branch_labels = ("sloppy",)
depends_on = "core_0001"

def upgrade():
    op.create_table("sloppy_items", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    pass
"""


def test_migrations_that_drift_from_the_models_or_do_not_go_down_are_reported(
        installed, make_app, hygeia_backend, tmp_path):
    installed({"sloppy": "sloppy", "nomig": "nomig"})
    for name in ("sloppy", "nomig"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(MODEL.format(name=name))
    (tmp_path / "sloppy" / "migrations").mkdir()
    (tmp_path / "sloppy" / "migrations" / "sloppy_0001_items.py").write_text(SLOPPY_MIGRATION)
    with contract.fresh_database(hygeia_backend) as url:
        app = make_app({"HYGEIA_PLUGINS": ["sloppy"], "SQLALCHEMY_DATABASE_URI": url})
        problems = contract.check_migrations_round_trip(app, "sloppy")
    assert problems[:2] == [
        "the migrations and the models differ: add_column sloppy_items label",
        "`flask db downgrade sloppy@base` left table sloppy_items",
    ]
    assert len(problems) == 3 and problems[2].startswith("`flask db upgrade` failed")  # the table is still there
    with contract.fresh_database(hygeia_backend) as url:
        app = make_app({"HYGEIA_PLUGINS": ["nomig"], "SQLALCHEMY_DATABASE_URI": url})
        assert contract.check_migrations_round_trip(app, "nomig") == [
            "plugin 'nomig' has models but no migrations/ folder next to its module"]


def test_a_plugin_imported_by_another_one_is_loaded_while_disabled(installed, tmp_path, monkeypatch):
    installed({"lender": "lender", "borrower": "borrower"}, {
        "lender.py": "from core.api import Manifest\nmanifest = Manifest(name='lender', version='1.0.0')\n",
        "borrower.py": "import lender\nfrom core.api import Manifest\n"
                       "manifest = Manifest(name='borrower', version='1.0.0')\n",
    })
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    assert contract.check_not_imported_when_disabled("lender", "lender", ["borrower"]) == [
        "lender is imported although 'lender' is disabled"]
    assert contract.check_not_imported_when_disabled("borrower", "borrower", ["lender"]) == []


@pytest.mark.parametrize("path", ["/ws/good/feed/", "/ws/good/<uuid:room>/"])
def test_websockets_without_auth_are_reported_and_with_auth_pass(make_app, serve, path):
    def handler(ws, user, **args):
        ws.send('{"type": "error", "error": "nope"}')

    open_socket = fake_plugin("good", register_websockets=lambda: [WebSocketRoute(path, handler, auth=False)],
                              register_rate_limits=lambda: [LIMIT])
    app = make_app({"HYGEIA_PLUGINS": ["good"]}, plugins=(open_socket,))
    assert contract.check_websockets_refuse_anonymous(app, "good", serve(app)) == []  # declared public
    guarded = fake_plugin("good", register_websockets=lambda: [WebSocketRoute(path, handler)],
                          register_rate_limits=lambda: [LIMIT])
    app = make_app({"HYGEIA_PLUGINS": ["good"]}, plugins=(guarded,))
    assert contract.check_websockets_refuse_anonymous(app, "good", serve(app)) == []


def test_an_optional_token_is_a_declared_mode_and_files_need_no_example(make_app):
    blp = Blueprint("optional", __name__, url_prefix="/api/optional")

    @blp.route("/", methods=["POST"])
    @blp.doc(security=[{"bearerAuth": []}, {}])
    @blp.arguments(ThingSchema)
    @blp.response(200, ThingSchema)
    def maybe_stored(data):
        """Answers anyone; stores the answer for a signed-in caller."""
        return data

    @blp.route("/picture.png", methods=["GET"])
    @blp.public
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="image/png")
    def picture():
        """A PNG."""
        return b"\x89PNG"

    plugin = fake_plugin("optional", register_blueprints=lambda: [blp], register_rate_limits=lambda: [LIMIT])
    app = make_app({"HYGEIA_PLUGINS": ["optional"], "RATELIMIT_ENABLED": False}, plugins=(plugin,))
    assert contract.check_routes_declare_security(app, "optional") == []
    assert contract.check_openapi_documented(app, "optional") == []
    assert contract.check_routes_refuse_anonymous(app, "optional") == []  # anonymous callers are allowed


class LooseRow(db.Model):
    __tablename__ = "loose_rows"
    __module__ = "fake_loose"
    id = mapped_column(Integer, primary_key=True)
    user_id = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)


def test_per_user_rows_must_cascade_and_be_exported_by_hooks_that_answer_for_anyone(make_app, sample_tables):
    calls = []

    def user_deleted(user_id):
        calls.append(user_id)
        if len(calls) > 1:
            raise FileNotFoundError("already gone")

    loose = fake_plugin("loose", register_models=lambda: [LooseRow], user_deleted=user_deleted)
    app = make_app({"HYGEIA_PLUGINS": ["loose"]}, plugins=(loose,))
    assert contract.check_user_data_hooks(app, "loose") == [
        "loose_rows.user_id references users without ON DELETE CASCADE: deleting an account would fail "
        "or leave its rows",
        "it keeps rows per user (loose_rows) but does not implement export_user_data, so the user's export "
        "leaves them out",
        "user_deleted failed on its second call for the same user (it must be idempotent): "
        "plugin 'loose': hook user_deleted raised FileNotFoundError('already gone')",
    ]
    odd = fake_plugin("odd", export_user_data=lambda user_id: {"when": object()})
    app = make_app({"HYGEIA_PLUGINS": ["odd"]}, plugins=(odd,))
    assert contract.check_user_data_hooks(app, "odd") == [
        "export_user_data returned data that is not JSON-able: object is not JSON-able"]
    app = make_app({"HYGEIA_PLUGINS": ["sample"]}, plugins=(sample_plugin,))
    assert contract.check_user_data_hooks(app, "sample") == []
