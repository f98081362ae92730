"""The chest model: MONAI preprocessing, DenseNet121 inference and Grad-CAM, loaded once per process.

Grad-CAM targets the deepest ReLU whose map has at least 8 cells a side:
``class_layers.relu`` (the last feature map, 1/32 of the input) from 256 px up,
else ``features.transition3.relu`` (1/16: 8x8 at 128 px, 14x14 at 224 px).
Its gradients depend only on the layers after it, so the trunk before it runs
once without gradients and MONAI's GradCAM runs on the rest (the head): the
same map as a full backward pass. The map is kept at feature-map resolution;
the heatmap endpoint upsamples it over the image when first asked.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from monai.transforms import (
    CenterSpatialCrop,
    Compose,
    EnsureChannelFirst,
    EnsureType,
    Lambda,
    RepeatChannel,
    Resize,
)
from monai.visualize import GradCAM
from torch import nn

from plugins.xray.normalisation import apply_rule
from plugins.xray.settings import setting
from plugins.xray.spec import ModelSpec, installed_spec, sha256_of, weights_problem
from plugins.xray.weights import WeightsError, inspect, load_network

_lock = threading.Lock()
_loaded: ChestModel | None = None
_configured: dict[tuple, ModelSpec] = {}
MIN_CAM_CELLS = 8


@dataclass
class Prediction:
    probabilities: list[float]
    cam: np.ndarray  # feature-map resolution, 0..1, for ``cam_index``
    cam_index: int


def center_square(image: torch.Tensor) -> torch.Tensor:
    """Crop the largest centred square (chest models are trained on square crops)."""
    side = min(image.shape[-2:])
    return CenterSpatialCrop(roi_size=(side, side))(image)


def preprocessing(spec: ModelSpec) -> Compose:
    """Grey image (H, W) -> network input (C, S, S): centred square, area resize, then the weights'
    normalisation rule onto their intensity range (plugins.xray.normalisation), whatever the source format."""
    low, high = spec.intensity_range
    steps = [
        EnsureChannelFirst(channel_dim="no_channel"),
        Lambda(center_square),
        Resize(spatial_size=(spec.image_size, spec.image_size), mode="area"),
        Lambda(lambda image: apply_rule(torch.as_tensor(image), spec.normalisation, low, high)),
    ]
    if spec.in_channels == 3:
        steps.append(RepeatChannel(repeats=3))
    steps.append(EnsureType(data_type="tensor", dtype=torch.float32, track_meta=False))
    return Compose(steps)


class ChestModel:
    def __init__(self, spec: ModelSpec):
        self.spec = spec
        self.network = load_network(spec)
        self.transforms = preprocessing(spec)
        self.trunk, self.head, target = split_for_cam(self.network, spec.image_size)
        # A new Sequential starts in training mode, and GradCAM restores its module's mode after each map:
        # left in training mode, it would switch the shared layers to training (batch statistics) for good.
        self.trunk.eval()
        self.head.eval()
        self.cam = GradCAM(nn_module=self.head, target_layers=target,
                           upsampler=lambda _: (lambda m: m), postprocessing=lambda m: m)
        # GradCAM keeps activations and gradients on itself: one batch at a time per process
        # (in-process job threads share this model).
        self._busy = threading.Lock()

    def preprocess(self, image: np.ndarray) -> torch.Tensor:
        return self.transforms(image)

    def predict(self, images: list[np.ndarray],
                choose: Callable[[list[float]], int] | None = None) -> list[Prediction]:
        """Probabilities (sigmoid of the logits) and a Grad-CAM map per image.

        ``choose`` picks the class to map from an image's probabilities; default: the highest.
        """
        batch = torch.stack([self.preprocess(image) for image in images])
        with self._busy:
            return self._predict(batch, choose)

    def _predict(self, batch: torch.Tensor, choose: Callable[[list[float]], int] | None) -> list[Prediction]:
        with torch.no_grad():
            features = self.trunk(batch)
            probabilities = torch.sigmoid(self.head(features))
        features = features.detach().requires_grad_(True)
        predictions = []
        for i, row in enumerate(probabilities):
            index = int(row.argmax()) if choose is None else choose(row.tolist())
            heat = self.cam(x=features[i:i + 1], class_idx=index)[0, 0].detach()
            peak = float(heat.max())
            heat = heat / peak if peak > 0 else torch.zeros_like(heat)
            predictions.append(Prediction(row.tolist(), heat.numpy(), index))
        return predictions


def split_for_cam(network: nn.Module, image_size: int) -> tuple[nn.Module, nn.Module, str]:
    """(trunk, head, Grad-CAM target in the head): the same modules, cut before the target's block."""
    if cam_layer(image_size) == "class_layers.relu":
        return network.features, nn.Sequential(OrderedDict(class_layers=network.class_layers)), "class_layers.relu"
    names = [name for name, _ in network.features.named_children()]
    cut = names.index("transition3")
    children = list(network.features.children())
    trunk = nn.Sequential(*children[:cut])
    head = nn.Sequential(OrderedDict([*zip(names[cut:], children[cut:]), ("class_layers", network.class_layers)]))
    return trunk, head, "transition3.relu"


def cam_layer(image_size: int) -> str:
    """The network layer the heatmap shows, by its DenseNet121 name."""
    return "class_layers.relu" if image_size // 32 >= MIN_CAM_CELLS else "features.transition3.relu"


def current_spec() -> ModelSpec:
    """The weights this process should use, verified; raises WeightsError when there are none."""
    problem = weights_problem()
    if problem:
        raise WeightsError(problem)
    path = setting("WEIGHTS_PATH")
    if not path:
        spec = installed_spec()
        if spec is None:  # removed since weights_problem() looked
            raise WeightsError("the installed weights have disappeared; reinstall them")
        return spec
    weights_file = os.path.join(path, "models", "model.pt") if os.path.isdir(path) else path
    stat = os.stat(weights_file)
    expected = str(setting("WEIGHTS_SHA256")).strip().lower()
    key = (path, stat.st_mtime_ns, stat.st_size, expected, setting("WEIGHTS_FORMAT"), setting("LABELS_PATH"))
    if key not in _configured:
        if sha256_of(weights_file) != expected:
            raise WeightsError("XRAY_WEIGHTS_PATH does not match XRAY_WEIGHTS_SHA256")
        _configured[key] = inspect(path, setting("WEIGHTS_FORMAT"), setting("LABELS_PATH") or None)
    spec = _configured[key]
    if spec.demo:
        from plugins.xray.settings import demo_refusal

        refusal = demo_refusal()
        if refusal:
            raise WeightsError(refusal)
    return spec


def get_model(spec: ModelSpec) -> ChestModel:
    """The process's model for ``spec``: loaded on first use, kept for every later job."""
    global _loaded
    with _lock:
        if _loaded is None or _loaded.spec != spec:
            torch.set_num_threads(max(1, int(setting("TORCH_THREADS"))))
            _loaded = ChestModel(spec)
        return _loaded
