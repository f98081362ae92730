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
