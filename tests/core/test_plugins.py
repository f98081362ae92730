"""Plugin discovery, selection, ordering, attribution and failure handling."""

import json
import types

import pytest

import tests.sample_plugin as sample_plugin
from core.api import Blueprint, Manifest, hookimpl
from core.plugin_manager import PluginError, PluginManager


def fake_plugin(name, requires=(), **hooks):
    module = types.ModuleType(f"fake_{name}")
    module.manifest = Manifest(name=name, version="0.0.1", requires=requires)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def test_entry_point_plugins_are_discovered_and_enabled(installed, make_app, sample_tables):
    installed({"sample": "tests.sample_plugin"})
    assert PluginManager.installed()["sample"].value == "tests.sample_plugin"
    app = make_app({"HYGEIA_PLUGINS": ["sample"]})
    assert app.extensions["hygeia.plugins"].enabled == ["sample"]
    assert "/api/sample-notes/" in {rule.rule for rule in app.url_map.iter_rules()}


def test_unknown_plugin_name_fails_start_up_clearly(make_app):
    with pytest.raises(PluginError, match="'nope'.*enabled in HYGEIA_PLUGINS but not installed"):
        make_app({"HYGEIA_PLUGINS": ["nope"]})


def test_a_disabled_plugin_is_never_imported_and_contributes_nothing(installed, make_app):
    installed({"explosive": "explosive_plugin"}, {"explosive_plugin.py": "raise ImportError('imported!')"})
    app = make_app({"HYGEIA_PLUGINS": []}, plugins=(sample_plugin,))
    client = app.test_client()
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert not any("sample" in rule for rule in rules)
    assert not any("sample" in path for path in client.get("/api/openapi.json").get_json()["paths"])
    assert app.extensions["hygeia.plugins"].enabled == []
    job_names = app.extensions["hygeia.jobs"].names()
    assert all(name.startswith("core:") for name in job_names)  # only the core's own jobs
    assert {"core:core.auth.tokens.purge_expired_revocations", "core:core.health.service.run_scheduled_check"} <= set(
        job_names)
    assert "sample" not in client.get("/api/health/").get_json()["plugins"]
    assert "sample" not in app.cli.commands


def test_an_enabled_plugin_that_cannot_import_names_itself(installed, make_app):
    installed({"explosive": "explosive_plugin"}, {"explosive_plugin.py": "raise ImportError('imported!')"})
    with pytest.raises(PluginError, match="plugin 'explosive': cannot be imported: ImportError"):
        make_app({"HYGEIA_PLUGINS": ["explosive"]})


@pytest.mark.parametrize("module, message", [
    (fake_plugin("raiser", register_blueprints=lambda: 1 / 0), "hook register_blueprints raised ZeroDivisionError"),
    (fake_plugin("badtype", register_blueprints=lambda: "bp"), "register_blueprints must return a list"),
    (fake_plugin("badbp", register_blueprints=lambda: [Blueprint("other", __name__, url_prefix="/api/x")]),
     "blueprint 'other' must be named badbp"),
    (fake_plugin("badprefix", register_blueprints=lambda: [Blueprint("badprefix", __name__, url_prefix="/x")]),
     "url_prefix must start with /api/"),
    (fake_plugin("badtable", register_models=lambda: [sample_plugin.SampleNote]),
     "table 'sample_notes' must be named badtable_"),
    (fake_plugin("typo", register_blueprint=lambda: []), "implements an unknown hook"),
])
def test_bad_contributions_stop_start_up_naming_the_plugin(make_app, module, message):
    with pytest.raises(PluginError, match=message) as caught:
        make_app({"HYGEIA_PLUGINS": [module.manifest.name]}, plugins=(module,))
    assert module.manifest.name in str(caught.value)


def test_skip_mode_starts_without_the_broken_plugin_and_reports_it(make_app, sample_tables):
    broken = fake_plugin("raiser", register_blueprints=lambda: 1 / 0)
    app = make_app({"HYGEIA_PLUGINS": ["raiser", "sample"], "HYGEIA_PLUGIN_ERRORS": "skip"},
                   plugins=(broken, sample_plugin))
    assert app.extensions["hygeia.plugins"].enabled == ["sample"]
    health = app.test_client().get("/api/health/").get_json()
    assert "ZeroDivisionError" in health["failed_plugins"]["raiser"]
    assert health["status"] == "ok"


def test_requirements_order_loading_and_missing_ones_fail(make_app):
    calls = []
    base = fake_plugin("base", startup=lambda: calls.append("base"))
    addon = fake_plugin("addon", requires=("base",), startup=lambda: calls.append("addon"))
    make_app({"HYGEIA_PLUGINS": ["addon", "base"]}, plugins=(addon, base))
    assert calls == ["base", "addon"]
    with pytest.raises(PluginError, match="'addon': requires plugin\\(s\\) not enabled: base"):
        make_app({"HYGEIA_PLUGINS": ["addon"]}, plugins=(addon, base))


def test_plugins_list_shows_versions_state_and_contributions(installed, make_app, sample_tables):
    installed({"sample": "tests.sample_plugin", "explosive": "explosive_plugin"},
              {"explosive_plugin.py": "raise ImportError('imported!')"})
    app = make_app({"HYGEIA_PLUGINS": ["sample"]})
    runner = app.test_cli_runner()
    text = runner.invoke(args=["plugins", "list"]).output
    assert "sample 1.2.3 [enabled]" in text and "explosive 9.9.9 [disabled]" in text
    assert "tables: sample_notes" in text and "/api/sample-notes" in text
    data = json.loads(runner.invoke(args=["plugins", "list", "--json"]).output)
    sample = next(p for p in data["plugins"] if p["name"] == "sample")
    assert sample["contributes"]["websockets"] == ["/ws/sample/echo/"]
    assert "register_rate_limits" in sample["hooks"] and data["hooks_version"] == "1.3"


def test_plugin_commands_live_under_the_plugin_name(sample_app):
    result = sample_app.test_cli_runner().invoke(args=["sample", "hello"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "hello from sample: 0 notes"


def test_plugins_list_shows_settings_with_secrets_masked(make_app):
    tuned = fake_plugin("tuned")
    tuned.manifest = Manifest(name="tuned", version="1", settings={"api_key": "", "max_tokens": 5})
    app = make_app({"HYGEIA_PLUGINS": ["tuned"], "TUNED_API_KEY": "s3cret"}, plugins=(tuned,))
    output = app.test_cli_runner().invoke(args=["plugins", "list"]).output
    assert "settings: TUNED_API_KEY='***', TUNED_MAX_TOKENS=5" in output
    assert "s3cret" not in output
