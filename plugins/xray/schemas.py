"""Request and response shapes of /api/xray-analyses."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from plugins.xray.demo import DEMO_NOTICE
from plugins.xray.models import STATUSES

EXAMPLE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
EXAMPLE_FINDINGS = [{"label": "Pneumonia", "probability": 0.97, "threshold": 0.8}]
EXAMPLE_CARD = {"data": "PneumoniaMNIST (MedMNIST v2), 28 px paediatric frontal chest X-rays, upsampled to 128 px",
                "licence": "CC BY 4.0", "attribution": "Yang et al., MedMNIST v2, Sci Data 2023; Kermany et al., "
                                                       "Cell 2018",
                "intended_use": "Demonstrations and tests of this server; not for diagnosis",
                "test_auroc": 0.95, "card_file": "MODEL_CARD.md"}
EXAMPLE_MODEL = {"name": "DenseNet121 PneumoniaMNIST (28 px, research demo)", "version": "pmnist28-d121-128px-e3",
                 "format": "state-dict", "labels": 1, "normalisation": "minmax", "demo": True, "card": EXAMPLE_CARD,
                 "weights_sha256": "cd910e21d2ba0a686db33ca45d96927a660260a172381a8d646621f295ebd2d1"}
EXAMPLE_EXPLANATION = {"status": "ready", "model": "Qwen/Qwen2.5-7B-Instruct",
                       "text": f"{DEMO_NOTICE}\n\nThe model's score is high for pneumonia, a lung infection. "
                               "Please discuss the image with your doctor."}
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
    label = ma.fields.String(metadata={"example": "Pneumonia"})
    probability = ma.fields.Float(metadata={"example": 0.97})
    threshold = ma.fields.Float(metadata={"example": 0.8})


class ModelInfoSchema(ma.Schema):
    name = ma.fields.String(metadata={"example": EXAMPLE_MODEL["name"]})
    version = ma.fields.String(metadata={"example": EXAMPLE_MODEL["version"]})
    format = ma.fields.String(metadata={"description": "torchxrayvision, monai-bundle or state-dict",
                                        "example": "torchxrayvision"})
    weights_sha256 = ma.fields.String(metadata={"example": EXAMPLE_MODEL["weights_sha256"]})
    labels = ma.fields.Integer(metadata={"example": 1})
    normalisation = ma.fields.String(metadata={
        "description": "The intensity rule applied to every input format alike (minmax: each image stretched "
                       "onto the weights' intensity range after resizing)", "example": "minmax"})
    demo = ma.fields.Boolean(metadata={"description": "True for the research demo weights (see demo_notice)",
                                       "example": True})
    card = ma.fields.Dict(allow_none=True, metadata={
        "description": "The model card's summary, when the weights have one: data, licence and attribution, "
                       "intended use, test figures", "example": EXAMPLE_CARD})


class ExplanationSchema(ma.Schema):
    status = ma.fields.String(metadata={"description": "pending, ready or unavailable", "example": "ready"})
    text = ma.fields.String(allow_none=True, metadata={"example": EXAMPLE_EXPLANATION["text"]})
    unavailable_notice = ma.fields.String(allow_none=True, metadata={
        "description": "Only when status is unavailable: why, and whether to try again later (no AI model is "
                       "configured on this server, or the AI service could not answer)", "example": None})
    model = ma.fields.String(allow_none=True, metadata={"example": EXAMPLE_EXPLANATION["model"]})


class ResultSchema(ma.Schema):
    probabilities = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), metadata={
        "description": "Every label's probability.", "example": {"Pneumonia": 0.97}})
    thresholds = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), metadata={
        "description": "Every label's threshold.", "example": {"Pneumonia": 0.8}})
    findings = ma.fields.List(ma.fields.Nested(FindingSchema), metadata={
        "description": "Above threshold, most probable first.", "example": EXAMPLE_FINDINGS})
    top_finding = ma.fields.String(allow_none=True, metadata={"example": "Pneumonia"})
    model = ma.fields.Nested(ModelInfoSchema, metadata={"example": EXAMPLE_MODEL})
    inference_ms = ma.fields.Float(metadata={"description": "Model time per image in its batch.", "example": 92.4})
    batch_size = ma.fields.Integer(metadata={"example": 4})
    heatmap_url = ma.fields.String(allow_none=True, metadata={
        "example": f"/api/xray-analyses/{EXAMPLE_ID}/heatmap"})
    heatmap_label = ma.fields.String(allow_none=True, metadata={
        "description": "The class the heatmap shows.", "example": "Pneumonia"})
    explanation = ma.fields.Nested(ExplanationSchema, metadata={"example": EXAMPLE_EXPLANATION})
    disclaimer = ma.fields.String(metadata={"example": DISCLAIMER_EXAMPLE})
    demo_notice = ma.fields.String(allow_none=True, metadata={
        "description": "Set when the result comes from the research demo weights: what they are and that they "
                       "are not for diagnosis; null for other weights", "example": DEMO_NOTICE})


EXAMPLE_RESULT = {
    "probabilities": {"Pneumonia": 0.97}, "thresholds": {"Pneumonia": 0.8},
    "findings": EXAMPLE_FINDINGS, "top_finding": "Pneumonia", "model": EXAMPLE_MODEL, "inference_ms": 92.4,
    "batch_size": 4, "heatmap_url": f"/api/xray-analyses/{EXAMPLE_ID}/heatmap", "heatmap_label": "Pneumonia",
    "explanation": EXAMPLE_EXPLANATION, "disclaimer": DISCLAIMER_EXAMPLE, "demo_notice": DEMO_NOTICE,
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
