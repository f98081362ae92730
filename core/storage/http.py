"""Stored files over HTTP: streamed through Hygeia's own (authorised) routes, and the 503 of a store that is down."""

from __future__ import annotations

import logging

from flask import Response

from core.errors import error_response
from core.storage.base import StorageUnavailable, get_storage

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


def storage_down(error: StorageUnavailable):
    log.warning("storage unavailable: %s", error)
    return error_response(503, "The file store is unavailable; nothing was changed. Try again shortly.",
                          error="storage_unavailable", headers={"Retry-After": RETRY_AFTER_SECONDS})


def stored_file_response(key: str, mimetype: str) -> Response:
    """The object streamed in chunks (never read whole), private and not cached.

    Call it after checking that the current user owns the record that references ``key``.
    A missing object raises StoredObjectMissing (a FileNotFoundError); a store that is down, 503.
    """
    stream = get_storage().open(key)  # errors happen here, before any byte is sent

    def body():
        with stream:
            yield from stream

    response = Response(body(), mimetype=mimetype, direct_passthrough=True)
    if stream.size is not None:
        response.content_length = stream.size
    response.headers["Cache-Control"] = "private, no-store"
    return response
