"""The one intensity rule, the same for every input type and at training, evaluation and inference.

Whatever the upload was (8-bit PNG, 16-bit PNG, JPEG, DICOM, compressed or
not), the decoder gives grey pixels, brighter = denser, and the model's
preprocessing takes the centred square, resizes it (area) to the network's
input size, and then applies the rule the weights declare:

- ``minmax``: the resized image is stretched per image so that its darkest
  pixel becomes the low end of the weights' ``intensity_range`` and its
  brightest the high end. The bit depth, window and scale of the source do not
  matter: an image stored as 0..255, 0..4095 or 0..65535 gives the same input.

The rule is declared in the weights' metadata (``"normalisation"`` in
labels.json, a bundle's metadata.json) and recorded in installed.json; weights
that declare an unknown rule are refused at install. The demo weights'
training script (plugins/xray/training/) calls :func:`apply_rule` on its
batches, so training and inference share this code.
"""

from __future__ import annotations

import torch

RULES = ("minmax",)
DEFAULT_RULE = "minmax"


def apply_rule(images: torch.Tensor, rule: str, low: float, high: float) -> torch.Tensor:
    """``images`` (..., H, W), each image stretched onto [low, high] by ``rule``; a flat image becomes ``low``."""
    if rule != "minmax":
        raise ValueError(f"unknown normalisation rule {rule!r}; known: {', '.join(RULES)}")
    flat = images.reshape(*images.shape[:-2], -1).to(torch.float32)
    minimum = flat.amin(dim=-1, keepdim=True)
    span = flat.amax(dim=-1, keepdim=True) - minimum
    scaled = torch.where(span > 0, (flat - minimum) / span.clamp_min(1e-12), torch.zeros_like(flat))
    return (scaled * (high - low) + low).reshape(images.shape)
