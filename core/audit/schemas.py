import marshmallow as ma


class AuditEventSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    at = ma.fields.DateTime(required=True, metadata={"description": "When (UTC)."})
    action = ma.fields.String(required=True, metadata={"example": "read",
                                                       "description": "read, create, update or delete."})
    method = ma.fields.String(required=True, metadata={"example": "GET"})
    route = ma.fields.String(required=True, metadata={"example": "/api/consultations/<uuid:consultation_id>/",
                                                      "description": "The endpoint, without query or body."})
    record_id = ma.fields.String(required=True, allow_none=True,
                                 metadata={"example": "3f2b8c1e-6a0d-4a57-9a53-8f4f0a3f9d21"})
    status = ma.fields.Integer(required=True, metadata={"example": 200})
    actor_id = ma.fields.UUID(required=True, metadata={"description": "Who made the request."})
    ip = ma.fields.String(required=True, metadata={"example": "203.0.113.7"})
    user_agent = ma.fields.String(required=True, metadata={"example": "HygeiaApp/2.3 (Android 14)"})


class AuditQuerySchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    page_size = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))
    action = ma.fields.String(validate=ma.validate.OneOf(["read", "create", "update", "delete"]))
