"""``StoredFileKey``: the column type of a storage key, so the core knows which rows own which objects.

A plugin writes ``image_file: Mapped[str] = mapped_column(StoredFileKey())``; in the database it is
an ordinary VARCHAR(255). From those columns the core finds, without any plugin code, the objects
of a deleted account, the objects to list in an export, the orphans to sweep and the keys to migrate.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import Column, String, select
from sqlalchemy.types import TypeDecorator


class StoredFileKey(TypeDecorator):
    """A key returned by ``get_storage().put(...)`` (VARCHAR(255) in the database)."""

    impl = String(255)
    cache_ok = True


@dataclass(frozen=True)
class KeyColumn:
    plugin: str
    model: type
    column: Column

    @property
    def owned(self) -> bool:
        return "user_id" in self.model.__table__.c


def key_columns(app: Flask) -> list[KeyColumn]:
    """Every StoredFileKey column of the enabled plugins' models."""
    found = []
    for plugin, contributed in app.extensions.get("hygeia.contributions", {}).items():
        for model in contributed.models:
            for column in model.__table__.columns:
                if isinstance(column.type, StoredFileKey):
                    found.append(KeyColumn(plugin, model, column))
    return found


def namespaces(app: Flask) -> list[str]:
    """The key namespaces the core looks after: the plugins that store files."""
    return sorted({kc.plugin for kc in key_columns(app)})


def referenced_keys(session, app: Flask) -> set[str]:
    keys: set[str] = set()
    for kc in key_columns(app):
        keys.update(k for k in session.scalars(select(kc.column).where(kc.column.is_not(None))) if k)
    return keys


@dataclass(frozen=True)
class OwnedFile:
    plugin: str
    table: str
    record_id: str
    field: str
    key: str


def files_of_user(session, app: Flask, user_id: uuid.UUID) -> Iterator[OwnedFile]:
    """The stored files referenced by rows the user owns (OwnedByUser models)."""
    for kc in key_columns(app):
        if not kc.owned:
            continue
        table = kc.model.__table__
        rows = session.execute(select(table.c.id, kc.column).where(table.c.user_id == user_id,
                                                                    kc.column.is_not(None)))
        for record_id, key in rows:
            if key:
                yield OwnedFile(kc.plugin, table.name, str(record_id), kc.column.name, key)
