"""Request and response bodies in the original backend's field names, with examples."""

import marshmallow as ma

from plugins.compat.wire import Lenient

EMAIL = {"example": "ana@example.org"}
PASSWORD = {"example": "a long passphrase 42"}
TOKEN = {"example": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."}
SESSION_KEY = {"description": "Goes in the X-Session-Key header next to the bearer token.",
               "example": "3f6c1f0e9b2a4d7c8e5f60718293a4b5"}
WHEN = {"example": "2026-12-04T18:30:00+00:00"}
GENDERS = ("male", "female", "other", "prefer_not_to_say", "non_binary")


class RegisterSchema(Lenient):
    full_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=150),
                                 metadata={"example": "Ana Wanjiru"})
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254), metadata=EMAIL)
    password = ma.fields.String(required=True, load_only=True, metadata=PASSWORD)
    password2 = ma.fields.String(required=True, load_only=True, metadata=PASSWORD)

    @ma.validates_schema
    def passwords_match(self, data, **kwargs):
        if data.get("password") != data.get("password2"):
            raise ma.ValidationError("Password fields didn't match.", "password")


class RegisteredSchema(ma.Schema):
    message = ma.fields.String(metadata={"example": "User registered successfully. Please check your email "
                                                    "to verify your account."})
    user_id = ma.fields.String(metadata={"example": "0b0e6a38-63a4-4bd5-9d36-0f3c1c7a9a51"})
    email = ma.fields.String(metadata=EMAIL)


class LoginSchema(Lenient):
    email = ma.fields.String(required=True, validate=ma.validate.Length(max=254), metadata=EMAIL)
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=1024),
                                metadata=PASSWORD)
    code = ma.fields.String(load_default=None, validate=ma.validate.Length(max=32),
                            metadata={"description": "With two-factor login on: a code from the authenticator "
                                                     "app, or a recovery code.", "example": "123456"})


class SessionTokensSchema(ma.Schema):
    access_token = ma.fields.String(metadata=TOKEN)
    refresh_token = ma.fields.String(metadata=TOKEN)
    session_key = ma.fields.String(metadata=SESSION_KEY)
    user_id = ma.fields.String(metadata={"example": "0b0e6a38-63a4-4bd5-9d36-0f3c1c7a9a51"})
    email = ma.fields.String(metadata=EMAIL)


class LoginResultSchema(SessionTokensSchema):
    email_verified = ma.fields.Boolean(metadata={"example": True})
    has_2fa = ma.fields.Boolean(metadata={"example": False})


class VerifiedSchema(SessionTokensSchema):
    message = ma.fields.String(metadata={"example": "Email verified successfully."})


class TokenSchema(Lenient):
    token = ma.fields.String(required=True, validate=ma.validate.Length(max=256),
                             metadata={"example": "Zq3v5n0sQ1k2m4p6r8t0v2x4z6B8D0F2H4J6L8N0P2"})


class EmailSchema(Lenient):
    email = ma.fields.String(load_default=None, validate=ma.validate.Length(max=254), metadata=EMAIL)


class RequiredEmailSchema(Lenient):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254), metadata=EMAIL)


class MessageSchema(ma.Schema):
    message = ma.fields.String(metadata={"example": "Password reset email has been sent. Please check your inbox."})


class DetailSchema(ma.Schema):
    detail = ma.fields.String(metadata={"example": "Successfully logged out."})


class RefreshSchema(Lenient):
    refresh_token = ma.fields.String(load_default=None, metadata=TOKEN)
    session_key = ma.fields.String(load_default=None, metadata=SESSION_KEY)


class RefreshedSchema(ma.Schema):
    access_token = ma.fields.String(metadata=TOKEN)
    session_key = ma.fields.String(metadata=SESSION_KEY)


class ResetConfirmSchema(TokenSchema):
    password = ma.fields.String(required=True, load_only=True, metadata=PASSWORD)
    password2 = ma.fields.String(required=True, load_only=True, metadata=PASSWORD)

    @ma.validates_schema
    def passwords_match(self, data, **kwargs):
        if data.get("password") != data.get("password2"):
            raise ma.ValidationError("Password fields didn't match.", "password")


