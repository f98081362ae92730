import marshmallow as ma

from core.auth.models import User
from core.extensions import db

GENDERS = ("female", "male", "non_binary", "other", "prefer_not_to_say")
LANGUAGES = ("en", "es", "fr")


def _item_list(description: str, example: list[str]) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=100)),
        validate=ma.validate.Length(max=50),
        metadata={"description": description, "example": example},
    )


class ProfileUpdateSchema(ma.Schema):
    """Every field is optional; send null to clear a value."""

    age = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=130),
                            metadata={"description": "Years.", "example": 42})
    gender = ma.fields.String(allow_none=True, validate=ma.validate.OneOf(GENDERS), metadata={"example": "female"})
    weight_kg = ma.fields.Float(allow_none=True, validate=ma.validate.Range(min=0.5, max=500),
                                metadata={"description": "Kilograms.", "example": 68.5})
    height_cm = ma.fields.Float(allow_none=True, validate=ma.validate.Range(min=20, max=272),
                                metadata={"description": "Centimetres.", "example": 170})
    country = ma.fields.String(allow_none=True, validate=ma.validate.Regexp(r"^[A-Za-z]{2}$"),
                               metadata={"description": "ISO 3166-1 alpha-2 code.", "example": "KE"})
    preferred_language = ma.fields.String(validate=ma.validate.OneOf(LANGUAGES), metadata={"example": "en"})
    allergies = _item_list("Substances the user is allergic to.", ["penicillin", "peanut"])
    chronic_conditions = _item_list("Long-term conditions.", ["asthma"])
    current_medications = _item_list("Medicines taken now.", ["salbutamol"])
    dietary_preferences = _item_list("e.g. vegetarian, vegan, halal.", ["vegetarian"])

    @ma.post_load
    def normalise(self, data, **kwargs):
        if data.get("country"):
            data["country"] = data["country"].upper()
        for key in ("allergies", "chronic_conditions", "current_medications", "dietary_preferences"):
            if key in data:  # trimmed, without duplicates, order kept
                data[key] = list(dict.fromkeys(item.strip() for item in data[key] if item.strip()))
        return data


class ProfileSchema(ProfileUpdateSchema):
    email = ma.fields.String(dump_only=True)
    email_verified = ma.fields.Method("_email_verified", dump_only=True,
                                      metadata={"type": "boolean",
                                                "description": "Whether the address has been confirmed."})
    updated_at = ma.fields.DateTime(dump_only=True, allow_none=True)

    def _email_verified(self, profile) -> bool:
        user = db.session.get(User, profile.user_id)  # the caller, already loaded: no extra query
        return bool(user and user.email_verified)
