"""The plugin contract, run for every plugin this environment enables (HYGEIA_PLUGINS, else every
installed one: the five built-ins and any third-party package installed beside them)."""

from core.contract_tests import PluginContract

EXAMPLES = "schema fields without examples in the OpenAPI spec (reported to the plugin's author)"
NO_EXPORT = "per-user rows but no export_user_data yet (hook contract 1.1; reported to the plugin's author)"


class TestEnabledPluginsContract(PluginContract):
    # Gaps found in the built-ins while they were being written; not strict, since their authors fix
    # them in their own time: an entry that starts passing shows as XPASS and should then be removed.
    known_gaps = {(name, "openapi_has_schemas_and_examples"): EXAMPLES
                  for name in ("chat", "research")}
    known_gaps.update({(name, "exports_and_deletes_user_data"): NO_EXPORT for name in ("symptoms",)})
    strict_gaps = False
