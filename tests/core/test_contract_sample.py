"""The plugin contract, run for the core's sample plugin (given as a module, not installed)."""

import tests.sample_plugin as sample_plugin
from core.contract_tests import PluginContract


class TestSamplePluginContract(PluginContract):
    plugins = ["sample"]
    plugin_modules = (sample_plugin,)
    known_gaps = {
        ("sample", "openapi_has_schemas_and_examples"):
            "the sample plugin exercises hooks only: its views have no docstrings and NoteSchema no examples",
        ("sample", "exports_and_deletes_user_data"): "the sample plugin predates hook contract 1.1 (no export)",
    }
