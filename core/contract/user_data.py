"""A plugin's per-user rows go with the account and come with the user's export.

Account deletion removes rows through ``ON DELETE CASCADE`` from ``users.id``
and then calls ``user_deleted``; the data export (GET /api/profile/export/) asks
every plugin through ``export_user_data``. So a plugin that keeps rows per user
must cascade them and export them, and both hooks must answer for any user.
"""

from __future__ import annotations

import uuid

from flask import Flask

from core.account_data.services import _json_able
from core.contract.routes import contributions


def check_user_data_hooks(app: Flask, plugin: str) -> list[str]:
    pm = app.extensions["hygeia.plugins"]
    hooks = set(pm.hooks_of(plugin))
    problems = []
    per_user = []
    for model in contributions(app, plugin).models:
        for fk in model.__table__.foreign_keys:
            if fk.column.table.name == "users":
                per_user.append(model.__tablename__)
                if (fk.ondelete or "").upper() != "CASCADE":
                    problems.append(f"{model.__tablename__}.{fk.parent.name} references users without "
                                    "ON DELETE CASCADE: deleting an account would fail or leave its rows")
    if per_user and "export_user_data" not in hooks:
        problems.append(f"it keeps rows per user ({', '.join(sorted(set(per_user)))}) but does not implement "
                        "export_user_data, so the user's export leaves them out")
    stranger = uuid.uuid4()
    with app.app_context():
        if "export_user_data" in hooks:
            try:
                value = pm.call_plugin(plugin, "export_user_data", user_id=stranger)
                if value is not None and not isinstance(value, (dict, list)):
                    problems.append(f"export_user_data returned {type(value).__name__}, not a dict, list or None")
                else:
                    _json_able(value)
            except (TypeError, ValueError) as error:
                problems.append(f"export_user_data returned data that is not JSON-able: {error}")
            except Exception as error:
                problems.append(f"export_user_data for a user without records failed: {error}")
        if "user_deleted" in hooks:
            for attempt in ("first", "second"):
                try:
                    pm.call_plugin(plugin, "user_deleted", user_id=stranger)
                except Exception as error:
                    problems.append(f"user_deleted failed on its {attempt} call for the same user "
                                    f"(it must be idempotent): {error}")
    return problems
