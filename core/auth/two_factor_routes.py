"""/api/auth/2fa/: turn TOTP two-factor login on and off, recovery codes, and the login's second step."""

from __future__ import annotations

from flask_jwt_extended import current_user, get_jwt

from core.auth import challenges, services, tokens, two_factor
from core.auth.routes import user_agent
from core.auth.schemas import (
    CodeSchema,
    PasswordAndCodeSchema,
    PasswordSchema,
    RecoveryCodesSchema,
    TokensSchema,
    TwoFactorSetupSchema,
    TwoFactorStatusSchema,
    TwoFactorVerifySchema,
)
from core.errors import ErrorSchema
from core.openapi import Blueprint
from core.ratelimit import client_address

blp = Blueprint("auth_2fa", __name__, url_prefix="/api/auth/2fa", description="Two-factor login (TOTP).",
                title="Two-factor login")


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.response(200, TwoFactorStatusSchema)
def status():
    """Whether two-factor login is on, and how many recovery codes are left."""
    return two_factor.status(current_user)


@blp.route("/setup/", methods=["POST"])
@blp.auth_required
@blp.arguments(PasswordSchema)
@blp.response(200, TwoFactorSetupSchema)
@blp.alt_response(403, schema=ErrorSchema, description="Wrong password.")
@blp.alt_response(409, schema=ErrorSchema, description="Two-factor login is already on.")
def setup(data):
    """Start the setup: add the returned secret (or scan the QR code) in an authenticator app, then confirm."""
    services.check_password(current_user, data["password"], client_address())
    return two_factor.begin_setup(current_user)


@blp.route("/confirm/", methods=["POST"])
@blp.auth_required
@blp.arguments(CodeSchema)
@blp.response(200, RecoveryCodesSchema)
@blp.alt_response(400, schema=ErrorSchema, description="Wrong or already used code.")
@blp.alt_response(409, schema=ErrorSchema, description="No setup started, or already on.")
def confirm(data):
    """Turn two-factor login on with a first code from the app; returns ten recovery codes, shown only now.
    Every other signed-in device is signed out: from now on each needs the second factor."""
    codes = two_factor.confirm_setup(current_user, data["code"])
    tokens.revoke_other_sessions(current_user, get_jwt()["sid"])
    return {"recovery_codes": codes}


@blp.route("/disable/", methods=["POST"])
@blp.auth_required
@blp.arguments(PasswordAndCodeSchema)
@blp.response(204)
@blp.alt_response(400, schema=ErrorSchema, description="Wrong or already used code.")
@blp.alt_response(403, schema=ErrorSchema, description="Wrong password.")
def disable(data):
    """Turn two-factor login off: needs the password and a current code (or a recovery code)."""
    services.check_password(current_user, data["password"], client_address())
    two_factor.disable(current_user, data.get("code"), data.get("recovery_code"))


@blp.route("/recovery-codes/", methods=["POST"])
@blp.auth_required
@blp.arguments(PasswordAndCodeSchema)
@blp.response(200, RecoveryCodesSchema)
@blp.alt_response(400, schema=ErrorSchema, description="Wrong or already used code.")
@blp.alt_response(403, schema=ErrorSchema, description="Wrong password.")
def renew_recovery_codes(data):
    """Replace the recovery codes with ten new ones (the old ones stop working)."""
    services.check_password(current_user, data["password"], client_address())
    return {"recovery_codes": two_factor.renew_recovery_codes(current_user, data.get("code"),
                                                              data.get("recovery_code"))}


@blp.route("/verify/", methods=["POST"])
@blp.public
@blp.arguments(TwoFactorVerifySchema)
@blp.response(200, TokensSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Wrong code, or the challenge expired or was used.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many wrong codes for this account.")
def verify(data):
    """Complete a two-factor login: the challenge from /api/auth/login/ and a code give the tokens."""
    return challenges.complete(data["challenge_token"], data.get("code"), data.get("recovery_code"),
                               user_agent(), client_address())
