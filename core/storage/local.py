"""The local directory backend: the embedded default, ``instance/uploads`` unless STORAGE_URL names another."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO

from core.storage.base import (
    CHUNK,
    KeyTaken,
    ObjectInfo,
    ObjectStream,
    Storage,
    StoredObjectMissing,
    check_key,
    valid_key,
)

INCOMING = ".incoming"  # half-written files, on the same file system so the final link is atomic


class LocalStorage(Storage):
    name = "local"

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def path(self, key: str) -> str:
        return os.path.join(self.root, *check_key(key).split("/"))

    def put_at(self, key: str, stream: IO[bytes]) -> None:
        final = self.path(key)
        if os.path.exists(final):
            raise KeyTaken(key)
        incoming = os.path.join(self.root, INCOMING)
        os.makedirs(incoming, exist_ok=True)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=incoming, prefix="part-")
        try:
            with os.fdopen(fd, "wb") as handle:
                shutil.copyfileobj(stream, handle, CHUNK)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, final)  # fails if the key exists: a put never overwrites
            except FileExistsError:
                raise KeyTaken(key) from None
        finally:
            os.unlink(temporary)

    def open(self, key: str) -> ObjectStream:
        if not valid_key(key):  # not a key this store could have written
            raise StoredObjectMissing(str(key))
        try:
            handle = open(self.path(key), "rb")  # noqa: SIM115 (the stream closes it)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise StoredObjectMissing(key) from None
        return ObjectStream(handle, os.fstat(handle.fileno()).st_size)

    def delete(self, key: str) -> None:
        if not valid_key(key):
            return
        path = self.path(key)
        try:
            os.remove(path)
        except FileNotFoundError:
            return
        folder = os.path.dirname(path)
        while folder != self.root and folder.startswith(self.root):  # tidy empty per-user folders of old uploads
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)

    def stat(self, key: str) -> ObjectInfo | None:
        if not valid_key(key):
            return None
        try:
            facts = os.stat(self.path(key))
        except (FileNotFoundError, NotADirectoryError):
            return None
        return ObjectInfo(key, facts.st_size, datetime.fromtimestamp(facts.st_mtime, UTC))

    def keys(self, prefix: str = "") -> Iterator[ObjectInfo]:
        if not os.path.isdir(self.root):
            return
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                key = os.path.relpath(os.path.join(folder, name), self.root).replace(os.sep, "/")
                if key.startswith(prefix) and "/" in key:
                    info = self.stat(key)  # None for a name this store never wrote
                    if info is not None:
                        yield info

    def describe(self) -> str:
        return f"local folder {self.root}"
