"""The original backend's account, profile and health endpoints, under /api/compat/ (its /api/ paths).

Each view parses the original's request, calls Hygeia's services and answers in the original's
shape. Routes the original guarded need both `Authorization: Bearer <access token>` and
`X-Session-Key: <session_key>`; the key is the device session the token belongs to.
"""

from __future__ import annotations

import functools
from datetime import datetime, timezone

from flask import request

from core.api import accounts, call_route, current_user, health_report
from plugins.compat import schemas, services
from plugins.compat.wire import OriginalBlueprint, answers_as_original, reply

PREFIX = "/api/compat"
blp = OriginalBlueprint("compat", __name__, title="Original API: accounts, profile and health",
                        url_prefix=PREFIX,
                        description="The original backend's API (the compat plugin): its paths under /api/compat/, "
                                    "its request fields and its answers, served by Hygeia's services.")

NOT_VERIFIED = "Email not verified. Please verify your email before logging in."


def session_required(view):
    """The original's SessionJWTAuthentication: the bearer token (checked by auth_required) and its session key."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("X-Session-Key", "")
        if not key:
            return reply({"status": 401, "error": "unauthorized", "message": "Send the X-Session-Key header.",
                          "detail": "Authentication credentials were not provided."}, 401)
        if key != accounts.session_key():
            return reply({"status": 401, "error": "invalid_session", "message": "Invalid session",
                          "detail": "Invalid session"}, 401)
        return view(*args, **kwargs)

    return wrapper


def _tokens(user, code: str | None = None) -> dict:
    opened = accounts.login(user, code)
    return {"access_token": opened["access_token"], "refresh_token": opened["refresh_token"],
            "session_key": accounts.key_of(opened["access_token"]), "user_id": str(user.id), "email": user.email}


def _signed_in(user) -> dict:
    """Tokens for a user who just proved the mailbox is theirs; none while two-factor login is on
    (the password and a code are then needed: log in)."""
    if accounts.two_factor_enabled(user.id):
        return {"user_id": str(user.id), "email": user.email, "has_2fa": True}
    return _tokens(user)


# -- translations of the core's errors -----------------------------------------
def _register_errors(error):
    if error.code == 422:
        return {"password": (error.details or {}).get("json", {}).get("password", [error.description])}, 400
    return None


def _login_errors(error):
    if error.code == 403 and error.error == "email_not_verified":
        return {"error": NOT_VERIFIED, "email_verified": False}, 401
    if error.code == 401 and error.error == "two_factor_required":
        return {"error": "Two-factor code required.", "has_2fa": True, "two_factor_required": True}, 401
    if error.code == 401 and error.error == "invalid_credentials":
        return {"error": "Invalid credentials"}, 401
    if error.code in (400, 401) and error.error in ("invalid_code", "code_reused", "invalid_challenge"):
        return {"error": "Invalid verification code.", "has_2fa": True}, 401
    return None


def _token_errors(error):
    if error.code == 400 and error.error in ("token_used", "token_expired"):
        return {"error": "Verification link has expired or already been used."}, 400
    if error.code == 400:
        return {"error": "Invalid verification token."}, 400
    return None


def _reset_errors(error):
    if error.code == 400 and error.error in ("token_used", "token_expired"):
        return {"error": "Password reset link has expired or already been used."}, 400
    if error.code == 400:
        return {"error": "Invalid password reset token."}, 400
    if error.code == 422:
        return {"password": (error.details or {}).get("json", {}).get("password", [error.description])}, 400
    return None


def _refresh_errors(error):
    if error.code == 401:
        return {"error": "Invalid or expired refresh token"}, 401
    return None


# -- auth ----------------------------------------------------------------------
@blp.route("/auth/register/", methods=["POST"])
@blp.public
@answers_as_original(_register_errors)
@blp.body(schemas.RegisterSchema)
@blp.response(201, schemas.RegisteredSchema)
def register(data):
    """Create an account from {full_name, email, password, password2}; a verification link is mailed."""
    user = services.register(data["full_name"], data["email"], data["password"])
    return {"message": "User registered successfully. Please check your email to verify your account.",
            "user_id": str(user.id), "email": user.email}


@blp.route("/auth/login/", methods=["POST"])
@blp.public
@answers_as_original(_login_errors)
@blp.body(schemas.LoginSchema)
@blp.response(200, schemas.LoginResultSchema)
def login(data):
    """Log in with {email, password} (and `code` when two-factor login is on): tokens and a session key."""
    user = accounts.authenticate(data["email"], data["password"])
    has_2fa = accounts.two_factor_enabled(user.id)
    return {**_tokens(user, data["code"]), "email_verified": user.email_verified, "has_2fa": has_2fa}


@blp.route("/auth/logout/", methods=["POST"])
@blp.auth_required
@blp.response(200, schemas.DetailSchema)
def logout():
    """End this session: its access and refresh tokens stop working at once (in both APIs)."""
    accounts.revoke_session(current_user.id, accounts.session_key())
    return {"detail": "Successfully logged out."}


@blp.route("/auth/logout-all/", methods=["POST"])
@blp.auth_required
@session_required
@blp.response(200, schemas.MessageSchema)
def logout_all():
    """End every session of the account, on every device."""
    accounts.logout_all(current_user)
    return {"message": "Successfully logged out from all devices"}


@blp.route("/auth/refresh-token/", methods=["POST"])
@blp.public
@answers_as_original(_refresh_errors)
@blp.body(schemas.RefreshSchema)
@blp.response(200, schemas.RefreshedSchema)
def refresh_token(data):
    """A new access token from {refresh_token, session_key}; the key must be the refresh token's session."""
    if not data["refresh_token"] or not data["session_key"]:
        return reply({"error": "Refresh token and session key are required"}, 400)
    if accounts.key_of(data["refresh_token"]) != data["session_key"]:
        return reply({"error": "Invalid session"}, 401)
    _, refreshed = accounts.refresh(data["refresh_token"])
    return {"access_token": refreshed["access_token"], "session_key": refreshed["session_key"]}


