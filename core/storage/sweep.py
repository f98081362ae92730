"""The orphan sweep: delete stored objects that no row references any more, and say what went.

An object is an orphan when its key is under a namespace the core looks after (a plugin with
StoredFileKey columns), no such column holds it, and it is older than STORAGE_ORPHAN_GRACE_MINUTES
(an upload is stored a moment before its row is committed). Orphans come from a process killed
between the two steps, a failed delete on a store that was down, or rows removed in bulk.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from core.extensions import db
from core.models_base import utcnow
from core.storage import get_storage
from core.storage.columns import namespaces, referenced_keys

log = logging.getLogger(__name__)


def find_orphans(app=None) -> list[str]:
    app = app or current_app._get_current_object()
    storage = get_storage(app)
    cutoff = utcnow() - timedelta(minutes=int(app.config.get("STORAGE_ORPHAN_GRACE_MINUTES", 60)))
    candidates = [info.key for namespace in namespaces(app) for info in storage.keys(f"{namespace}/")
                  if info.modified < cutoff]
    referenced = referenced_keys(db.session, app)  # read after listing: a row committed meanwhile is seen
    return [key for key in candidates if key not in referenced]


def sweep_orphans() -> dict:
    """Periodic job: delete orphaned objects; returns how many and which (keys are random, never personal)."""
    storage = get_storage()
    removed = []
    for key in find_orphans():
        storage.delete(key)
        removed.append(key)
    if removed:
        log.warning("storage: removed %d orphaned objects", len(removed))
    return {"removed": len(removed), "keys": removed[:100], "store": storage.name}
