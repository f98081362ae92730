"""Weights formats: read a file or bundle into a ModelSpec and a MONAI DenseNet121 state dict.

Supported:
- ``torchxrayvision``: a DenseNet121 state dict with torchvision-style names
  (``features.denseblock1.denselayer1.norm1.weight``, ``classifier.weight``),
  18 outputs in TorchXRayVision's pathology order, 224 px, pixels scaled to
  [-1024, 1024]; an ``op_threshs`` buffer, when present, gives the thresholds.
- ``monai-bundle``: a folder (or .zip) with configs/metadata.json, optionally
  configs/inference.json, and models/model.pt. Labels come from the output's
  ``channel_def``, size and intensity from the input's ``spatial_shape`` and
  ``value_range``. Config files are read as data: nothing in them is executed.
- ``state-dict``: a DenseNet121 state dict (MONAI or torchvision names) plus a
  labels file: .txt (one label a line) or .json (a list, or an object with
  ``labels`` and optionally ``thresholds``, ``image_size``, ``intensity_range``,
  ``normalisation``, ``name``, ``version``, ``demo``).

Every format declares (or defaults to) one normalisation rule, applied to
every input type alike (plugins.xray.normalisation); unknown rules are refused.

MONAI's own torchvision remap skips the classifier and drops mismatches
silently, so names are remapped here and loaded with strict=True.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import OrderedDict

import torch

from plugins.xray.normalisation import DEFAULT_RULE, RULES
from plugins.xray.spec import ModelSpec, sha256_of

FORMATS = ("torchxrayvision", "monai-bundle", "state-dict")
# TorchXRayVision's default pathology order (xrv.datasets.default_pathologies).
XRV_PATHOLOGIES = [
    "Atelectasis", "Consolidation", "Infiltration", "Pneumothorax", "Edema", "Emphysema", "Fibrosis",
    "Effusion", "Pneumonia", "Pleural_Thickening", "Cardiomegaly", "Nodule", "Mass", "Hernia",
    "Lung Lesion", "Fracture", "Lung Opacity", "Enlarged Cardiomediastinum",
]
XRV_RANGE = (-1024.0, 1024.0)
DENSE_LAYER = re.compile(r"^(features\.denseblock\d+\.denselayer\d+)\.(norm|relu|conv)\.?(\d)\.")
BUNDLE_TARGETS = {"DenseNet121", "monai.networks.nets.DenseNet121", "monai.networks.nets.densenet121",
                  "monai.networks.nets.densenet.DenseNet121"}


class WeightsError(ValueError):
    """The weights cannot be used; the message says why."""


def read_state_dict(path: str) -> dict[str, torch.Tensor]:
    """Tensors of a state dict file (weights_only: no code in the file runs)."""
    try:
        loaded = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:
        raise WeightsError(f"{os.path.basename(path)} is not a readable PyTorch state dict ({error.__class__.__name__})") \
            from None
    for key in ("state_dict", "model", "model_state_dict"):  # training checkpoints nest it
        if isinstance(loaded, dict) and isinstance(loaded.get(key), dict):
            loaded = loaded[key]
    if not isinstance(loaded, dict) or not all(isinstance(v, torch.Tensor) for v in loaded.values()):
        raise WeightsError(f"{os.path.basename(path)} does not hold a state dict of tensors")
    return OrderedDict((k.removeprefix("module."), v) for k, v in loaded.items())


def to_monai_names(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """torchvision/TorchXRayVision DenseNet names -> MONAI DenseNet121 names (MONAI names pass through)."""
    renamed: OrderedDict[str, torch.Tensor] = OrderedDict()
    for key, value in state.items():
        if key == "op_threshs":
            continue
        key = DENSE_LAYER.sub(lambda m: f"{m.group(1)}.layers.{m.group(2)}{m.group(3)}.", key)
        if key.startswith("classifier."):
            key = "class_layers.out." + key.removeprefix("classifier.")
        renamed[key] = value
    return renamed


def network_shape(state: dict[str, torch.Tensor]) -> tuple[int, int]:
    """(in_channels, out_channels) of a MONAI-named DenseNet121 state dict."""
    try:
        return int(state["features.conv0.weight"].shape[1]), int(state["class_layers.out.weight"].shape[0])
    except KeyError as missing:
        raise WeightsError(f"not a DenseNet121 state dict (no {missing.args[0]})") from None


def build_network(in_channels: int, out_channels: int):
    from monai.networks.nets import DenseNet121

    return DenseNet121(spatial_dims=2, in_channels=in_channels, out_channels=out_channels)


def load_network(spec: ModelSpec):
    """The DenseNet121 of ``spec``, after checking the file's SHA-256; in eval mode."""
    actual = sha256_of(spec.weights_file)
    if actual != spec.sha256:
        raise WeightsError(f"{os.path.basename(spec.weights_file)} does not match its recorded SHA-256 "
                           f"(expected {spec.sha256[:12]}..., found {actual[:12]}...): reinstall the weights")
    state = to_monai_names(read_state_dict(spec.weights_file))
    in_channels, out_channels = network_shape(state)
    if out_channels != len(spec.labels):
        raise WeightsError(f"the weights have {out_channels} outputs but {len(spec.labels)} labels are configured")
    network = build_network(in_channels, out_channels)
    try:
        network.load_state_dict(state, strict=True)
    except RuntimeError as error:
        raise WeightsError(f"the weights do not fit MONAI DenseNet121: {_first_line(error)}") from None
    return network.eval()


