"""The plugin contract as a reusable pytest test class, for the built-in plugins and any other.

Run it as is for any installed plugin: ``HYGEIA_PLUGINS=sleep pytest --pyargs core.contract_tests``.
Or in a plugin's own tests (the ``hygeia`` pytest plugin provides the fixtures)::

    from core.contract_tests import PluginContract

    class TestContract(PluginContract):
        plugins = ["sleep"]          # default: every plugin this environment enables

Each test runs once per plugin. A plugin passes when it registers only through
its hooks and imports only core.api from the core; every route is documented as
authenticated (``@blp.auth_required``, and then refuses anonymous callers with
401) or public (``@blp.public``); every route and WebSocket is under a declared
rate limit; every OpenAPI entry has a summary, schemas and examples; its per-user
rows cascade with the account and come with the user's export; its Alembic
branch goes up and down on a fresh database and matches its models; and once
disabled it leaves no trace. ``known_gaps`` marks a (plugin, check) pair as an
expected failure with its reason; by default it is strict, so a fixed gap must be removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

import pytest

from core import contract
from core.contract import selection


class PluginContract:
    plugins: Sequence[str] | None = None  # None: every enabled plugin (HYGEIA_PLUGINS, else all installed)
    plugin_modules: tuple[ModuleType, ...] = ()  # plugins given as modules instead of installed
    known_gaps: dict[tuple[str, str], str] = {}  # (plugin, check) -> why it fails today
    strict_gaps = True  # a known gap that passes fails the run, so the entry gets removed

    def pytest_generate_tests(self, metafunc):
        if "plugin" not in metafunc.fixturenames:
            return
        check = metafunc.function.__name__.removeprefix("test_")
        names = list(self.plugins) if self.plugins is not None else selection.enabled_names(self.plugin_modules)
        params = []
        for name in names:
            gap = self.known_gaps.get((name, check))
            marks = [pytest.mark.xfail(reason=gap, strict=self.strict_gaps)] if gap else []
            params.append(pytest.param(name, marks=marks, id=name))
        metafunc.parametrize("plugin", params)

    # -- apps ----------------------------------------------------------------
    @pytest.fixture
    def contract_app(self, make_app):
        """``contract_app(enabled, **config)``: an app with exactly these plugins enabled."""

        def build(enabled: list[str], **config):
            return make_app({"HYGEIA_PLUGINS": list(enabled), **config}, plugins=self.plugin_modules)

        return build

    @pytest.fixture
    def requirements(self, plugin) -> list[str]:
        return selection.with_requirements(plugin, self.plugin_modules)[:-1]

    @pytest.fixture
    def plugin_app(self, contract_app, plugin, requirements):
        return contract_app([*requirements, plugin])

    def _universe(self) -> list[str]:
        names = selection.enabled_names(self.plugin_modules)
        return sorted(set(names) | set(self.plugins or ()))

    def _assert_none(self, problems: list[str]) -> None:
        assert problems == [], "\n".join(problems)

    # -- the contract --------------------------------------------------------
    def test_registers_only_through_hooks(self, contract_app, plugin_app, plugin, requirements):
        self._assert_none(contract.check_registers_only_through_hooks(contract_app(requirements), plugin_app, plugin))

    def test_imports_only_core_api(self, plugin_app, plugin):
        self._assert_none(contract.check_imports(plugin_app, plugin))

    def test_routes_declare_auth_or_public(self, plugin_app, plugin):
        self._assert_none(contract.check_routes_declare_security(plugin_app, plugin))

    def test_routes_refuse_anonymous_callers(self, contract_app, plugin, requirements, serve):
        app = contract_app([*requirements, plugin], RATELIMIT_ENABLED=False)
        problems = contract.check_routes_refuse_anonymous(app, plugin)
        problems += contract.check_websockets_refuse_anonymous(app, plugin, serve(app))
        self._assert_none(problems)

    def test_rate_limits_declared_and_applied(self, plugin_app, plugin):
        problems = contract.check_rate_limits_declared(plugin_app, plugin)
        self._assert_none(problems or contract.check_routes_report_rate_limits(plugin_app, plugin))

    def test_openapi_has_schemas_and_examples(self, plugin_app, plugin):
        self._assert_none(contract.check_openapi_documented(plugin_app, plugin))

    def test_exports_and_deletes_user_data(self, plugin_app, plugin):
        self._assert_none(contract.check_user_data_hooks(plugin_app, plugin))

    def test_migrates_up_and_down_on_a_fresh_database(self, contract_app, hygeia_backend, plugin, requirements):
        with contract.fresh_database(hygeia_backend) as url:
            app = contract_app([*requirements, plugin], SQLALCHEMY_DATABASE_URI=url)
            self._assert_none(contract.check_migrations_round_trip(app, plugin))

    def test_disappears_when_disabled(self, contract_app, plugin_app, plugin):
        others = selection.without(plugin, self._universe(), self.plugin_modules)
        problems = contract.check_disappears_when_disabled(plugin_app, contract_app(others), plugin)
        if selection.is_installed(plugin):
            package = plugin_app.extensions["hygeia.plugins"].get_plugin(plugin).__name__
            installed_others = [name for name in others if selection.is_installed(name)]
            problems += contract.check_not_imported_when_disabled(plugin, package, installed_others)
        self._assert_none(problems)


class TestEnabledPlugins(PluginContract):
    """The contract for every enabled plugin, runnable as is for any installed one:
    ``HYGEIA_PLUGINS=sleep pytest --pyargs core.contract_tests``."""
