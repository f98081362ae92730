"""POST /api/auth/register/, login/, refresh/, logout/, logout-all/, email verification and password reset."""

from __future__ import annotations

from flask import request
from flask_jwt_extended import current_user, get_jwt, jwt_required

from core.auth import challenges, password_reset, services, tokens, two_factor, verification
from core.auth.schemas import (
    AcceptedSchema,
    EmailSchema,
    LoginResultSchema,
    LoginSchema,
    MailedTokenSchema,
    PasswordResetConfirmSchema,
    RegisterSchema,
    TokensSchema,
    UserSchema,
    VerifiedSchema,
)
from core.errors import ErrorSchema
from core.openapi import BEARER, Blueprint
from core.ratelimit import client_address

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens.",
                title="Accounts and tokens")

RESET_ACCEPTED = "If an account exists for this address, we have mailed it a link to reset the password."
VERIFICATION_ACCEPTED = "If an unconfirmed account exists for this address, we have mailed it a new link."


def user_agent() -> str:
    return request.headers.get("User-Agent", "")


@blp.route("/register/", methods=["POST"])
@blp.public
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
def register(data):
    """Create an account; a link to confirm the address is mailed to it.

    An address that has an account already gets the same answer (with an id that names nothing), and
    its owner a mail saying someone tried: no answer tells which addresses have accounts.
    """
    return services.register_user(data["email"], data["password"], client_address())


@blp.route("/login/", methods=["POST"])
@blp.public
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Wrong email or password.")
@blp.alt_response(403, schema=ErrorSchema, description="The address is not confirmed (when that is required).")
@blp.alt_response(429, schema=ErrorSchema, description="Too many failed logins.")
def login(data):
    """Exchange email and password for an access token and a refresh token.

    With two-factor login on, the answer has `two_factor_required: true` and a
    `challenge_token` instead of tokens: send it with a code to /api/auth/2fa/verify/.
    """
    user = services.authenticate(data["email"], data["password"], client_address())
    if two_factor.is_enabled(user.id):
        return challenges.open_challenge(user)
    return {**tokens.issue_tokens(user, user_agent(), client_address()), "two_factor_required": False}


@blp.route("/refresh/", methods=["POST"])
@blp.doc(security=[{BEARER: []}], description="Send the refresh token as the bearer token.")
@jwt_required(refresh=True)
@blp.response(200, TokensSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Missing, invalid, expired or revoked refresh token.")
def refresh():
    """Get a new access token for the session of a refresh token."""
    return tokens.refresh_access_token(current_user, get_jwt())


@blp.route("/logout/", methods=["POST"])
@blp.auth_required
@blp.response(204)
def logout():
    """End this session: its access and refresh tokens stop working at once."""
    tokens.revoke_session(get_jwt())


@blp.route("/logout-all/", methods=["POST"])
@blp.auth_required
@blp.response(204)
def logout_all():
    """End every session of the account, on every device."""
    tokens.revoke_all_sessions(current_user)


@blp.route("/verify-email/", methods=["POST"])
@blp.public
@blp.arguments(MailedTokenSchema)
@blp.response(200, VerifiedSchema)
@blp.alt_response(400, schema=ErrorSchema, description="The token is not valid, already used or expired.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many invalid tokens from this address.")
def verify_email(data):
    """Confirm the account's email address with the token from the verification mail (works once)."""
    user = verification.verify_email(data["token"], client_address())
    return {"email": user.email, "email_verified": user.email_verified}


@blp.route("/resend-verification/", methods=["POST"])
@blp.public
@blp.arguments(EmailSchema)
@blp.response(202, AcceptedSchema)
@blp.alt_response(429, schema=ErrorSchema, description="Too many requests for this address or from this IP.")
def resend_verification(data):
    """Mail a new verification link. The answer is the same whether or not the address has an account."""
    verification.request_verification(data["email"], client_address())
    return {"message": VERIFICATION_ACCEPTED}


@blp.route("/password-reset/", methods=["POST"])
@blp.public
@blp.arguments(EmailSchema)
@blp.response(202, AcceptedSchema)
@blp.alt_response(429, schema=ErrorSchema, description="Too many requests for this address or from this IP.")
def password_reset_request(data):
    """Mail a link to reset the password (valid 1 hour, once). Same answer whether or not the account exists."""
    password_reset.request_reset(data["email"], client_address())
    return {"message": RESET_ACCEPTED}


@blp.route("/password-reset/confirm/", methods=["POST"])
@blp.public
@blp.arguments(PasswordResetConfirmSchema)
@blp.response(204)
@blp.alt_response(400, schema=ErrorSchema, description="The token is not valid, already used or expired.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many invalid tokens from this address.")
def password_reset_confirm(data):
    """Set a new password with the mailed token: every session of the account ends, and a notice is mailed."""
    password_reset.confirm_reset(data["token"], data["password"], client_address())