def inspect(path: str, fmt: str = "auto", labels_path: str | None = None,
            name: str | None = None, version: str | None = None) -> ModelSpec:
    """Describe the weights at ``path`` (file or bundle folder) and prove they load into DenseNet121."""
    if fmt not in ("auto", *FORMATS):
        raise WeightsError(f"unknown weights format {fmt!r}; use one of auto, {', '.join(FORMATS)}")
    if fmt == "monai-bundle" or (fmt == "auto" and os.path.isdir(path)):
        spec = _inspect_bundle(path)
    else:
        state = read_state_dict(path)
        if fmt == "state-dict" or (fmt == "auto" and labels_path):
            spec = _inspect_plain(path, state, labels_path)
        else:
            spec = _inspect_xrv(path, state)
    if name:
        spec.name = name
    if version:
        spec.version = version
    load_network(spec)  # strict load: refuses weights that do not fit before they are installed
    return spec


def _inspect_xrv(path: str, state: dict[str, torch.Tensor]) -> ModelSpec:
    if "classifier.weight" not in state:
        raise WeightsError("not a TorchXRayVision-style state dict (no classifier.weight); for other "
                           "DenseNet121 weights give a labels file (--labels)")
    in_channels, outputs = network_shape(to_monai_names(state))
    if outputs != len(XRV_PATHOLOGIES):
        raise WeightsError(f"a TorchXRayVision-style DenseNet121 has {len(XRV_PATHOLOGIES)} outputs, this one "
                           f"{outputs}; give a labels file (--labels) for other label sets")
    thresholds: dict[str, float] = {}
    if "op_threshs" in state and state["op_threshs"].numel() == outputs:
        thresholds = {label: float(t) for label, t in zip(XRV_PATHOLOGIES, state["op_threshs"].tolist())
                      if math.isfinite(t) and 0.0 < t < 1.0}
    return ModelSpec(format="torchxrayvision", weights_file=os.path.abspath(path), sha256=sha256_of(path),
                     labels=list(XRV_PATHOLOGIES), name="DenseNet121 (TorchXRayVision-style)",
                     version=os.path.splitext(os.path.basename(path))[0], image_size=224,
                     intensity_range=XRV_RANGE, in_channels=in_channels, thresholds=thresholds)


def _inspect_plain(path: str, state: dict[str, torch.Tensor], labels_path: str | None) -> ModelSpec:
    if not labels_path:
        raise WeightsError("a plain state dict needs a labels file (--labels labels.txt or labels.json)")
    info = read_labels(labels_path)
    in_channels, outputs = network_shape(to_monai_names(state))
    if outputs != len(info["labels"]):
        raise WeightsError(f"the weights have {outputs} outputs but the labels file lists {len(info['labels'])}")
    return ModelSpec(format="state-dict", weights_file=os.path.abspath(path), sha256=sha256_of(path),
                     labels=info["labels"], name=info.get("name") or "DenseNet121",
                     version=info.get("version") or os.path.splitext(os.path.basename(path))[0],
                     image_size=info.get("image_size", 224), intensity_range=info.get("intensity_range", (0.0, 1.0)),
                     in_channels=in_channels, thresholds=info.get("thresholds", {}),
                     normalisation=info["normalisation"], demo=info["demo"], card=info["card"])