@blp.route("/auth/verify_email/", methods=["POST"])
@blp.public
@answers_as_original(_token_errors)
@blp.body(schemas.TokenSchema)
@blp.response(200, schemas.VerifiedSchema)
def verify_email(data):
    """Confirm the address with the mailed token; the answer signs the user in (not with two-factor login on)."""
    user = accounts.verify_email(data["token"])
    return {"message": "Email verified successfully.", **_signed_in(user)}


@blp.route("/auth/resend-verification-email/", methods=["POST"])
@blp.public
@answers_as_original()
@blp.body(schemas.EmailSchema)
@blp.response(200, schemas.MessageSchema)
def resend_verification_email(data):
    """Mail a new verification link; the answer is the same whether or not the address has an account."""
    if not (data["email"] or "").strip():
        return reply({"error": "Email is required."}, 400)
    accounts.request_verification(data["email"])
    return {"message": "If a user with this email exists, a verification email has been sent."}


@blp.route("/auth/check-email-verification/", methods=["POST"])
@blp.public
@answers_as_original()
@blp.body(schemas.EmailSchema)
@blp.response(200, schemas.EmailStatusSchema)
def check_email_verification(data):
    """Whether an address is verified: told only to its signed-in owner (everyone else learns nothing)."""
    email = (data["email"] or "").strip()
    if not email:
        return reply({"error": "Email is required."}, 400)
    header = request.headers.get("Authorization", "")
    caller = accounts.token_user(header[7:]) if header[:7].lower() == "bearer " else None
    if caller is not None and caller.email == email.lower():
        return {"is_verified": caller.email_verified, "user_id": str(caller.id), "email": caller.email}
    return {"is_verified": False, "user_id": None, "email": email}


