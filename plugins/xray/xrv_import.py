"""``flask xray import-torchxrayvision NAME``: TorchXRayVision's published DenseNets, converted safely.

TorchXRayVision publishes its weights as pickled whole models, which this plugin never unpickles (the
installer loads with ``weights_only=True``). With the ``torchxrayvision`` package installed, this builds
the model through that package's own API (``torchxrayvision.models.DenseNet(weights=NAME)``, which
downloads and loads the file into TorchXRayVision's cache, under its own responsibility), then writes
what the plugin needs as plain data:

- model.pt: a state dict of tensors (torchvision layout), with only the outputs that have a label (the
  NIH model, for instance, leaves 4 of its 18 outputs untrained and unnamed);
- labels.json: those labels, the operating-point thresholds TorchXRayVision publishes (``op_threshs``),
  its input size (224 px) and intensity range ([-1024, 1024]), the plugin's normalisation rule, and
  where the weights came from;

records the SHA-256 of model.pt, and installs them like any other weights (strict load, atomic swap).
"""

from __future__ import annotations

import json
import math
import os
import tempfile

import torch

from plugins.xray.normalisation import DEFAULT_RULE
from plugins.xray.settings import xray_folder
from plugins.xray.spec import ModelSpec, sha256_of
from plugins.xray.weights import XRV_RANGE, WeightsError

# The training data of each TorchXRayVision DenseNet, and whether its terms are clear for redistribution
# and use (docs/xray-weights.md says more).
DATA_TERMS = {
    "densenet121-res224-nih": ("NIH ChestX-ray14", True),
    "densenet121-res224-rsna": ("RSNA Pneumonia Detection Challenge (NIH ChestX-ray14 images)", True),
    "densenet121-res224-pc": ("PadChest", False),
    "densenet121-res224-chex": ("CheXpert", False),
    "densenet121-res224-mimic_nb": ("MIMIC-CXR", False),
    "densenet121-res224-mimic_ch": ("MIMIC-CXR", False),
    "densenet121-res224-all": ("NIH, PadChest, CheXpert, MIMIC-CXR, Google, OpenI, RSNA", False),
}
RESTRICTED_NOTE = ("its training data's terms restrict use (MIMIC-CXR: PhysioNet credentialed data use agreement; "
                   "CheXpert and PadChest: research use agreements): check them before any use")


def import_torchxrayvision(name: str) -> ModelSpec:
    """Build TorchXRayVision's DenseNet NAME through its API, save it as plain data, install it."""
    try:
        import torchxrayvision as xrv
    except ImportError:
        raise WeightsError("torchxrayvision is not installed: pip install torchxrayvision (it downloads its "
                           "weights itself, so this needs internet)") from None
    known = sorted(key for key in getattr(xrv.models, "model_urls", {}) if key.startswith("densenet121"))
    if name not in known:
        raise WeightsError(f"{name!r} is not one of TorchXRayVision's DenseNet121 weights "
                           f"({', '.join(known) or 'none found'}); only DenseNet121 is supported")
    model = xrv.models.DenseNet(weights=name)
    state, labels, thresholds = plain_weights(model)
    data, clear = DATA_TERMS.get(name, ("see TorchXRayVision's documentation", False))
    info = {
        "labels": labels, "thresholds": thresholds,
        "image_size": int(getattr(model, "input_resolution", 224)), "intensity_range": list(XRV_RANGE),
        "normalisation": DEFAULT_RULE, "name": f"TorchXRayVision DenseNet121 ({name})", "version": name,
        "card": {"source": f"torchxrayvision {getattr(xrv, '__version__', '?')}: models.DenseNet(weights={name!r})",
                 "data": data, "data_terms_clear": clear,
                 "licence": "TorchXRayVision code: Apache-2.0; the weights follow their training data's terms",
                 "attribution": "Cohen et al., TorchXRayVision: A library of chest X-ray datasets and models, "
                                "MIDL 2022",
                 **({} if clear else {"warning": RESTRICTED_NOTE})},
    }
    from plugins.xray.install import install

    os.makedirs(xray_folder(), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=xray_folder(), prefix=".xrv-") as work:
        weights = os.path.join(work, f"{name}.pt")
        torch.save(state, weights)
        labels_path = os.path.join(work, "labels.json")
        with open(labels_path, "w", encoding="utf-8") as handle:
            json.dump(info, handle, indent=2)
        return install(weights, sha256_of(weights), "state-dict", labels_path)


def plain_weights(model: torch.nn.Module) -> tuple[dict[str, torch.Tensor], list[str], dict[str, float]]:
    """(state dict of plain tensors, labels, thresholds) with the unnamed outputs dropped from the classifier."""
    pathologies = list(getattr(model, "pathologies", None) or getattr(model, "targets", None) or [])
    state = {key: value.detach().clone().contiguous() for key, value in model.state_dict().items()
             if isinstance(value, torch.Tensor)}
    op_threshs = state.pop("op_threshs", None)
    outputs = state["classifier.weight"].shape[0] if "classifier.weight" in state else 0
    if not outputs or len(pathologies) != outputs:
        raise WeightsError("the TorchXRayVision model does not name each of its outputs (model.pathologies)")
    keep = [i for i, label in enumerate(pathologies) if label and label.strip()]
    if not keep:
        raise WeightsError("the TorchXRayVision model has no labelled output")
    state["classifier.weight"] = state["classifier.weight"][keep].clone()
    state["classifier.bias"] = state["classifier.bias"][keep].clone()
    labels = [pathologies[i].strip() for i in keep]
    thresholds = {}
    if op_threshs is not None and op_threshs.numel() == outputs:
        for label, index in zip(labels, keep):
            value = float(op_threshs[index])
            if math.isfinite(value) and 0.0 < value < 1.0:
                thresholds[label] = value
    return state, labels, thresholds
