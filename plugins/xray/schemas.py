"""Request and response shapes of /api/xray-analyses."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from plugins.xray.models import STATUSES


class UploadSchema(ma.Schema):
    file = Upload(required=True, metadata={"description": "A chest radiograph: PNG, JPEG or DICOM (checked by "
                                                          "content). Only its pixels are kept."})


class ImageSchema(ma.Schema):
    format = ma.fields.String(metadata={"example": "dicom"})
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    bit_depth = ma.fields.Integer()
    size_bytes = ma.fields.Integer()
    dicom = ma.fields.Dict(allow_none=True, metadata={
        "description": "Modality, body part, view position, photometric interpretation, bits stored."})


class FindingSchema(ma.Schema):
    label = ma.fields.String(metadata={"example": "Effusion"})
    probability = ma.fields.Float(metadata={"example": 0.81})
    threshold = ma.fields.Float(metadata={"example": 0.5})


class ModelInfoSchema(ma.Schema):
    name = ma.fields.String()
    version = ma.fields.String()
    format = ma.fields.String(metadata={"description": "torchxrayvision, monai-bundle or state-dict"})
    weights_sha256 = ma.fields.String()
    labels = ma.fields.Integer()


class ExplanationSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "pending, ready or unavailable"})
    text = ma.fields.String(allow_none=True)
    model = ma.fields.String(allow_none=True)


class ResultSchema(ma.Schema):
    probabilities = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float())
    thresholds = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float())
    findings = ma.fields.List(ma.fields.Nested(FindingSchema), metadata={"description": "Above threshold, "
                                                                                       "most probable first."})
    top_finding = ma.fields.String(allow_none=True)
    model = ma.fields.Nested(ModelInfoSchema)
    inference_ms = ma.fields.Float(metadata={"description": "Model time per image in its batch."})
    batch_size = ma.fields.Integer()
    heatmap_url = ma.fields.String(allow_none=True)
    heatmap_label = ma.fields.String(allow_none=True, metadata={"description": "The class the heatmap shows."})
    explanation = ma.fields.Nested(ExplanationSchema)
    disclaimer = ma.fields.String()


class AnalysisSchema(ma.Schema):
    id = ma.fields.UUID()
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    created_at = ma.fields.DateTime()
    started_at = ma.fields.DateTime(allow_none=True)
    finished_at = ma.fields.DateTime(allow_none=True)
    image = ma.fields.Nested(ImageSchema)
    result = ma.fields.Nested(ResultSchema, allow_none=True, metadata={"description": "When status is done."})
    error = ma.fields.String(allow_none=True, metadata={"description": "When status is failed."})
