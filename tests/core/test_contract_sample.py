"""The plugin contract, run for the core's sample plugin (given as a module, not installed)."""

import pytest

import tests.sample_plugin as sample_plugin
from core.contract_tests import PluginContract


class TestSamplePluginContract(PluginContract):
    plugins = ["sample"]
    plugin_modules = (sample_plugin,)

    @pytest.fixture(autouse=True)
    def _sample_tables(self, sample_tables):
        """Its table in the session database (an installed plugin gets its tables from migrations)."""
