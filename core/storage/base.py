"""What every storage backend offers, and the errors a caller sees.

Keys are made by the store, never by the caller: ``<namespace>/<32 random hex><suffix>``, so no
user-provided name or personal data reaches a file name or an object key.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Self

from flask import Flask, current_app

CHUNK = 1024 * 1024  # bytes read or written at a time when streaming
NAMESPACE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SUFFIX = re.compile(r"^(\.[a-z0-9]{1,8}){0,2}$")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}/[A-Za-z0-9._/-]{1,200}$")
COLLISION_TRIES = 3


class StorageUnavailable(Exception):
    """The store is down, slow or refused the request: the caller answers 503 and keeps nothing."""


class StoredObjectMissing(FileNotFoundError):
    """No object under that key."""


class KeyTaken(Exception):
    """An object already exists under the key (a put never overwrites)."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    modified: datetime  # timezone-aware UTC


def new_key(namespace: str, suffix: str = "") -> str:
    if not NAMESPACE.match(namespace):
        raise ValueError(f"storage namespace {namespace!r} must be a plugin name (a-z, 0-9, _)")
    if not SUFFIX.match(suffix):
        raise ValueError(f"storage suffix {suffix!r} must look like .png or .heatmap.png")
    return f"{namespace}/{uuid.uuid4().hex}{suffix}"


def valid_key(key: object) -> bool:
    return isinstance(key, str) and bool(KEY.match(key)) and ".." not in key and "//" not in key


def check_key(key: str) -> str:
    if not valid_key(key):
        raise ValueError("not a storage key")
    return key


class ObjectStream:
    """A stored object opened for reading: ``read(n)``, iteration in chunks, a context manager."""

    def __init__(self, raw, size: int | None, on_error=None):
        self._raw, self.size, self._on_error = raw, size, on_error

    def read(self, n: int = -1) -> bytes:
        try:
            return self._raw.read() if n is None or n < 0 else self._raw.read(n)
        except Exception as error:
            if self._on_error is None:
                raise
            raise self._on_error(error) from error

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Storage:
    """The interface plugins use (through core.api.get_storage())."""

    name = "?"
    can_sign = False

    def put(self, stream: IO[bytes], *, namespace: str, suffix: str = "") -> str:
        """Store ``stream`` (read in chunks, never whole) under a new random key and return the key.

        The object is complete or absent: a failure raises StorageUnavailable and leaves nothing.
        """
        start = stream.tell() if stream.seekable() else None
        for attempt in range(COLLISION_TRIES):
            key = new_key(namespace, suffix)
            try:
                self.put_at(key, stream)
                return key
            except KeyTaken:
                if start is None or attempt == COLLISION_TRIES - 1:
                    raise StorageUnavailable(f"could not find a free key under {namespace}/") from None
                stream.seek(start)
        raise AssertionError("unreachable")

    def put_at(self, key: str, stream: IO[bytes]) -> None:
        """Write under exactly ``key``; KeyTaken if an object is already there."""
        raise NotImplementedError

    def open(self, key: str) -> ObjectStream:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Remove the object; no error when it is already gone."""
        raise NotImplementedError

    def stat(self, key: str) -> ObjectInfo | None:
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def signed_url(self, key: str, expires_in: int | None = None) -> str | None:
        """A short-lived URL that reads the object without Hygeia, or None when the backend has none.

        Hand it only to the object's owner, after checking ownership.
        """
        return None

    def keys(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Every stored object whose key starts with ``prefix``."""
        raise NotImplementedError

    def describe(self) -> str:
        return self.name


def get_storage(app: Flask | None = None) -> Storage:
    """The store of this app (core.api.get_storage), built at start-up by core.storage.init_storage."""
    return (app or current_app).extensions["hygeia.storage"]
