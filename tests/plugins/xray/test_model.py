"""Weights formats, strict loading, preprocessing, determinism and Grad-CAM."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from flask import Flask
from monai.visualize import GradCAM

from plugins.xray.imaging import Limits, decode_upload
from plugins.xray.model import ChestModel, preprocessing
from plugins.xray.results import summarise, thresholds_for, top_index
from plugins.xray.weights import XRV_PATHOLOGIES, WeightsError, inspect, load_network, read_labels, to_monai_names
from tests.plugins.xray.conftest import HIGH, sample_bytes, to_torchvision_names

LIMITS = Limits(128, 8192, 40_000_000)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    with Flask(__name__, instance_path=str(tmp_path_factory.mktemp("instance"))).app_context():
        yield


@pytest.fixture(scope="module")
def xrv_model(weights_files, context) -> ChestModel:
    return ChestModel(inspect(str(weights_files.xrv)))


def sample(name: str) -> np.ndarray:
    pixels = decode_upload(sample_bytes(name), LIMITS).pixels
    return pixels.astype(np.float32) / (255.0 if pixels.dtype == np.uint8 else 65535.0)


def test_torchxrayvision_state_dict_loads_strictly_with_every_tensor(weights_files, xrv_model):
    spec = xrv_model.spec
    assert (spec.format, spec.labels, spec.image_size, spec.intensity_range) == (
        "torchxrayvision", XRV_PATHOLOGIES, 224, (-1024.0, 1024.0))
    assert spec.sha256 == weights_files.hash(weights_files.xrv)
    loaded = xrv_model.network.state_dict()
    assert set(loaded) == set(weights_files.monai_state)  # all 727 names matched, nothing dropped
    for key, value in weights_files.monai_state.items():
        assert torch.equal(loaded[key], value), key
    # op_threshs become thresholds; the NaN (an untrained output) is left to the default
    assert spec.thresholds["Atelectasis"] == pytest.approx(0.6) and "Consolidation" not in spec.thresholds


def test_old_torchvision_names_are_remapped_too():
    state = to_torchvision_names(OrderedState({"features.denseblock1.denselayer1.layers.norm1.weight": torch.ones(1)}))
    old = {key.replace("norm1", "norm.1"): value for key, value in state.items()}
    assert list(to_monai_names(old)) == ["features.denseblock1.denselayer1.layers.norm1.weight"]


def OrderedState(values):  # noqa: N802 - reads as a constructor in the test above
    from collections import OrderedDict

    return OrderedDict(values)


def test_monai_bundle_gives_labels_size_and_range(weights_files, context):
    spec = inspect(str(weights_files.bundle))
    assert spec.format == "monai-bundle" and (spec.name, spec.version) == ("Test chest bundle", "0.3.1")
    assert spec.labels == ["Atelectasis", "Opacity", "Nodule", "Mass"]
    assert spec.image_size == 256 and spec.intensity_range == (0.0, 1.0)
    assert spec.sha256 == weights_files.hash(weights_files.bundle)


def test_plain_state_dict_with_labels_files(weights_files, context):
    from_txt = inspect(str(weights_files.plain), labels_path=str(weights_files.labels_txt))
    assert from_txt.format == "state-dict" and from_txt.labels == ["Effusion", "Pneumothorax", "Edema"]
    from_json = inspect(str(weights_files.plain), labels_path=str(weights_files.labels_json))
    assert (from_json.image_size, from_json.intensity_range, from_json.name) == (192, (-1.0, 1.0), "Plain test")
    assert from_json.thresholds == {"Edema": 0.9}


def test_weights_that_do_not_fit_are_refused(weights_files, tmp_path, context):
    with pytest.raises(WeightsError, match="needs a labels file|give a labels file"):
        inspect(str(weights_files.plain), fmt="state-dict")
    (tmp_path / "two.txt").write_text("A\nB\n")
    with pytest.raises(WeightsError, match="3 outputs but the labels file lists 2"):
        inspect(str(weights_files.plain), labels_path=str(tmp_path / "two.txt"))
    broken = dict(torch.load(weights_files.xrv, weights_only=True))
    del broken["features.denseblock2.denselayer3.conv2.weight"]
    torch.save(broken, tmp_path / "broken.pt")
    with pytest.raises(WeightsError, match="do not fit MONAI DenseNet121"):
        inspect(str(tmp_path / "broken.pt"))
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(WeightsError, match="not a readable PyTorch state dict"):
        inspect(str(tmp_path / "junk.pt"))
    (tmp_path / "dupes.txt").write_text("A\nA\nB\n")
    with pytest.raises(WeightsError, match="twice"):
        read_labels(str(tmp_path / "dupes.txt"))


def test_changed_weights_file_fails_its_hash(weights_files, tmp_path, context):
    spec = inspect(str(weights_files.xrv))
    copy = tmp_path / "copy.pt"
    copy.write_bytes(weights_files.xrv.read_bytes() + b"\0")
    spec.weights_file = str(copy)
    with pytest.raises(WeightsError, match="does not match its recorded SHA-256"):
        load_network(spec)


def test_preprocessing_shapes_and_ranges(weights_files, xrv_model, context):
    for name in ("00000001_000.png", "siim_chest_pa.dcm"):
        tensor = xrv_model.preprocess(sample(name))
        assert tuple(tensor.shape) == (1, 224, 224) and tensor.dtype == torch.float32
        assert -1024.0 <= float(tensor.min()) < -500 and 500 < float(tensor.max()) <= 1024.0
    bundle = inspect(str(weights_files.bundle))
    tensor = preprocessing(bundle)(sample("00027426_000.png"))
    assert tuple(tensor.shape) == (1, 256, 256) and 0.0 <= float(tensor.min()) and float(tensor.max()) <= 1.0
    wide = np.full((300, 600), 0.5, dtype=np.float32)  # grey bars left and right
    wide[150:, 150:450] = 1.0  # the centred square: black above, white below
    wide[:150, 150:450] = 0.0
    tensor = preprocessing(bundle)(wide)[0]
    # the crop keeps the middle: every row is uniform (no bar), stretched from black to white
    assert float(tensor.min()) == 0.0 and float(tensor.max()) == 1.0
    assert float((tensor.max(dim=1).values - tensor.min(dim=1).values).max()) < 1e-6


def test_inference_is_deterministic_and_batch_independent(xrv_model):
    images = [sample(name) for name in ("00000001_000.png", "00027426_000.png", "siim_chest_pa.dcm")]
    first = xrv_model.predict(images)
    again = xrv_model.predict(images)
    alone = xrv_model.predict(images[2:])
    for a, b in zip(first, again):
        assert a.probabilities == b.probabilities and np.array_equal(a.cam, b.cam)
    np.testing.assert_allclose(alone[0].probabilities, first[2].probabilities, atol=1e-5)
    assert first[0].probabilities != first[1].probabilities  # the images matter
    for prediction in first:
        assert len(prediction.probabilities) == 18 and all(0.0 <= p <= 1.0 for p in prediction.probabilities)
        high = [i for i, p in enumerate(prediction.probabilities) if p > 0.5]
        assert set(high) == set(HIGH)


def test_grad_cam_on_the_head_equals_monai_grad_cam_on_the_whole_network(xrv_model):
    image = xrv_model.preprocess(sample("00000001_000.png"))[None]
    ours = xrv_model.predict([sample("00000001_000.png")], choose=lambda p: 7)[0]
    # at 224 px the last feature map is 7x7, under the 8 cells a side a heatmap needs: the map is one block
    # earlier (1/16 of the input)
    assert ours.cam_index == 7 and ours.cam.shape == (14, 14)
    from copy import deepcopy

    reference = GradCAM(nn_module=deepcopy(xrv_model.network), target_layers="features.transition3.relu",
                        upsampler=lambda _: (lambda m: m), postprocessing=lambda m: m,
                        )(x=image, class_idx=7)[0, 0].detach().numpy()
    assert reference.max() > 0
    np.testing.assert_allclose(ours.cam, reference / reference.max(), atol=1e-4)
    assert 0.0 <= ours.cam.min() and ours.cam.max() == pytest.approx(1.0)


def test_findings_use_per_class_thresholds(xrv_model, context):
    labels = xrv_model.spec.labels
    thresholds = thresholds_for(xrv_model.spec)
    assert thresholds["Atelectasis"] == pytest.approx(0.6) and thresholds["Effusion"] == 0.5
    probabilities = [0.0] * 18
    probabilities[0], probabilities[7], probabilities[10] = 0.55, 0.52, 0.97
    summary = summarise(probabilities, labels, thresholds)
    assert [f["label"] for f in summary["findings"]] == ["Cardiomegaly", "Effusion"]  # 0.55 < Atelectasis' 0.6
    assert top_index(probabilities, labels, thresholds) == 10
    probabilities[10] = 0.1
    assert top_index(probabilities, labels, thresholds) == 7
    assert top_index([0.3] + [0.2] * 17, labels, thresholds) == 0  # nothing above: the most probable
