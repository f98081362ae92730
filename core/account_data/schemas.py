import marshmallow as ma

from core.audit.schemas import AuditEventSchema
from core.auth.schemas import TwoFactorStatusSchema


class ExportedSessionSchema(ma.Schema):
    """A login on one device, as kept: open, expired or ended."""

    id = ma.fields.UUID(required=True)
    device = ma.fields.String(required=True, metadata={"example": "Firefox 128 on Ubuntu"})
    user_agent = ma.fields.String(required=True)
    ip = ma.fields.String(required=True, metadata={"example": "203.0.113.7"})
    created_at = ma.fields.DateTime(required=True)
    last_used_at = ma.fields.DateTime(required=True)
    expires_at = ma.fields.DateTime(required=True)
    revoked_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "When it was ended."})


class AccountSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    email = ma.fields.String(required=True, metadata={"example": "amina@example.org"})
    created_at = ma.fields.DateTime(required=True)
    email_verified = ma.fields.Boolean(required=True)


class FhirSchema(ma.Schema):
    patient = ma.fields.Dict(required=True, metadata={
        "description": "A FHIR R4 Patient resource built from the profile.",
        "example": {"resourceType": "Patient", "id": "3f2b8c1e-6a0d-4a57-9a53-8f4f0a3f9d21", "gender": "female"}})
    bundle = ma.fields.Dict(required=True, metadata={
        "description": "A FHIR R4 collection Bundle: the Patient, then Observations (weight, height), "
                       "AllergyIntolerance, Condition and MedicationStatement resources from the profile.",
        "example": {"resourceType": "Bundle", "type": "collection", "entry": []}})


class StoredFileSchema(ma.Schema):
    plugin = ma.fields.String(required=True, metadata={"example": "xray"})
    record = ma.fields.String(required=True, metadata={"description": "The id of the record the file belongs to.",
                                                       "example": "5d0c1f7e-9a3b-4c2e-8f61-0e2d4b7a9c13"})
    kind = ma.fields.String(required=True, metadata={"description": "Which of the record's files.",
                                                     "example": "image_file"})
    size_bytes = ma.fields.Integer(required=True, metadata={"example": 1048704})
    download_url = ma.fields.String(allow_none=True, metadata={
        "description": "A link that downloads the file for STORAGE_SIGNED_URL_SECONDS, where the store can make "
                       "one (an object store); null with a local folder.",
        "example": "https://objects.example.org/hygeia/xray/1c9e...npy?X-Amz-Expires=300&X-Amz-Signature=..."})


class ExportSchema(ma.Schema):
    format = ma.fields.String(required=True, metadata={"example": "hygeia-export/1"})
    exported_at = ma.fields.DateTime(required=True)
    account = ma.fields.Nested(AccountSchema, required=True)
    profile = ma.fields.Dict(required=True, metadata={"description": "The health profile's fields.",
                                                      "example": {"age": 42, "allergies": ["penicillin"]}})
    fhir = ma.fields.Nested(FhirSchema, required=True)
    two_factor = ma.fields.Nested(TwoFactorStatusSchema, required=True)
    sessions = ma.fields.List(ma.fields.Nested(ExportedSessionSchema), required=True, metadata={
        "description": "Every login kept for the account, newest first (the tokens themselves are never kept)."})
    audit = ma.fields.List(ma.fields.Nested(AuditEventSchema), required=True, metadata={
        "description": "Every recorded access to your health data, newest first."})
    stored_files = ma.fields.List(ma.fields.Nested(StoredFileSchema), required=True, metadata={
        "description": "Every file stored for your records (uploaded images, heatmaps)."})
    plugins = ma.fields.Dict(required=True, metadata={
        "description": "Each enabled plugin's records of the user, by plugin name.",
        "example": {"symptoms": [{"id": "0b9f6f1e-2d7c-4a4e-8d55-2b1f3c9e7a10"}]}})


class DeleteAccountSchema(ma.Schema):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=1, max=128),
                                metadata={"description": "The account's password, to confirm.",
                                          "example": "correct horse battery 9"})
    code = ma.fields.String(load_only=True, validate=ma.validate.Length(min=1, max=16), metadata={
        "description": "With two-factor login on: a code of the authenticator app (or send recovery_code).",
        "example": "123456"})
    recovery_code = ma.fields.String(load_only=True, validate=ma.validate.Length(min=1, max=32), metadata={
        "description": "With two-factor login on, instead of code: one of the recovery codes.",
        "example": "abcd-efgh-jkmn"})

    @ma.validates_schema
    def _one_code_at_most(self, data, **kwargs):
        if "code" in data and "recovery_code" in data:
            raise ma.ValidationError("Send either code or recovery_code.", "_schema")
