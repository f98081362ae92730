"""Hygeia's plugin contract, run against this plugin (core.contract_tests)."""

from core.contract_tests import PluginContract


class TestSleepPluginContract(PluginContract):
    plugins = ["sleep"]
