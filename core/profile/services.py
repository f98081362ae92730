"""Reading and updating health profiles; used by routes and by plugins (core.api.get_profile)."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.profile.models import LIST_FIELDS, HealthProfile


def get_profile(user_id: uuid.UUID) -> HealthProfile:
    """The user's profile; an empty one (not yet stored) when they have never filled it."""
    profile = db.session.get(HealthProfile, user_id)
    if profile is None:
        profile = HealthProfile(user_id=user_id, preferred_language="en",
                                **{field: [] for field in LIST_FIELDS})
    return profile


def update_profile(user_id: uuid.UUID, changes: dict) -> HealthProfile:
    for attempt in range(2):
        profile = get_profile(user_id)
        for field, value in changes.items():
            if field == "preferred_language" and value is None:
                continue
            setattr(profile, field, value)
        db.session.add(profile)
        try:
            db.session.commit()
            return profile
        except IntegrityError:
            # Two first updates at once: the other one created the row; apply ours to it.
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def change_profile(user_id: uuid.UUID, changes: dict) -> HealthProfile:
    """Validate ``changes`` as PATCH /api/profile/ does (422 naming the invalid fields) and apply them."""
    import marshmallow as ma

    from core.errors import abort
    from core.profile.schemas import ProfileUpdateSchema

    try:
        valid = ProfileUpdateSchema().load(changes, partial=True)
    except ma.ValidationError as error:
        abort(422, "The request contains invalid fields.", details={"json": error.messages})
    return update_profile(user_id, valid)


def profile_facts(user_id: uuid.UUID | None) -> dict:
    """The profile as a plain dict for prompts and rules (empty without a user)."""
    if user_id is None:
        return {}
    p = get_profile(user_id)
    return {
        "age": p.age, "gender": p.gender, "weight_kg": p.weight_kg, "height_cm": p.height_cm,
        "country": p.country, "preferred_language": p.preferred_language,
        **{field: list(getattr(p, field) or []) for field in LIST_FIELDS},
    }
