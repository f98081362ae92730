import marshmallow as ma

from core.auth.passwords import MAX_LENGTH


class RegisterSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254),
                            metadata={"example": "ana@example.org"})
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=MAX_LENGTH),
                                metadata={"example": "a long passphrase 42"})


class LoginSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(max=254),
                             metadata={"example": "ana@example.org"})
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=MAX_LENGTH))


class UserSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True)
    email = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class TokensSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    refresh_token = ma.fields.String()
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "Seconds the access token lives."})


class LoginResultSchema(TokensSchema):
    """Tokens, or (with two-factor login on) a challenge to complete at /api/auth/2fa/verify/."""

    access_token = ma.fields.String()
    token_type = ma.fields.String(metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(required=True, metadata={
        "description": "Seconds the access token (or the two-factor challenge) lives."})
    two_factor_required = ma.fields.Boolean(required=True)
    challenge_token = ma.fields.String(metadata={"description": "Send it with a code to /api/auth/2fa/verify/."})
    methods = ma.fields.List(ma.fields.String(), metadata={"example": ["totp", "recovery_code"]})


class EmailSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=254),
                             metadata={"example": "ana@example.org"})


class MailedTokenSchema(ma.Schema):
    token = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=1, max=256),
                             metadata={"description": "The token from the mail."})


class PasswordResetConfirmSchema(MailedTokenSchema):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=MAX_LENGTH))


class AcceptedSchema(ma.Schema):
    message = ma.fields.String(required=True)


class VerifiedSchema(ma.Schema):
    email = ma.fields.String(dump_only=True)
    email_verified = ma.fields.Boolean(dump_only=True)


class _OneCode(ma.Schema):
    code = ma.fields.String(validate=ma.validate.Length(min=1, max=16),
                            metadata={"description": "The 6-digit code of the authenticator app.", "example": "123456"})
    recovery_code = ma.fields.String(validate=ma.validate.Length(min=1, max=32),
                                     metadata={"description": "One of the recovery codes.",
                                               "example": "abcd-efgh-jkmn"})

    @ma.validates_schema
    def _exactly_one(self, data, **kwargs):
        if ("code" in data) == ("recovery_code" in data):
            raise ma.ValidationError("Send either code or recovery_code.", "_schema")


class PasswordSchema(ma.Schema):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=MAX_LENGTH))


class CodeSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=16),
                            metadata={"description": "The 6-digit code of the authenticator app.", "example": "123456"})


class PasswordAndCodeSchema(_OneCode):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=MAX_LENGTH))


class TwoFactorVerifySchema(_OneCode):
    challenge_token = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256))


class TwoFactorStatusSchema(ma.Schema):
    enabled = ma.fields.Boolean(required=True)
    enabled_at = ma.fields.DateTime(allow_none=True)
    recovery_codes_left = ma.fields.Integer(required=True)


class TwoFactorSetupSchema(ma.Schema):
    secret = ma.fields.String(required=True, metadata={"description": "Base32 secret, to type in by hand."})
    otpauth_uri = ma.fields.String(required=True, metadata={"example": "otpauth://totp/Hygeia:ana%40example.org?..."})
    qr_code = ma.fields.String(required=True, metadata={"description": "The URI as a QR code: an SVG data URI."})


class RecoveryCodesSchema(ma.Schema):
    recovery_codes = ma.fields.List(ma.fields.String(), required=True, metadata={
        "description": "Ten one-time codes; shown only now, store them somewhere safe."})


class SessionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True)
    device = ma.fields.String(dump_only=True, metadata={"example": "Firefox 128 on Ubuntu"})
    user_agent = ma.fields.String(dump_only=True)
    ip = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    last_used_at = ma.fields.DateTime(dump_only=True)
    current = ma.fields.Boolean(dump_only=True, metadata={"description": "The session of this request's token."})
