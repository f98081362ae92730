"""Queries scoped to the calling user: another user's record is simply not found (404)."""

from __future__ import annotations

import uuid

from flask_jwt_extended import current_user
from sqlalchemy import Select, select

from core.errors import abort
from core.extensions import db


def owned(model) -> Select:
    """SELECT of ``model`` rows that belong to the current user."""
    return select(model).where(model.user_id == current_user.id)


def get_owned_or_404(model, record_id: uuid.UUID, what: str | None = None):
    record = db.session.scalar(owned(model).where(model.id == record_id))
    if record is None:
        abort(404, f"{what or model.__name__} not found.")
    return record