@blp.route("/auth/password-reset-request/", methods=["POST"])
@blp.public
@answers_as_original()
@blp.body(schemas.RequiredEmailSchema)
@blp.response(200, schemas.MessageSchema)
def password_reset_request(data):
    """Mail a link to reset the password; the answer is the same whether or not the account exists."""
    accounts.request_password_reset(data["email"])
    return {"message": "If an account exists for this address, a password reset email has been sent. "
                       "Please check your inbox."}


@blp.route("/auth/password-reset-confirm/", methods=["POST"])
@blp.public
@answers_as_original(_reset_errors)
@blp.body(schemas.ResetConfirmSchema)
@blp.response(200, schemas.ResetDoneSchema)
def password_reset_confirm(data):
    """Set a new password with {token, password, password2}: every session ends, a new one is opened."""
    user = accounts.confirm_password_reset(data["token"], data["password"])
    return {"message": "Password has been reset successfully.", **_signed_in(user)}


@blp.route("/auth/sessions/", methods=["GET"])
@blp.auth_required
@session_required
@blp.response(200, schemas.SessionListSchema)
def list_sessions():
    """The account's active sessions; `is_current` marks this one."""
    current = accounts.session_key()
    found = accounts.active_sessions(current_user.id)
    for session in found:
        session.is_current = session.sid == current
    return {"sessions": found}


@blp.route("/auth/sessions/", methods=["DELETE"])
@blp.auth_required
@session_required
@answers_as_original()
@blp.body(schemas.SessionKeySchema)
@blp.response(200, schemas.MessageSchema)
def delete_session(data):
    """End one session by its {session_key}: its tokens stop working at once, in both APIs."""
    if not data["session_key"]:
        return reply({"error": "Session key is required"}, 400)
    if not accounts.revoke_session(current_user.id, data["session_key"]):
        return reply({"error": "Session not found"}, 404)
    return {"message": "Session terminated successfully"}


# -- profile -------------------------------------------------------------------
@blp.route("/profile/", methods=["GET"])
@blp.auth_required
@session_required
@blp.response(200, schemas.ProfileSchema)
def get_profile():
    """The profile in the original's fields (weight, height, comma-separated allergies, gender_locked)."""
    return services.profile_view(current_user)


@blp.route("/profile/", methods=["PATCH"])
@blp.auth_required
@session_required
@answers_as_original()
@blp.body(schemas.ProfileUpdateSchema)
@blp.response(200, schemas.ProfileSchema)
def patch_profile(changes):
    """Change some fields, JSON or multipart; a country name becomes its ISO code, allergies a list."""
    services.update_profile(current_user.id, changes)
    return services.profile_view(current_user)


@blp.route("/profile/confirm-gender/", methods=["POST"])
@blp.auth_required
@session_required
@blp.response(200, schemas.GenderConfirmedSchema)
def confirm_gender():
    """Confirm the gender: it cannot be changed afterwards."""
    problem = services.confirm_gender(current_user.id)
    if problem:
        return reply({"detail": problem}, 400)
    return {"detail": "Gender has been confirmed and cannot be changed in the future.",
            "profile": services.profile_view(current_user)}


# -- health --------------------------------------------------------------------
@blp.route("/health/", methods=["GET"])
@blp.public
@blp.response(200, schemas.HealthSchema)
@blp.alt_response(503, schema=schemas.HealthSchema, description="The database (or Redis) is down.")
def health():
    """healthy or unhealthy, from Hygeia's own health report."""
    return services.health_view(health_report())


@blp.route("/health/authenticated/", methods=["GET"])
@blp.auth_required
@session_required
@blp.response(200, schemas.AuthenticatedHealthSchema)
def authenticated_health():
    """The latest health check, for signed-in users."""
    return services.authenticated_health_view(health_report())


# -- two-factor login (over Hygeia's /api/auth/2fa/ routes) ------------------------------
def _code_fields(code: str) -> dict:
    code = code.strip()
    return {"recovery_code": code} if "-" in code or len(code) > 6 else {"code": code}