class ResetDoneSchema(VerifiedSchema):
    pass


class EmailStatusSchema(ma.Schema):
    is_verified = ma.fields.Boolean(metadata={"example": False})
    user_id = ma.fields.String(allow_none=True, metadata={"example": None})
    email = ma.fields.String(metadata=EMAIL)


class SessionSchema(ma.Schema):
    session_key = ma.fields.String(attribute="sid", metadata=SESSION_KEY)
    device_info = ma.fields.String(attribute="device", metadata={"example": "Firefox 128 on Ubuntu"})
    ip_address = ma.fields.String(attribute="ip", metadata={"example": "203.0.113.7"})
    user_agent = ma.fields.String(metadata={"example": "Mozilla/5.0 (X11; Linux x86_64)"})
    created_at = ma.fields.DateTime(metadata=WHEN)
    last_activity = ma.fields.DateTime(attribute="last_used_at", metadata=WHEN)
    is_current = ma.fields.Boolean(metadata={"example": True})


class SessionListSchema(ma.Schema):
    sessions = ma.fields.List(ma.fields.Nested(SessionSchema))


class SessionKeySchema(Lenient):
    session_key = ma.fields.String(load_default=None, metadata=SESSION_KEY)


class ProfileUpdateSchema(Lenient):
    """The original's fields; every one is optional."""

    age = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0), metadata={"example": 34})
    gender = ma.fields.String(allow_none=True, validate=ma.validate.OneOf(GENDERS), metadata={"example": "female"})
    weight = ma.fields.Float(allow_none=True, metadata={"description": "Kilograms.", "example": 64.5})
    height = ma.fields.Float(allow_none=True, metadata={"description": "Centimetres.", "example": 168})
    country = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=100),
                               metadata={"description": "A country name or ISO code; stored as the ISO code.",
                                         "example": "Kenya"})
    allergies = ma.fields.Raw(allow_none=True, metadata={"description": "Comma-separated text (or a list).",
                                                         "example": "penicillin, peanuts"})
    preferred_language = ma.fields.String(validate=ma.validate.OneOf(("en", "es", "fr")), metadata={"example": "en"})


class ProfileSchema(ma.Schema):
    username = ma.fields.String(metadata={"example": "ana"})
    email = ma.fields.String(metadata=EMAIL)
    profile_picture = ma.fields.String(allow_none=True, metadata={"example": None})
    age = ma.fields.Integer(allow_none=True, metadata={"example": 34})
    gender = ma.fields.String(allow_none=True, metadata={"example": "female"})
    gender_locked = ma.fields.Boolean(metadata={"example": False})
    weight = ma.fields.Float(allow_none=True, metadata={"example": 64.5})
    height = ma.fields.Float(allow_none=True, metadata={"example": 168.0})
    country = ma.fields.String(metadata={"example": "KE"})
    allergies = ma.fields.String(metadata={"example": "penicillin, peanuts"})
    preferred_language = ma.fields.String(metadata={"example": "en"})
    created_at = ma.fields.DateTime(metadata=WHEN)
    updated_at = ma.fields.DateTime(allow_none=True, metadata=WHEN)


class GenderConfirmedSchema(ma.Schema):
    detail = ma.fields.String(metadata={"example": "Gender has been confirmed and cannot be changed in the future."})
    profile = ma.fields.Nested(ProfileSchema)


class HealthSchema(ma.Schema):
    status = ma.fields.String(metadata={"example": "healthy"})
    database = ma.fields.String(metadata={"example": "ok"})
    ai_system = ma.fields.String(metadata={"example": "ok"})
    version = ma.fields.String(metadata={"example": "1.0.0"})


class AuthenticatedHealthSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True, metadata={"example": None})
    timestamp = ma.fields.String(allow_none=True, metadata={"example": "2026-12-04T19:00:00+00:00"})
    status = ma.fields.String(metadata={"example": "operational"})
    services_status = ma.fields.Dict(metadata={"example": {"database": "ok", "redis": "ok"}})
    external_data = ma.fields.Dict(metadata={"example": {"breakers": {}}})
    user_message = ma.fields.String(metadata={"example": "System is fully operational"})
