"""Asks every other enabled plugin for prompt context (the ``ai_context`` hook).

This is how chat gets citations from research or the last diet assessment
without importing either plugin.
"""

from __future__ import annotations

import logging
import uuid

from flask import current_app

from core.plugin_types import ContextItem

log = logging.getLogger(__name__)


def gather_ai_context(query: str, user_id: uuid.UUID | None, requester: str) -> list[ContextItem]:
    """Context items from every enabled plugin but ``requester``, each tagged with its plugin.

    A plugin that raises or returns something else than ContextItems is logged and skipped.
    """
    pm = current_app.extensions["hygeia.plugins"]
    items: list[ContextItem] = []
    for name in pm.enabled:
        if name == requester:
            continue
        try:
            result = pm.call_plugin(name, "ai_context", query=query, user_id=user_id, requester=requester) or []
        except Exception as error:
            log.warning("ai_context of plugin %s failed: %s", name, error)
            continue
        for item in result:
            if isinstance(item, ContextItem):
                items.append(ContextItem(item.title, item.text, tuple(item.sources), plugin=name))
            else:
                log.warning("ai_context of plugin %s returned %r, not a ContextItem", name, type(item).__name__)
    return items
