"""The compat plugin is installed but off by default; on, it meets the whole plugin contract under its own tag."""

import pytest

from core.contract_tests import PluginContract
from core.plugin_manager import PluginManager


class TestCompatPluginContract(PluginContract):
    plugins = ["compat"]

    @pytest.fixture(autouse=True)
    def _tables(self, compat_tables):
        """Off by default, the plugin's branch is not in the session's database until migrated."""


def test_installed_but_not_enabled_by_default(make_app):
    assert "compat" in PluginManager.installed() and "compat" not in PluginManager.default_enabled()
    app = make_app({"HYGEIA_PLUGINS": None})
    assert "compat" not in app.extensions["hygeia.plugins"].enabled
    assert not [r.rule for r in app.url_map.iter_rules() if "/compat/" in r.rule]


def test_off_the_spec_is_unchanged_and_on_its_routes_have_their_own_tag(make_app, compat_tables):
    others = PluginManager.default_enabled()
    off = make_app({"HYGEIA_PLUGINS": others}).extensions["hygeia.api"].spec.to_dict()
    on = make_app({"HYGEIA_PLUGINS": [*others, "compat"]}).extensions["hygeia.api"].spec.to_dict()
    compat_paths = {path for path in on["paths"] if path.startswith("/api/compat/")}
    assert compat_paths and not any(path.startswith("/api/compat/") for path in off["paths"])
    assert {p: v for p, v in on["paths"].items() if p not in compat_paths} == off["paths"]
    tags = {t["name"] for t in on["tags"]} - {t["name"] for t in off["tags"]}
    assert {t["x-blueprint"] for t in on["tags"] if t["name"] in tags} == {
        "compat", "compat_chat", "compat_consultations", "compat_research", "compat_news", "compat_xray"}
    assert all(name.startswith("Original API: ") for name in tags)
    for path in compat_paths:
        for method, operation in on["paths"][path].items():
            if method == "parameters":
                continue
            assert len(operation["tags"]) == 1 and operation["tags"][0] in tags


class TestCompatOverEveryFeatureContract(TestCompatPluginContract):
    """The same contract with the plugins it builds on enabled, so its chat, consultation, research and
    X-ray routes are checked too."""

    @pytest.fixture
    def requirements(self):
        return ["chat", "research", "symptoms", "xray"]
