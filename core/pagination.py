"""Page-numbered lists in one envelope: {"items": [...], "page", "page_size", "total", "pages"}."""

from __future__ import annotations

import math

import marshmallow as ma
from sqlalchemy import Select, func, select

from core.extensions import db

MAX_PAGE_SIZE = 100


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    page_size = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=MAX_PAGE_SIZE))


_page_schemas: dict[type, type] = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The envelope schema for a list of ``item_schema`` (one class per item schema, for the spec)."""
    if item_schema not in _page_schemas:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _page_schemas[item_schema] = type(name, (ma.Schema,), {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "page": ma.fields.Integer(required=True, metadata={"example": 1}),
            "page_size": ma.fields.Integer(required=True, metadata={"example": 20}),
            "total": ma.fields.Integer(required=True, metadata={"example": 1}),
            "pages": ma.fields.Integer(required=True, metadata={"example": 1}),
            "__module__": item_schema.__module__,  # named in the spec like its items (plugin prefix)
        })
    return _page_schemas[item_schema]


def paginate(statement: Select, args: dict) -> dict:
    """Run ``statement`` for one page; ``args`` comes from PageArgs."""
    page, size = args.get("page", 1), args.get("page_size", 20)
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(statement.limit(size).offset((page - 1) * size)).all()
    return {"items": items, "page": page, "page_size": size, "total": total,
            "pages": math.ceil(total / size) if total else 0}
