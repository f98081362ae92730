"""The plugin contract, checked: what every Hygeia plugin must do beyond loading.

Each ``check_*`` function looks at one plugin in a built application and returns
a list of problems (plain sentences naming the plugin's route, table or module);
an empty list means the plugin keeps that part of the contract. The pytest
class in core.contract_tests runs them all for any installed plugin.
"""

from core.contract.footprint import (
    check_disappears_when_disabled, check_not_imported_when_disabled, check_registers_only_through_hooks,
)
from core.contract.imports import check_imports
from core.contract.migrations import check_migrations_round_trip, fresh_database
from core.contract.probes import (
    check_routes_refuse_anonymous, check_routes_report_rate_limits, check_websockets_refuse_anonymous,
)
from core.contract.rate_limits import check_rate_limits_declared
from core.contract.spec import check_openapi_documented, check_routes_declare_security
from core.contract.user_data import check_user_data_hooks

__all__ = [
    "check_disappears_when_disabled", "check_imports", "check_migrations_round_trip",
    "check_not_imported_when_disabled", "check_openapi_documented",
    "check_rate_limits_declared", "check_registers_only_through_hooks", "check_routes_declare_security",
    "check_routes_refuse_anonymous", "check_routes_report_rate_limits", "check_websockets_refuse_anonymous",
    "check_user_data_hooks", "fresh_database",
]
