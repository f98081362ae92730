"""One radiograph, six files: 8-bit PNG, 16-bit PNG, JPEG, DICOM (12 bits, MONOCHROME2 and MONOCHROME1) and
JPEG-compressed DICOM give the same network input and the same scores, through the decoder and the stored form
the pipeline reads, with the demo weights (trained with the same rule)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from plugins.xray.demo import demo_files
from plugins.xray.imaging import Limits, decode_upload, encode_pixels, read_stored
from plugins.xray.model import ChestModel, preprocessing
from plugins.xray.normalisation import apply_rule
from plugins.xray.training.data import upload_pixels
from plugins.xray.weights import WeightsError, inspect, read_labels
from tests.data_files import fixture
from tests.plugins.xray.images import dicom_bytes, jpeg_bytes, png_bytes

LIMITS = Limits(128, 8192, 40_000_000)
RADIOGRAPH = "test038_normal_28px.png"  # PneumoniaMNIST test image 38: grey levels 71..210, not the full range
LOSSLESS = ("png16", "dicom", "dicom_monochrome1")


@pytest.fixture(scope="module")
def pixels() -> np.ndarray:
    """The radiograph as an 8-bit 256 px image, the way a user would upload it."""
    return upload_pixels(np.asarray(Image.open(fixture("pneumoniamnist", RADIOGRAPH))))


@pytest.fixture(scope="module")
def demo_model() -> ChestModel:
    weights, labels, _ = demo_files()
    return ChestModel(inspect(weights, "state-dict", labels))


def variants(pixels: np.ndarray) -> dict[str, bytes]:
    twelve = pixels.astype(np.uint16) * 16 + 7  # the same grey levels on a 12-bit scale, with an offset
    jpeg = jpeg_bytes(pixels)
    return {
        "png8": png_bytes(pixels),
        "png16": png_bytes(twelve),
        "jpeg": jpeg,
        "dicom": dicom_bytes(twelve, bits_stored=12),
        "dicom_monochrome1": dicom_bytes(4095 - twelve, photometric="MONOCHROME1", bits_stored=12),
        "dicom_jpeg": dicom_bytes(pixels, jpeg=jpeg),
    }


def stored(data: bytes, tmp_path, name: str) -> np.ndarray:
    """Decode the upload and read it back as the job does (the stored .npy, scaled to 0..1)."""
    path = tmp_path / f"{name}.npy"
    path.write_bytes(encode_pixels(decode_upload(data, LIMITS).pixels))
    return read_stored(str(path))


def test_every_input_type_gives_the_same_network_input(pixels, demo_model, tmp_path):
    files = variants(pixels)
    decoded = {name: decode_upload(data, LIMITS) for name, data in files.items()}
    assert {name: (d.source_format, d.bit_depth) for name, d in decoded.items()} == {
        "png8": ("png", 8), "png16": ("png", 16), "jpeg": ("jpeg", 8), "dicom": ("dicom", 12),
        "dicom_monochrome1": ("dicom", 12), "dicom_jpeg": ("dicom", 8)}
    inputs = {name: demo_model.preprocess(stored(data, tmp_path, name)) for name, data in files.items()}
    reference = inputs["png8"]
    assert tuple(reference.shape) == (1, 128, 128)
    assert float(reference.min()) == 0.0 and float(reference.max()) == 1.0  # stretched, whatever the source
    for name in LOSSLESS:
        assert float((inputs[name] - reference).abs().max()) < 1e-4, name
    # the lossy ones differ by JPEG's error only; the JPEG inside the DICOM decodes like the bare JPEG
    assert float((inputs["jpeg"] - reference).abs().mean()) < 0.01
    assert float((inputs["dicom_jpeg"] - inputs["jpeg"]).abs().max()) < 1e-4

    # the rule matters here: scaled by its bit depth instead, the 8-bit file would reach the network
    # darker and flatter than the 16-bit one (this image does not use the whole 0..255 range)
    assert pixels.min() > 0 and pixels.max() < 255
    by_depth = torch.nn.functional.interpolate(torch.from_numpy(pixels / 255.0).float()[None, None], size=128,
                                               mode="area")[0]
    assert float((by_depth - reference).abs().max()) > 0.2


def test_every_input_type_gets_the_same_scores_and_heatmap(pixels, demo_model, tmp_path):
    files = variants(pixels)
    predictions = dict(zip(files, demo_model.predict([stored(d, tmp_path, n) for n, d in files.items()])))
    reference = predictions["png8"]
    assert 0.02 < reference.probabilities[0] < 0.98  # not saturated, so a difference would show
    for name, prediction in predictions.items():
        tolerance = 1e-4 if name in LOSSLESS else 0.02
        assert abs(prediction.probabilities[0] - reference.probabilities[0]) < tolerance, name
        assert prediction.cam.shape == (8, 8)
        assert np.abs(prediction.cam - reference.cam).max() < (0.01 if name in LOSSLESS else 0.1), name


def test_the_rule_is_declared_by_the_weights_and_recorded(demo_model, tmp_path):
    _, labels, _ = demo_files()
    assert read_labels(labels)["normalisation"] == "minmax" == demo_model.spec.normalisation
    unknown = tmp_path / "labels.json"
    unknown.write_text('{"labels": ["Pneumonia"], "normalisation": "by-bit-depth"}')
    with pytest.raises(WeightsError, match="normalisation 'by-bit-depth' is not one this plugin applies"):
        read_labels(str(unknown))


def test_apply_rule_maps_each_image_onto_the_range_and_leaves_a_flat_image_at_its_low_end():
    images = torch.stack([torch.linspace(3, 9, 16).reshape(4, 4), torch.full((4, 4), 5.0)])
    out = apply_rule(images, "minmax", -1024.0, 1024.0)
    assert out[0].min() == -1024.0 and out[0].max() == 1024.0 and torch.all(out[1] == -1024.0)
    with pytest.raises(ValueError, match="unknown normalisation rule"):
        apply_rule(images, "fixed", 0.0, 1.0)


def test_training_sees_what_inference_sees(pixels, demo_model, tmp_path):
    """The training script's view of a 28 px image (its own upscaling, then the same rule) and the plugin's
    preprocessing of the uploaded PNG differ only by the two bicubic implementations (torch and Pillow)."""
    from plugins.xray.training.train_demo import upload_view

    image28 = np.asarray(Image.open(fixture("pneumoniamnist", RADIOGRAPH)), dtype=np.float32) / 255.0
    trained = upload_view(torch.from_numpy(image28)[None, None])[0]
    served = preprocessing(demo_model.spec)(stored(png_bytes(pixels), tmp_path, "png"))
    assert trained.shape == served.shape and float((trained - served).abs().mean()) < 0.01
