"""GET /api/profile/export/ and DELETE /api/profile/account/: the user's data, all of it."""

from __future__ import annotations

from flask_jwt_extended import current_user

from core.account_data import services
from core.account_data.schemas import DeleteAccountSchema, ExportSchema
from core.auth import two_factor
from core.auth.services import check_password
from core.errors import ErrorSchema
from core.openapi import Blueprint
from core.ratelimit import client_address

blp = Blueprint("account_data", __name__, title="Your data and account", url_prefix="/api/profile",
                description="Export all your data, or delete your account with everything in it.")


@blp.route("/export/", methods=["GET"])
@blp.auth_required
@blp.response(200, ExportSchema)
@blp.alt_response(503, schema=ErrorSchema, description="A plugin could not read its records; nothing is left out "
                                                       "silently, try again later.")
def export_data():
    """Download everything stored about you: the profile (also as FHIR R4 resources) and every
    feature's records (consultations, analyses, searches, chats)."""
    return services.build_export(current_user)


@blp.route("/account/", methods=["DELETE"])
@blp.auth_required
@blp.arguments(DeleteAccountSchema)
@blp.response(204)
@blp.alt_response(403, schema=ErrorSchema, description="The password, or the two-factor code, is wrong.")
def delete_account(data):
    """Delete your account and everything in it (records, uploaded files); confirm with your password,
    and with two-factor login on, a code (or a recovery code) too. Every token of the account stops
    working at once."""
    check_password(current_user, data["password"], client_address())
    if two_factor.is_enabled(current_user.id):  # a stolen session and password are not enough
        two_factor.require_code(current_user, data.get("code"), data.get("recovery_code"), status=403)
    services.delete_account(current_user)
    return None
