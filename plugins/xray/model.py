"""The chest model: MONAI preprocessing, DenseNet121 inference and Grad-CAM, loaded once per process.

Grad-CAM targets ``class_layers.relu``, the last feature map before pooling.
Its gradients depend only on the layers after it (pool and the linear
classifier), so the trunk runs once without gradients and MONAI's GradCAM runs
on the small classifier head: the same map as a full backward pass, at the
cost of a forward pass. The map is kept at feature-map resolution (7x7 at
224 px); the heatmap endpoint upsamples it over the image when first asked.
"""

from __future__ import annotations

import os
import threading
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
    ScaleIntensityRange,
)
from monai.visualize import GradCAM

from plugins.xray.settings import setting
from plugins.xray.spec import ModelSpec, installed_spec, sha256_of, weights_problem
from plugins.xray.weights import WeightsError, inspect, load_network

_lock = threading.Lock()
_loaded: ChestModel | None = None
_configured: dict[tuple, ModelSpec] = {}


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
    """Grey 0..1 image (H, W) -> network input (C, S, S) in the intensity range the weights were trained on."""
    low, high = spec.intensity_range
    steps = [
        EnsureChannelFirst(channel_dim="no_channel"),
        Lambda(center_square),
        Resize(spatial_size=(spec.image_size, spec.image_size), mode="area"),
        ScaleIntensityRange(a_min=0.0, a_max=1.0, b_min=low, b_max=high, clip=True),
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
        self.cam = GradCAM(nn_module=self.network.class_layers, target_layers="relu",
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
            features = self.network.features(batch)
            probabilities = torch.sigmoid(self.network.class_layers(features))
        features = features.detach().requires_grad_(True)
        predictions = []
        for i, row in enumerate(probabilities):
            index = int(row.argmax()) if choose is None else choose(row.tolist())
            heat = self.cam(x=features[i:i + 1], class_idx=index)[0, 0].detach()
            peak = float(heat.max())
            heat = heat / peak if peak > 0 else torch.zeros_like(heat)
            predictions.append(Prediction(row.tolist(), heat.numpy(), index))
        return predictions


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
    return _configured[key]


def get_model(spec: ModelSpec) -> ChestModel:
    """The process's model for ``spec``: loaded on first use, kept for every later job."""
    global _loaded
    with _lock:
        if _loaded is None or _loaded.spec != spec:
            torch.set_num_threads(max(1, int(setting("TORCH_THREADS"))))
            _loaded = ChestModel(spec)
        return _loaded
