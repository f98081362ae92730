"""``flask storage migrate``: copy the local folder's files into the object store, verified, then point rows at them.

For every row of a StoredFileKey column whose object is not yet in the object store: stream the
local file up under a new random key (old keys of x-ray uploads held the owner's id), read it back
and compare SHA-256 digests, then change the row to the new key with a conditional UPDATE (a row
deleted or changed meanwhile keeps its state and the copy is removed). The local file stays until
the orphan sweep finds nobody references it. While this runs, every process reads keys the store
lacks from the local folder (STORAGE_LOCAL_FALLBACK), so nothing is unavailable at any moment;
running it again copies only what is left.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import select, update

from config import ConfigError
from core.extensions import db
from core.storage import get_storage, local_folder
from core.storage.base import (
    SUFFIX,
    Storage,
    StorageUnavailable,
    StoredObjectMissing,
)
from core.storage.columns import key_columns
from core.storage.local import LocalStorage

log = logging.getLogger(__name__)


@dataclass
class MigrationReport:
    copied: int = 0
    already_there: int = 0
    missing: list[str] = field(default_factory=list)  # rows whose file is on neither store
    failed: list[str] = field(default_factory=list)  # digest mismatch or a row changed meanwhile

    def as_dict(self) -> dict:
        return {"copied": self.copied, "already_there": self.already_there, "missing": len(self.missing),
                "failed": len(self.failed)}


class _Hashing:
    """A read-through stream that hashes what passes."""

    def __init__(self, raw):
        self.raw, self.digest = raw, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(n)
        self.digest.update(chunk)
        return chunk

    def seekable(self) -> bool:
        return False


def digest_of(storage: Storage, key: str) -> str:
    digest = hashlib.sha256()
    with storage.open(key) as stream:
        for chunk in stream:
            digest.update(chunk)
    return digest.hexdigest()


def stores(app: Flask) -> tuple[LocalStorage, Storage]:
    storage = get_storage(app)
    if storage.name == "local":
        raise ConfigError("set STORAGE_URL=s3://bucket/prefix (and restart every process) before migrating: "
                          "the files are already in the local folder")
    primary = getattr(storage, "primary", storage)
    return getattr(storage, "local", None) or LocalStorage(local_folder(app)), primary


def _suffix(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    suffix = name[name.index("."):] if "." in name else ""
    return suffix if SUFFIX.match(suffix) else ""


def migrate(app: Flask, *, dry_run: bool = False, echo: Callable[[str], None] = lambda line: None) -> MigrationReport:
    source, target = stores(app)
    report = MigrationReport()
    for kc in key_columns(app):
        table = kc.model.__table__
        rows = db.session.execute(select(table.c.id, kc.column).where(kc.column.is_not(None))).all()
        db.session.rollback()  # hold no transaction while copying
        for record_id, key in rows:
            if not key or target.exists(key):
                report.already_there += 1
                continue
            if not source.exists(key):
                report.missing.append(key)
                echo(f"missing: {table.name}.{kc.column.name} of {record_id} ({key}) is on neither store")
                continue
            if dry_run:
                report.copied += 1
                continue
            with source.open(key) as stream:
                hashing = _Hashing(stream)
                new = target.put(hashing, namespace=kc.plugin, suffix=_suffix(key))
            try:
                if digest_of(target, new) != hashing.digest.hexdigest():
                    raise ValueError("digest mismatch")
            except (ValueError, StoredObjectMissing):
                target.delete(new)
                report.failed.append(key)
                echo(f"failed: {key} read back differently from the object store; left as it was")
                continue
            changed = db.session.execute(update(table).where(table.c.id == record_id, kc.column == key)
                                         .values({kc.column.name: new})).rowcount
            db.session.commit()
            if changed != 1:  # deleted or re-rendered while copying: keep the row as it is
                target.delete(new)
                report.failed.append(key)
                echo(f"skipped: the row of {key} changed while it was copied")
                continue
            report.copied += 1
    return report


__all__ = ["MigrationReport", "StorageUnavailable", "digest_of", "migrate"]
