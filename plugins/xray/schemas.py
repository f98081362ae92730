"""Request and response shapes of /api/xray-analyses."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from plugins.xray.models import STATUSES

EXAMPLE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
EXAMPLE_FINDINGS = [{"label": "Effusion", "probability": 0.81, "threshold": 0.5}]
EXAMPLE_MODEL = {"name": "DenseNet121 (TorchXRayVision-style)", "version": "densenet121-res224-all",
                 "format": "torchxrayvision", "labels": 18,
                 "weights_sha256": "cd910e21d2ba0a686db33ca45d96927a660260a172381a8d646621f295ebd2d1"}
EXAMPLE_EXPLANATION = {"status": "ready", "model": "Qwen/Qwen2.5-7B-Instruct",
                       "text": "The model's score suggests fluid around a lung (an effusion). Please discuss "
                               "the image with your doctor."}
EXAMPLE_DICOM = {"modality": "CR", "body_part": "CHEST", "view_position": "PA", "photometric": "MONOCHROME2",
                 "bits_stored": 8, "transfer_syntax": "1.2.840.10008.1.2.4.50"}
DISCLAIMER_EXAMPLE = "This is an automated screening aid, not a diagnosis. ..."


class UploadSchema(ma.Schema):
    file = Upload(required=True, metadata={"description": "A chest radiograph: PNG, JPEG or DICOM (checked by "
                                                          "content). Only its pixels are kept."})


class ImageSchema(ma.Schema):
    format = ma.fields.String(metadata={"example": "dicom", "description": "png, jpeg or dicom"})
    width = ma.fields.Integer(metadata={"example": 1024})
    height = ma.fields.Integer(metadata={"example": 1024})
    bit_depth = ma.fields.Integer(metadata={"example": 8})
    size_bytes = ma.fields.Integer(metadata={"example": 127290})
    dicom = ma.fields.Dict(allow_none=True, metadata={
        "description": "Modality, body part, view position, photometric interpretation, bits stored "
                       "(DICOM uploads only).", "example": EXAMPLE_DICOM})


class FindingSchema(ma.Schema):
    label = ma.fields.String(metadata={"example": "Effusion"})
    probability = ma.fields.Float(metadata={"example": 0.81})
    threshold = ma.fields.Float(metadata={"example": 0.5})


class ModelInfoSchema(ma.Schema):
    name = ma.fields.String(metadata={"example": EXAMPLE_MODEL["name"]})
    version = ma.fields.String(metadata={"example": EXAMPLE_MODEL["version"]})
    format = ma.fields.String(metadata={"description": "torchxrayvision, monai-bundle or state-dict",
                                        "example": "torchxrayvision"})
    weights_sha256 = ma.fields.String(metadata={"example": EXAMPLE_MODEL["weights_sha256"]})
    labels = ma.fields.Integer(metadata={"example": 18})


class ExplanationSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "pending, ready or unavailable", "example": "ready"})
    text = ma.fields.String(allow_none=True, metadata={"example": EXAMPLE_EXPLANATION["text"]})
    unavailable_notice = ma.fields.String(allow_none=True, metadata={
        "description": "Only when status is unavailable: why, and whether to try again later (no AI model is "
                       "configured on this server, or the AI service could not answer)", "example": None})
    model = ma.fields.String(allow_none=True, metadata={"example": EXAMPLE_EXPLANATION["model"]})


class ResultSchema(ma.Schema):
    probabilities = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), metadata={
        "description": "Every label's probability.", "example": {"Effusion": 0.81, "Cardiomegaly": 0.12}})
    thresholds = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), metadata={
        "description": "Every label's threshold.", "example": {"Effusion": 0.5, "Cardiomegaly": 0.5}})
    findings = ma.fields.List(ma.fields.Nested(FindingSchema), metadata={
        "description": "Above threshold, most probable first.", "example": EXAMPLE_FINDINGS})
    top_finding = ma.fields.String(allow_none=True, metadata={"example": "Effusion"})
    model = ma.fields.Nested(ModelInfoSchema, metadata={"example": EXAMPLE_MODEL})
    inference_ms = ma.fields.Float(metadata={"description": "Model time per image in its batch.", "example": 92.4})
    batch_size = ma.fields.Integer(metadata={"example": 4})
    heatmap_url = ma.fields.String(allow_none=True, metadata={
        "example": f"/api/xray-analyses/{EXAMPLE_ID}/heatmap"})
    heatmap_label = ma.fields.String(allow_none=True, metadata={
        "description": "The class the heatmap shows.", "example": "Effusion"})
    explanation = ma.fields.Nested(ExplanationSchema, metadata={"example": EXAMPLE_EXPLANATION})
    disclaimer = ma.fields.String(metadata={"example": DISCLAIMER_EXAMPLE})


EXAMPLE_RESULT = {
    "probabilities": {"Effusion": 0.81, "Cardiomegaly": 0.12}, "thresholds": {"Effusion": 0.5, "Cardiomegaly": 0.5},
    "findings": EXAMPLE_FINDINGS, "top_finding": "Effusion", "model": EXAMPLE_MODEL, "inference_ms": 92.4,
    "batch_size": 4, "heatmap_url": f"/api/xray-analyses/{EXAMPLE_ID}/heatmap", "heatmap_label": "Effusion",
    "explanation": EXAMPLE_EXPLANATION, "disclaimer": DISCLAIMER_EXAMPLE,
}


class AnalysisSchema(ma.Schema):
    id = ma.fields.UUID(metadata={"example": EXAMPLE_ID})
    status = ma.fields.String(metadata={"enum": list(STATUSES), "example": "done"})
    created_at = ma.fields.DateTime(metadata={"example": "2026-11-24T21:55:03.120000+00:00"})
    started_at = ma.fields.DateTime(allow_none=True, metadata={"example": "2026-11-24T21:55:03.410000+00:00"})
    finished_at = ma.fields.DateTime(allow_none=True, metadata={"example": "2026-11-24T21:55:03.780000+00:00"})
    image = ma.fields.Nested(ImageSchema)
    result = ma.fields.Nested(ResultSchema, allow_none=True, metadata={
        "description": "When status is done.", "example": EXAMPLE_RESULT})
    error = ma.fields.String(allow_none=True, metadata={
        "description": "When status is failed.", "example": "The stored image is missing; upload it again."})
