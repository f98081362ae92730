"""A plugin says which hook contract it is written for; the core refuses an incompatible one by name."""

import types

import pytest

from core.api import HOOKS_VERSION, Manifest
from core.plugin_manager import PluginError, hooks_compatible


def plugin_for(contract):
    module = types.ModuleType("versioned")
    module.manifest = Manifest(name="versioned", version="2.0.0", hooks_version=contract)
    return module


@pytest.mark.parametrize("wanted, provided, ok", [
    ("1.0", "1.0", True), ("1.0", "1.3", True), ("1.3", "1.3", True),
    ("1.4", "1.3", False), ("2.0", "1.3", False), ("1.0", "2.0", False),
])
def test_same_major_and_no_newer_minor_is_compatible(wanted, provided, ok):
    assert hooks_compatible(wanted, provided) is ok


def test_a_plugin_for_a_newer_contract_stops_start_up_naming_both_versions(make_app):
    major, minor = HOOKS_VERSION.split(".")
    newer = f"{major}.{int(minor) + 1}"
    with pytest.raises(PluginError, match=f"plugin 'versioned': is written for hook contract {newer}, "
                                          f"but this Hygeia provides {HOOKS_VERSION}"):
        make_app({"HYGEIA_PLUGINS": ["versioned"]}, plugins=(plugin_for(newer),))


def test_skip_mode_starts_without_an_incompatible_plugin(make_app):
    app = make_app({"HYGEIA_PLUGINS": ["versioned"], "HYGEIA_PLUGIN_ERRORS": "skip"},
                   plugins=(plugin_for(f"{int(HOOKS_VERSION.split('.')[0]) + 1}.0"),))
    assert app.extensions["hygeia.plugins"].enabled == []
    health = app.test_client().get("/api/health/").get_json()
    assert "written for hook contract" in health["failed_plugins"]["versioned"]


def test_the_current_contract_loads_and_a_malformed_version_is_refused(make_app):
    app = make_app({"HYGEIA_PLUGINS": ["versioned"]}, plugins=(plugin_for(HOOKS_VERSION),))
    assert app.extensions["hygeia.plugins"].enabled == ["versioned"]
    with pytest.raises(ValueError, match="hooks_version '1' must be MAJOR.MINOR"):
        Manifest(name="versioned", version="1.0.0", hooks_version="1")
