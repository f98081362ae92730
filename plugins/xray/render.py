"""The heatmap PNG: a Grad-CAM map over the radiograph region the model saw.

Colouring and blending are done by Pillow's C code (a palette and a mask), so a
512 px overlay costs a few milliseconds besides its PNG encoding.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

DISPLAY_SIDE = 512
OPACITY = 0.45  # at the hottest point; cold regions stay close to the plain radiograph
# A blue-cyan-yellow-red scale (0 -> 1), interpolated linearly between stops.
STOPS = np.array([0.0, 0.35, 0.65, 1.0])
COLOURS = np.array([[0, 0, 160], [0, 200, 255], [255, 230, 0], [220, 0, 0]], dtype=np.float64)


def palette() -> list[int]:
    """The colour scale as a 256-entry RGB palette."""
    levels = np.linspace(0.0, 1.0, 256)
    table = np.stack([np.interp(levels, STOPS, COLOURS[:, c]) for c in range(3)], axis=-1)
    return np.round(table).astype(np.uint8).flatten().tolist()


PALETTE = palette()


def overlay_png(image: np.ndarray, heat: np.ndarray) -> bytes:
    """``image``: grey 0..1 (H, W), the stored radiograph; ``heat``: 0..1 map over its centred square."""
    height, width = image.shape
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    display = (min(side, DISPLAY_SIDE),) * 2
    square = np.uint8(np.round(np.clip(image[top:top + side, left:left + side], 0, 1) * 255))
    grey = Image.fromarray(square).resize(display, Image.Resampling.BILINEAR).convert("RGB")
    levels = Image.fromarray(np.uint8(np.round(np.clip(heat, 0, 1) * 255))).resize(
        display, Image.Resampling.BILINEAR)
    coloured = levels.copy()
    coloured.putpalette(PALETTE)
    mask = levels.point(lambda v: round(v * OPACITY))
    blended = Image.composite(coloured.convert("RGB"), grey, mask)
    buffer = io.BytesIO()
    blended.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
