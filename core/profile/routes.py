"""GET and PATCH /api/profile/: the caller's own health profile."""

from __future__ import annotations

from flask_jwt_extended import current_user

from core.openapi import Blueprint
from core.profile import services
from core.profile.schemas import ProfileSchema, ProfileUpdateSchema

blp = Blueprint("profile", __name__, url_prefix="/api/profile", description="The user's health profile.",
                title="Health profile")


def _dump(profile):
    profile.email = current_user.email
    return profile


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.response(200, ProfileSchema)
def get_profile():
    """Read your health profile."""
    return _dump(services.get_profile(current_user.id))


@blp.route("/", methods=["PATCH"])
@blp.auth_required
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, ProfileSchema)
def patch_profile(changes):
    """Change some fields of your health profile; the others keep their values."""
    return _dump(services.update_profile(current_user.id, changes))
