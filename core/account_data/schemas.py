import marshmallow as ma


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
    stored_files = ma.fields.List(ma.fields.Nested(StoredFileSchema), required=True, metadata={
        "description": "Every file stored for your records (uploaded images, heatmaps)."})
    plugins = ma.fields.Dict(required=True, metadata={
        "description": "Each enabled plugin's records of the user, by plugin name.",
        "example": {"symptoms": [{"id": "0b9f6f1e-2d7c-4a4e-8d55-2b1f3c9e7a10"}]}})


class DeleteAccountSchema(ma.Schema):
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=1, max=128),
                                metadata={"description": "The account's password, to confirm.",
                                          "example": "correct horse battery 9"})
