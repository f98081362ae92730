"""An object store that still reads the local folder: the switch-over while ``flask storage migrate`` runs.

Writes go to the object store only. A read of a key the store lacks tries the local folder, so
files uploaded before the switch keep working on the host that has them until they are copied.
Deletes remove both copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from core.storage.base import ObjectInfo, ObjectStream, Storage, StoredObjectMissing
from core.storage.local import LocalStorage


class FallbackStorage(Storage):
    def __init__(self, primary: Storage, local: LocalStorage):
        self.primary, self.local = primary, local
        self.name, self.can_sign = primary.name, primary.can_sign

    def put_at(self, key: str, stream: IO[bytes]) -> None:
        self.primary.put_at(key, stream)

    def open(self, key: str) -> ObjectStream:
        try:
            return self.primary.open(key)
        except StoredObjectMissing:
            return self.local.open(key)

    def delete(self, key: str) -> None:
        self.primary.delete(key)
        self.local.delete(key)

    def stat(self, key: str) -> ObjectInfo | None:
        return self.primary.stat(key) or self.local.stat(key)

    def signed_url(self, key: str, expires_in: int | None = None) -> str | None:
        return self.primary.signed_url(key, expires_in) if self.primary.exists(key) else None

    def keys(self, prefix: str = "") -> Iterator[ObjectInfo]:
        seen = set()
        for info in self.primary.keys(prefix):
            seen.add(info.key)
            yield info
        for info in self.local.keys(prefix):
            if info.key not in seen:
                yield info

    def check(self) -> None:
        self.primary.check()

    def describe(self) -> str:
        return f"{self.primary.describe()} (reads fall back to {self.local.describe()})"
