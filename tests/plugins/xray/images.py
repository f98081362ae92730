"""Building upload files in the tests: PNG (8 or 16 bit), JPEG and DICOM (plain or JPEG-compressed) from pixels."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from plugins.xray.training.data import dicom_bytes

__all__ = ["dicom_bytes", "jpeg_bytes", "png_bytes"]


def png_bytes(array: np.ndarray) -> bytes:
    """PNG of a uint8 (8-bit grey) or uint16 (16-bit grey) array."""
    buffer = io.BytesIO()
    Image.fromarray(array if array.dtype == np.uint8 else array.astype(np.uint16)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(array: np.ndarray, quality: int = 95) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
