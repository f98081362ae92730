"""Fixtures for the xray tests: weights files in every supported format, made here, and apps using them.

No pretrained chest weights exist offline, so the weights are a seeded DenseNet121
whose classifier is set so that three classes score high and the rest low; the
same network is saved under each format's key names.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.data_files import FIXTURES

torch = pytest.importorskip("torch")
pytest.importorskip("monai")

DATA = FIXTURES / "xray"  # real radiographs; origins in tests/fixtures/README.md
SAMPLES = ["00000001_000.png", "00027426_000.png", "siim_chest_pa.dcm"]
HIGH = (0, 7, 10)  # Atelectasis, Effusion, Cardiomegaly in TorchXRayVision's order


def sample_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class WeightsFiles:
    xrv: Path
    bundle: Path
    plain: Path
    labels_txt: Path
    labels_json: Path
    monai_state: OrderedDict

    def hash(self, path: Path) -> str:
        return sha256(path / "models" / "model.pt" if path.is_dir() else path)


def _network_state(outputs: int) -> OrderedDict:
    from monai.networks.nets import DenseNet121

    torch.manual_seed(1234)
    network = DenseNet121(spatial_dims=2, in_channels=1, out_channels=outputs)
    state = network.state_dict()
    state["class_layers.out.weight"] = torch.randn(outputs, 1024) * 1e-4  # pooled features are ~300 here
    bias = torch.full((outputs,), -4.0)
    bias[[i for i in HIGH if i < outputs]] = 4.0
    state["class_layers.out.bias"] = bias
    return state


def to_torchvision_names(state: OrderedDict) -> OrderedDict:
    """The names TorchXRayVision's DenseNet (torchvision layout) uses for the same tensors."""
    return OrderedDict((key.replace(".layers.", ".").replace("class_layers.out.", "classifier."), value)
                       for key, value in state.items())


@pytest.fixture(scope="session")
def weights_files(tmp_path_factory) -> WeightsFiles:
    root = tmp_path_factory.mktemp("xray-weights")
    state = _network_state(18)
    xrv = to_torchvision_names(state)
    xrv["op_threshs"] = torch.tensor([0.6] + [float("nan")] + [0.5] * 16)
    torch.save(xrv, root / "xrv-densenet121.pt")

    bundle = root / "chest_bundle"
    (bundle / "configs").mkdir(parents=True)
    (bundle / "models").mkdir()
    small = _network_state(4)
    torch.save(small, bundle / "models" / "model.pt")
    labels = ["Atelectasis", "Opacity", "Nodule", "Mass"]
    (bundle / "configs" / "metadata.json").write_text(json.dumps({
        "name": "Test chest bundle", "version": "0.3.1",
        "network_data_format": {
            "inputs": {"image": {"type": "image", "num_channels": 1, "spatial_shape": [256, 256],
                                 "value_range": [0, 1]}},
            "outputs": {"pred": {"type": "probabilities", "channel_def": {str(i): n for i, n in enumerate(labels)}}},
        },
    }))
    (bundle / "configs" / "inference.json").write_text(json.dumps({
        "network_def": {"_target_": "DenseNet121", "spatial_dims": 2, "in_channels": 1, "out_channels": 4}}))

    plain = root / "plain.pt"
    torch.save(_network_state(3), plain)
    (root / "labels.txt").write_text("# three findings\nEffusion\nPneumothorax\nEdema\n")
    (root / "labels.json").write_text(json.dumps({"labels": ["Effusion", "Pneumothorax", "Edema"],
                                                  "thresholds": {"Edema": 0.9}, "image_size": 192,
                                                  "intensity_range": [-1, 1], "name": "Plain test"}))
    return WeightsFiles(root / "xrv-densenet121.pt", bundle, plain, root / "labels.txt", root / "labels.json",
                        state)


@pytest.fixture(scope="session")
def installed_instance(tmp_path_factory, weights_files) -> Path:
    """An instance folder with the TorchXRayVision-style weights installed, shared by the session."""
    from flask import Flask

    from plugins.xray.install import install

    folder = tmp_path_factory.mktemp("xray-instance")
    with Flask(__name__, instance_path=str(folder)).app_context():
        install(str(weights_files.xrv), weights_files.hash(weights_files.xrv))
    return folder


@pytest.fixture
def xray_app(make_app, installed_instance, monkeypatch, hygeia_backend, tmp_path):
    """An app whose instance folder has weights installed; rate limits off unless a test wants them.
    Its files go to a folder of this test (or the session's object store with HYGEIA_TEST_STORAGE=s3)."""
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(installed_instance))
    storage = {} if hygeia_backend.s3 else {"STORAGE_URL": f"file://{tmp_path / 'uploads'}"}

    def factory(overrides: dict | None = None):
        return make_app({"RATELIMIT_ENABLED": False, **storage, **(overrides or {})})

    return factory


@pytest.fixture
def empty_instance(tmp_path, monkeypatch) -> Path:
    """An instance folder with no weights."""
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def upload(client, headers, name: str, data: bytes | None = None):
    from io import BytesIO

    body = sample_bytes(name) if data is None else data
    return client.post("/api/xray-analyses/", headers=headers, content_type="multipart/form-data",
                       data={"file": (BytesIO(body), name)})


def stored_keys(app) -> list[str]:
    """Every object the app's store holds under xray/."""
    from core.api import get_storage

    return sorted(info.key for info in get_storage(app).keys("xray/"))


def stored_bytes(app, key: str) -> bytes:
    from core.api import get_storage

    with get_storage(app).open(key) as stream:
        return stream.read()