@blp.route("/auth/2fa/setup/", methods=["GET"])
@blp.auth_required
@session_required
@blp.response(200, schemas.TwoFactorSetupOutSchema)
@blp.alt_response(400, description="Setting two-factor login up needs the password: POST it here.")
def two_factor_setup_without_password():
    """Refused: setting up two-factor login needs the password (POST {password} to this path)."""
    return reply({"error": "Setting up 2FA needs your password: POST {\"password\": ...} to this address."}, 400)


@blp.route("/auth/2fa/setup/", methods=["POST"])
@blp.auth_required
@session_required
@answers_as_original()
@blp.body(schemas.PasswordInSchema)
@blp.response(200, schemas.TwoFactorSetupOutSchema)
def two_factor_setup(data):
    """Start setting up two-factor login with {password}: a QR code for the authenticator app."""
    if not data["password"]:
        return reply({"password": ["This field is required."]}, 400)
    answer = call_route("POST", "/api/auth/2fa/setup/", json={"password": data["password"]})
    if answer.status == 409:
        return reply({"error": "2FA is already set up for this account."}, 400)
    if answer.status == 403:
        return reply({"error": "The password is wrong."}, 403)
    if answer.status != 200:
        return reply(answer.body, answer.status)
    return {"qr_code": answer.body["qr_code"], "created_at": datetime.now(timezone.utc).isoformat()}


@blp.route("/auth/2fa/verify/", methods=["POST"])
@blp.auth_required
@session_required
@answers_as_original()
@blp.body(schemas.TwoFactorCodeInSchema)
@blp.response(200, schemas.TwoFactorVerifiedSchema)
def two_factor_verify(data):
    """Turn two-factor login on with a first code {token}; the recovery codes are shown only now."""
    if not data["token"]:
        return reply({"token": ["This field is required."]}, 400)
    answer = call_route("POST", "/api/auth/2fa/confirm/", json={"code": data["token"].strip()})
    if answer.status == 409 and (answer.body or {}).get("error") == "two_factor_not_set_up":
        return reply({"error": "TOTP setup not found. Please set up 2FA first."}, 404)
    if answer.status in (400, 409):
        return reply({"error": "Invalid verification code."}, 400)
    if answer.status != 200:
        return reply(answer.body, answer.status)
    return {"message": "2FA has been successfully set up.", "is_verified": True,
            "recovery_codes": answer.body["recovery_codes"]}


@blp.route("/auth/2fa/status/", methods=["GET"])
@blp.auth_required
@session_required
@blp.response(200, schemas.TwoFactorStatusOutSchema)
def two_factor_status():
    """Whether two-factor login is on."""
    answer = call_route("GET", "/api/auth/2fa/")
    if answer.status != 200:
        return reply(answer.body, answer.status)
    if not answer.body["enabled"]:
        return {"has_2fa": False}
    return {"has_2fa": True, "created_at": answer.body["enabled_at"]}


@blp.route("/auth/2fa/disable/", methods=["POST"])
@blp.auth_required
@session_required
@answers_as_original()
@blp.body(schemas.TwoFactorDisableInSchema)
@blp.response(200, schemas.MessageSchema)
def two_factor_disable(data):
    """Turn two-factor login off: needs {password, token} (a current or recovery code)."""
    if not data["password"] or not data["token"]:
        return reply({"error": "Turning 2FA off needs your password and a current code (password, token)."}, 400)
    answer = call_route("POST", "/api/auth/2fa/disable/",
                        json={"password": data["password"], **_code_fields(data["token"])})
    if answer.status == 409:
        return reply({"error": "2FA is not enabled for this account."}, 404)
    if answer.status == 400:
        return reply({"error": "Invalid verification code."}, 400)
    if answer.status == 403:
        return reply({"error": "The password is wrong."}, 403)
    if answer.status != 204:
        return reply(answer.body, answer.status)
    return {"message": "2FA has been successfully disabled."}