def read_labels(path: str) -> dict:
    """Labels and optional preprocessing facts from a .txt or .json labels file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise WeightsError(f"cannot read the labels file: {error.strerror}") from None
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            raise WeightsError("the labels file is not valid JSON") from None
        info = {"labels": data} if isinstance(data, list) else dict(data) if isinstance(data, dict) else {}
    else:
        info = {"labels": [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]}
    return _checked_info(info, "the labels file")


def _checked_info(info: dict, where: str) -> dict:
    labels = info.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x.strip() for x in labels):
        raise WeightsError(f"{where} lists no labels")
    if len(set(labels)) != len(labels):
        raise WeightsError(f"{where} lists a label twice")
    checked = {"labels": [x.strip() for x in labels]}
    thresholds = info.get("thresholds") or {}
    if not isinstance(thresholds, dict) or not all(
            k in checked["labels"] and isinstance(v, (int, float)) and 0 < v < 1 for k, v in thresholds.items()):
        raise WeightsError(f"{where}: thresholds must map known labels to numbers between 0 and 1")
    checked["thresholds"] = {k: float(v) for k, v in thresholds.items()}
    size = info.get("image_size", 224)
    if not isinstance(size, int) or not 32 <= size <= 1024:
        raise WeightsError(f"{where}: image_size must be a whole number of pixels between 32 and 1024")
    checked["image_size"] = size
    value_range = info.get("intensity_range", [0.0, 1.0])
    if (not isinstance(value_range, (list, tuple)) or len(value_range) != 2
            or not all(isinstance(v, (int, float)) for v in value_range) or value_range[0] >= value_range[1]):
        raise WeightsError(f"{where}: intensity_range must be [low, high]")
    checked["intensity_range"] = (float(value_range[0]), float(value_range[1]))
    rule = info.get("normalisation") or DEFAULT_RULE
    if rule not in RULES:
        raise WeightsError(f"{where}: normalisation {rule!r} is not one this plugin applies ({', '.join(RULES)})")
    checked["normalisation"] = rule
    demo = info.get("demo", False)
    if not isinstance(demo, bool):
        raise WeightsError(f"{where}: demo must be true or false")
    checked["demo"] = demo
    card = info.get("card") or {}
    if not isinstance(card, dict):
        raise WeightsError(f"{where}: card must be an object (the model card's summary)")
    checked["card"] = card
    for key in ("name", "version"):
        if isinstance(info.get(key), str) and info[key].strip():
            checked[key] = info[key].strip()[:100]
    return checked


def _inspect_bundle(folder: str) -> ModelSpec:
    metadata = _read_json(os.path.join(folder, "configs", "metadata.json"), "configs/metadata.json")
    weights_file = os.path.join(folder, "models", "model.pt")
    if not os.path.isfile(weights_file):
        raise WeightsError("the MONAI bundle has no models/model.pt")
    inference_path = os.path.join(folder, "configs", "inference.json")
    if os.path.isfile(inference_path):
        network = _read_json(inference_path, "configs/inference.json").get("network_def") or {}
        target = network.get("_target_") if isinstance(network, dict) else None
        if target is not None and target not in BUNDLE_TARGETS:
            raise WeightsError(f"the MONAI bundle's network is {target}; only DenseNet121 is supported")
        if isinstance(network, dict) and network.get("spatial_dims", 2) != 2:
            raise WeightsError("the MONAI bundle's DenseNet121 is not 2D")
    data_format = metadata.get("network_data_format") or {}
    image = (data_format.get("inputs") or {}).get("image") or {}
    outputs = data_format.get("outputs") or {}
    prediction = outputs.get("pred") or next(iter(outputs.values()), {})
    channel_def = prediction.get("channel_def") or {}
    try:
        labels = [channel_def[key] for key in sorted(channel_def, key=int)]
    except (ValueError, TypeError):
        raise WeightsError("the bundle's output channel_def must map channel numbers to label names") from None
    shape = image.get("spatial_shape") or [224, 224]
    if len(shape) != 2 or shape[0] != shape[1] or not all(isinstance(s, int) for s in shape):
        raise WeightsError("the bundle's input spatial_shape must be a square 2D size such as [224, 224]")
    info = _checked_info({"labels": labels, "thresholds": metadata.get("thresholds"), "image_size": shape[0],
                          "intensity_range": image.get("value_range", [0.0, 1.0]),
                          "normalisation": metadata.get("normalisation"), "demo": metadata.get("demo", False),
                          "name": metadata.get("name"), "version": metadata.get("version")},
                         "the bundle's metadata")
    in_channels, _ = network_shape(to_monai_names(read_state_dict(weights_file)))
    return ModelSpec(format="monai-bundle", weights_file=os.path.abspath(weights_file),
                     sha256=sha256_of(weights_file), labels=info["labels"],
                     name=info.get("name") or "DenseNet121 (MONAI bundle)", version=info.get("version") or "unknown",
                     image_size=info["image_size"], intensity_range=info["intensity_range"],
                     in_channels=in_channels, thresholds=info["thresholds"],
                     normalisation=info["normalisation"], demo=info["demo"])


def _read_json(path: str, what: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError:
        raise WeightsError(f"the MONAI bundle has no {what}") from None
    except ValueError:
        raise WeightsError(f"the MONAI bundle's {what} is not valid JSON") from None
    if not isinstance(data, dict):
        raise WeightsError(f"the MONAI bundle's {what} is not a JSON object")
    return data


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return " ".join(line.strip() for line in text[:3])[:300]
