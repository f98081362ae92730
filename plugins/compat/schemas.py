"""Request and response bodies in the original backend's field names, with examples."""

import datetime as dt

import marshmallow as ma
from flask_smorest.fields import Upload

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


# -- records: chat, consultations, research, X-rays ---------------------------------
ID = {"example": "3f2b8c1e-7a4d-4e2b-9c61-5d8e0f1a2b3c"}
DIAGNOSIS = ('{"diagnosis": {"conditions": [], "next_steps": ["Rest and drink fluids."], "urgent": [], '
             '"advice": "A headache with a mild fever is often a viral infection.", "clarification": []}, '
             '"triage_level": "self_care", "disclaimer": "This is health information, not a diagnosis."}')


class MessageOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    role = ma.fields.String(metadata={"example": "assistant"})
    content = ma.fields.String(metadata={"description": "The user's text; for the assistant a JSON string.",
                                         "example": DIAGNOSIS})
    created_at = ma.fields.String(metadata=WHEN)


class ChatSessionOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    title = ma.fields.String(metadata={"example": "New Chat"})
    created_at = ma.fields.String(metadata=WHEN)
    updated_at = ma.fields.String(metadata=WHEN)
    last_message = ma.fields.Nested(MessageOutSchema, allow_none=True, metadata={
        "description": "The newest message, or null.",
        "example": {"id": "b7e4a2d9-1c3f-4a8e-8d52-6f0e9c7b1a24", "role": "user",
                    "content": "I have a headache and fever", "created_at": "2026-12-04T18:30:00+00:00"}})


class ChatSessionDetailSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    title = ma.fields.String(metadata={"example": "Headache and fever"})
    created_at = ma.fields.String(metadata=WHEN)
    updated_at = ma.fields.String(metadata=WHEN)
    messages = ma.fields.List(ma.fields.Nested(MessageOutSchema))


class ChatSessionInSchema(Lenient):
    title = ma.fields.String(load_default=None, validate=ma.validate.Length(max=120),
                             metadata={"example": "Headache and fever"})


class ChatSessionFilterSchema(Lenient):
    title = ma.fields.String(load_default=None, metadata={"description": "Exact title.", "example": "New Chat"})
    created_at = ma.fields.AwareDateTime(load_default=None, default_timezone=dt.timezone.utc, metadata={
        "description": "Exact creation time (ISO 8601; UTC when no offset is given).",
        "example": "2026-12-06T09:30:00Z"})


class MessageInSchema(Lenient):
    content = ma.fields.String(load_default="", metadata={"example": "I have a headache and fever"})


class ExchangeSchema(ma.Schema):
    user_message = ma.fields.Nested(MessageOutSchema)
    ai_message = ma.fields.Nested(MessageOutSchema)


class ConsultationInSchema(Lenient):
    symptoms = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=4000),
                                metadata={"example": "Persistent cough for 3 days with mild fever"})
    language = ma.fields.String(load_default="en", validate=ma.validate.OneOf(("en", "fr", "es")),
                                metadata={"example": "en"})


class ConsultationOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    symptoms = ma.fields.String(metadata={"example": "Persistent cough for 3 days with mild fever"})
    diagnosis = ma.fields.String(metadata={"description": "A JSON string, as the original stored it.",
                                           "example": DIAGNOSIS})
    language = ma.fields.String(metadata={"example": "en"})
    created_at = ma.fields.String(metadata=WHEN)


class ResearchInSchema(Lenient):
    query = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=255),
                             metadata={"example": "metformin cardiovascular outcomes"})


class ArticleOutSchema(ma.Schema):
    title = ma.fields.String(metadata={"example": "Effect of intensive blood-glucose control with metformin"})
    authors = ma.fields.List(ma.fields.String(), metadata={"example": ["UKPDS Group"]})
    journal = ma.fields.String(allow_none=True, metadata={"example": "Lancet"})
    publication_date = ma.fields.String(allow_none=True, metadata={"example": "1998"})
    url = ma.fields.String(metadata={"example": "https://pubmed.ncbi.nlm.nih.gov/9742977/"})
    summary = ma.fields.String(metadata={"example": "Intensive glucose control with metformin..."})
    pmid = ma.fields.String(allow_none=True, metadata={"example": "9742977"})
    doi = ma.fields.String(allow_none=True, metadata={"example": "10.1016/S0140-6736(98)07037-8"})
    source = ma.fields.String(metadata={"example": "PubMed"})


class ResearchOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    query = ma.fields.String(metadata={"example": "metformin cardiovascular outcomes"})
    results = ma.fields.List(ma.fields.Nested(ArticleOutSchema))
    created_at = ma.fields.String(metadata=WHEN)


class XrayOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    image_url = ma.fields.String(allow_none=True, metadata={"description": "Always null: images are never public.",
                                                            "example": None})
    analysis_result = ma.fields.String(metadata={"example": "Processing..."})
    detected_conditions = ma.fields.Dict(metadata={"example": {}})
    confidence_scores = ma.fields.Dict(metadata={"example": {}})
    created_at = ma.fields.String(metadata=WHEN)


class XrayInSchema(ma.Schema):
    image = Upload(required=True, metadata={"description": "A chest radiograph: PNG, JPEG or DICOM."})


# -- two-factor login ---------------------------------------------------------------
class PasswordInSchema(Lenient):
    password = ma.fields.String(load_default=None, load_only=True, metadata=PASSWORD)


class TwoFactorSetupOutSchema(ma.Schema):
    qr_code = ma.fields.String(metadata={"description": "The otpauth URI as a QR code (an SVG data URI).",
                                         "example": "data:image/svg+xml,..."})
    created_at = ma.fields.String(metadata=WHEN)


class TwoFactorCodeInSchema(Lenient):
    token = ma.fields.String(load_default=None, validate=ma.validate.Length(max=32),
                             metadata={"description": "A code of the authenticator app (or, to disable, a "
                                                      "recovery code).", "example": "123456"})


class TwoFactorDisableInSchema(TwoFactorCodeInSchema):
    password = ma.fields.String(load_default=None, load_only=True, metadata=PASSWORD)


class TwoFactorVerifiedSchema(ma.Schema):
    message = ma.fields.String(metadata={"example": "2FA has been successfully set up."})
    is_verified = ma.fields.Boolean(metadata={"example": True})
    recovery_codes = ma.fields.List(ma.fields.String(), metadata={"example": ["abcd-efgh-jkmn"]})


class TwoFactorStatusOutSchema(ma.Schema):
    has_2fa = ma.fields.Boolean(metadata={"example": True})
    created_at = ma.fields.String(allow_none=True, metadata=WHEN)


class NewsArgsSchema(Lenient):
    source = ma.fields.String(load_default="all", metadata={"description": "all, who or cdc.", "example": "all"})
    limit = ma.fields.Integer(load_default=5, metadata={"description": "1 to 10 (default 5).", "example": 5})


class NewsOutSchema(ma.Schema):
    id = ma.fields.String(metadata=ID)
    title = ma.fields.String(metadata={"example": "World Diabetes Day: WHO calls for wider access to screening"})
    source = ma.fields.String(metadata={"example": "World Health Organization"})
    url = ma.fields.String(metadata={"example": "https://www.who.int/news/item/14-11-2026-world-diabetes-day"})
    summary = ma.fields.String(metadata={"example": "WHO calls for better access to screening."})
    image_url = ma.fields.String(allow_none=True, metadata={"example": None})
    published_date = ma.fields.String(allow_none=True, metadata={"example": "2026-11-14"})
    created_at = ma.fields.String(allow_none=True, metadata=WHEN)
