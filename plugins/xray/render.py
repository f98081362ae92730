"""The heatmap PNG: a Grad-CAM map over the radiograph region the model saw."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

DISPLAY_SIDE = 512
OPACITY = 0.45
# A blue-cyan-yellow-red scale (0 -> 1), interpolated linearly between stops.
STOPS = np.array([0.0, 0.35, 0.65, 1.0])
COLOURS = np.array([[0, 0, 160], [0, 200, 255], [255, 230, 0], [220, 0, 0]], dtype=np.float64)


def colourise(heat: np.ndarray) -> np.ndarray:
    """(H, W) values in 0..1 -> (H, W, 3) RGB floats."""
    return np.stack([np.interp(heat, STOPS, COLOURS[:, c]) for c in range(3)], axis=-1)


def overlay_png(image: np.ndarray, heat: np.ndarray) -> bytes:
    """``image``: grey 0..1 (H, W), the stored radiograph; ``heat``: 0..1 map over its centred square."""
    height, width = image.shape
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    square = image[top:top + side, left:left + side]
    display = min(side, DISPLAY_SIDE)
    grey = np.asarray(Image.fromarray(np.uint8(np.clip(square, 0, 1) * 255)).resize(
        (display, display), Image.Resampling.BILINEAR), dtype=np.float64)
    heat_image = Image.fromarray(np.float32(np.clip(heat, 0, 1))).resize(
        (display, display), Image.Resampling.BILINEAR)
    values = np.clip(np.asarray(heat_image, dtype=np.float64), 0, 1)
    alpha = (OPACITY * values)[..., None]  # cold regions stay close to the plain radiograph
    blended = (1 - alpha) * grey[..., None] + alpha * colourise(values)
    buffer = io.BytesIO()
    Image.fromarray(np.uint8(np.clip(blended, 0, 255))).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
