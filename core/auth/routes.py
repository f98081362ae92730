"""POST /api/auth/register/, login/, refresh/, logout/, logout-all/."""

from __future__ import annotations

from flask_jwt_extended import current_user, get_jwt, jwt_required

from core.auth import services, tokens
from core.auth.schemas import LoginSchema, RegisterSchema, TokensSchema, UserSchema
from core.errors import ErrorSchema
from core.openapi import BEARER, Blueprint
from core.ratelimit import client_address

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens.")


@blp.route("/register/", methods=["POST"])
@blp.public
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The email is already registered.")
def register(data):
    """Create an account."""
    return services.register_user(data["email"], data["password"])


@blp.route("/login/", methods=["POST"])
@blp.public
@blp.arguments(LoginSchema)
@blp.response(200, TokensSchema)
@blp.alt_response(401, schema=ErrorSchema, description="Wrong email or password.")
@blp.alt_response(429, schema=ErrorSchema, description="Too many failed logins.")
def login(data):
    """Exchange email and password for an access token and a refresh token."""
    user = services.authenticate(data["email"], data["password"], client_address())
    return tokens.issue_tokens(user)


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
