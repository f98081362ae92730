"""Building a user's export and deleting an account, through every enabled plugin's hooks."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from core.account_data.fhir import profile_bundle
from core.audit.models import AuditEvent
from core.auth import two_factor
from core.auth.models import LoginSession, User
from core.errors import abort
from core.extensions import db
from core.models_base import utcnow
from core.plugin_manager import CORE, PluginError
from core.profile.services import get_profile as load_profile
from core.profile.services import profile_facts
from core.storage import StorageUnavailable, get_storage
from core.storage.columns import files_of_user

log = logging.getLogger(__name__)
EXPORT_FORMAT = "hygeia-export/1"


def _plugins():
    return current_app.extensions["hygeia.plugins"]


def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON-able")


def _json_able(value: Any) -> Any:
    """Plain JSON: ISO 8601 datetimes, UUIDs and decimals as strings."""
    return json.loads(json.dumps(value, default=_encode))


def plugin_records(user_id: uuid.UUID) -> dict[str, Any]:
    """Each enabled plugin's export_user_data answer, by plugin name (plugins that keep nothing are left out)."""
    records: dict[str, Any] = {}
    pm = _plugins()
    for name in pm.manifests:
        if name == CORE:
            continue
        try:
            value = pm.call_plugin(name, "export_user_data", user_id=user_id)
        except PluginError as error:
            log.error("export of plugin %s failed: %r", name, error.__cause__)
            abort(503, f"The export is not available right now: the {name} plugin could not read its records.",
                  error="export_unavailable", details={"plugin": name})
        if value is None:
            continue
        if not isinstance(value, (dict, list)):
            log.error("plugin %s export_user_data returned %s, not a dict or list", name, type(value).__name__)
            abort(503, f"The export is not available right now: the {name} plugin answered wrongly.",
                  error="export_unavailable", details={"plugin": name})
        try:
            records[name] = _json_able(value)
        except (TypeError, ValueError) as error:
            log.error("plugin %s export_user_data returned data that is not JSON-able: %s", name, error)
            abort(503, f"The export is not available right now: the {name} plugin answered wrongly.",
                  error="export_unavailable", details={"plugin": name})
    return records


def build_export(user: User) -> dict[str, Any]:
    profile = load_profile(user.id)
    bundle = profile_bundle(user, profile)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow(),
        "account": {"id": user.id, "email": user.email, "created_at": user.created_at,
                    "email_verified": user.email_verified},
        "profile": profile_facts(user.id),
        "fhir": {"patient": bundle["entry"][0]["resource"], "bundle": bundle},
        "two_factor": two_factor.status(user),
        "sessions": db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)
                                       .order_by(LoginSession.created_at.desc())).all(),
        "audit": db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id)
                                    .order_by(AuditEvent.at.desc())).all(),
        "plugins": plugin_records(user.id),
        "stored_files": stored_files(user.id),
    }


def stored_files(user_id: uuid.UUID) -> list[dict[str, Any]]:
    """The files of the user's records, with a short-lived download link where the store makes them.

    A store that is down makes the export 503 (StorageUnavailable): an export is complete or not given.
    """
    storage = get_storage()
    listed = []
    for owned in files_of_user(db.session, current_app, user_id):
        info = storage.stat(owned.key)
        if info is None:  # a row whose file is gone: nothing to hand over
            continue
        listed.append({"plugin": owned.plugin, "record": owned.record_id, "kind": owned.field,
                       "size_bytes": info.size, "download_url": storage.signed_url(owned.key)})
    return listed


def delete_account(user: User) -> list[str]:
    """Delete the account and, by ON DELETE CASCADE, every row that references it; then let each
    plugin remove its files and external state. Returns the plugins whose clean-up failed.

    Stored objects referenced by the user's rows (StoredFileKey columns) are deleted by the core
    once the rows are gone; one the store could not delete then is left to the orphan sweep."""
    user_id = user.id
    keys = [owned.key for owned in files_of_user(db.session, current_app, user_id)]
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expunge_all()
    failed = []
    storage = get_storage()
    for key in keys:
        try:
            storage.delete(key)
        except StorageUnavailable as error:
            log.error("a deleted account's stored files wait for the orphan sweep: %s", error)
            failed.append("storage")
            break
    pm = _plugins()
    for name in pm.manifests:
        try:
            pm.call_plugin(name, "user_deleted", user_id=user_id)
        except PluginError as error:
            failed.append(name)
            log.error("plugin %s could not remove a deleted account's files: %r", name, error.__cause__)
    return failed
