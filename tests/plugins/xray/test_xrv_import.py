"""flask xray import-torchxrayvision: a model built through the package's API becomes plain installed weights.

The real torchxrayvision downloads its weights when a model is built, so the package here is a stand-in
with the same API (``models.model_urls``, ``models.DenseNet(weights=NAME)`` with ``pathologies``,
``op_threshs``, ``input_resolution`` and a torchvision-layout state dict), built locally from a seeded
DenseNet121 of the same architecture: nothing is downloaded.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch
from flask import Flask

from plugins.xray.model import ChestModel
from plugins.xray.spec import installed_spec, sha256_of
from plugins.xray.weights import WeightsError
from tests.plugins.xray.conftest import sample_bytes

STAND_IN = textwrap.dedent('''
    """Stand-in for torchxrayvision: the same model API, weights built here, never downloaded."""
    from collections import OrderedDict

    import torch
    from monai.networks.nets import DenseNet121

    __version__ = "stand-in"


    class _Models:
        pass


    models = _Models()
    NIH = ["Atelectasis", "Consolidation", "Infiltration", "Pneumothorax", "Edema", "Emphysema", "Fibrosis",
           "Effusion", "Pneumonia", "Pleural_Thickening", "Cardiomegaly", "Nodule", "Mass", "Hernia", "", "", "", ""]
    models.model_urls = {
        "densenet121-res224-nih": {"labels": NIH, "input_resolution": 224,
                                   "op_threshs": [0.04, 0.003] + [0.1] * 12 + [float("nan")] * 4},
        "resnet50-res512-all": {"labels": NIH, "input_resolution": 512},
    }
    built = []


    class DenseNet(torch.nn.Module):
        def __init__(self, weights=None, **kwargs):
            super().__init__()
            if weights not in models.model_urls:
                raise Exception("Weights value must be in " + str(list(models.model_urls)))
            self.weights = weights
            self.pathologies = models.model_urls[weights]["labels"]
            self.input_resolution = models.model_urls[weights]["input_resolution"]
            torch.manual_seed(99)
            self.inner = DenseNet121(spatial_dims=2, in_channels=1, out_channels=len(self.pathologies)).eval()
            self.register_buffer("op_threshs", torch.tensor(models.model_urls[weights]["op_threshs"]))
            built.append(weights)

        def state_dict(self, *args, **kwargs):
            # TorchXRayVision's names (torchvision's DenseNet layout) for the same tensors
            names = OrderedDict()
            for key, value in self.inner.state_dict().items():
                names[key.replace(".layers.", ".").replace("class_layers.out.", "classifier.")] = value
            names["op_threshs"] = self.op_threshs
            return names

        def forward(self, x):  # logits, as the plugin computes them
            return self.inner(x)


    models.DenseNet = DenseNet
''')


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    package = tmp_path / "site" / "torchxrayvision"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(STAND_IN)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "torchxrayvision", raising=False)
    import torchxrayvision

    yield torchxrayvision
    sys.modules.pop("torchxrayvision", None)


@pytest.fixture
def instance(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        yield app


def test_import_builds_through_the_api_and_installs_plain_weights_with_their_hash(stand_in, instance):
    from plugins.xray.xrv_import import import_torchxrayvision

    spec = import_torchxrayvision("densenet121-res224-nih")
    assert stand_in.built == ["densenet121-res224-nih"]
    # the 4 unnamed (untrained) outputs are dropped; labels, size, range and rule as TorchXRayVision uses them
    assert spec.labels == stand_in.NIH[:14] and spec.format == "state-dict"
    assert (spec.image_size, spec.intensity_range, spec.normalisation) == (224, (-1024.0, 1024.0), "minmax")
    assert spec.thresholds["Atelectasis"] == pytest.approx(0.04) and len(spec.thresholds) == 14
    assert spec.sha256 == sha256_of(spec.weights_file) and installed_spec() == spec
    assert spec.card["data"] == "NIH ChestX-ray14" and spec.card["data_terms_clear"] is True
    saved = torch.load(spec.weights_file, weights_only=True)  # plain tensors: loads without unpickling code
    assert "op_threshs" not in saved and saved["classifier.weight"].shape == (14, 1024)
    manifest = json.loads((Path(instance.instance_path) / "xray" / "installed.json").read_text())
    assert manifest["version"] == "densenet121-res224-nih" and manifest["source_sha256"] == spec.sha256

    # the installed network scores an image exactly as TorchXRayVision's model would (its first 14 outputs)
    chest = ChestModel(spec)
    from plugins.xray.imaging import Limits, decode_upload

    pixels = decode_upload(sample_bytes("00000001_000.png"), Limits(128, 8192, 40_000_000)).pixels
    image = pixels.astype(np.float32) / 255.0
    ours = chest.predict([image])[0]
    reference = torch.sigmoid(stand_in.models.DenseNet(weights="densenet121-res224-nih")(
        chest.preprocess(image)[None]))[0, :14]
    np.testing.assert_allclose(ours.probabilities, reference.detach().numpy(), atol=1e-5)


def test_only_densenet121_names_are_accepted(stand_in, instance):
    from plugins.xray.xrv_import import import_torchxrayvision

    with pytest.raises(WeightsError, match="only DenseNet121 is supported"):
        import_torchxrayvision("resnet50-res512-all")
    with pytest.raises(WeightsError, match="densenet121-res224-nih"):
        import_torchxrayvision("densenet121-res224-typo")
    assert stand_in.built == [] and installed_spec() is None


def test_without_torchxrayvision_the_command_says_how_to_get_it(instance, monkeypatch):
    from plugins.xray.xrv_import import import_torchxrayvision

    monkeypatch.setitem(sys.modules, "torchxrayvision", None)  # import fails
    with pytest.raises(WeightsError, match="pip install torchxrayvision"):
        import_torchxrayvision("densenet121-res224-nih")


def test_the_cli_command_installs_and_notes_restricted_data(stand_in, make_app, tmp_path, monkeypatch):
    stand_in.models.model_urls["densenet121-res224-chex"] = {
        **stand_in.models.model_urls["densenet121-res224-nih"]}
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(tmp_path / "cli-instance"))
    app = make_app({"RATELIMIT_ENABLED": False})
    result = app.test_cli_runner().invoke(args=["xray", "import-torchxrayvision", "densenet121-res224-chex"])
    assert result.exit_code == 0, result.output
    assert "installed TorchXRayVision DenseNet121 (densenet121-res224-chex) (14 labels" in result.output
    assert "note: its training data's terms restrict use" in result.output
    with app.app_context():
        assert installed_spec().card["data"] == "CheXpert"
