"""PneumoniaMNIST as a user would upload it: each 28 px image upscaled (bicubic, Pillow) to an 8-bit PNG of
256 px, since the API refuses sides under 128 px, or the same pixels as DICOM. Shared by the accuracy bench
and the tests (which build their DICOM files with :func:`dicom_bytes` too)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (
    ExplicitVRLittleEndian,
    JPEGBaseline8Bit,
    SecondaryCaptureImageStorage,
    generate_uid,
)

UPLOAD_SIDE = 256


def upload_pixels(image28: np.ndarray, side: int = UPLOAD_SIDE) -> np.ndarray:
    """The 8-bit grey pixels of the upscaled image."""
    return np.asarray(Image.fromarray(np.asarray(image28, dtype=np.uint8)).resize((side, side), Image.BICUBIC))


def upload_png(image28: np.ndarray, side: int = UPLOAD_SIDE) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(upload_pixels(image28, side)).save(buffer, format="PNG")
    return buffer.getvalue()


def dicom_bytes(pixels: np.ndarray, *, photometric="MONOCHROME2", modality="DX", body_part="CHEST",
                bits_stored=None, jpeg: bytes | None = None, **extra) -> bytes:
    """A DICOM file of ``pixels``; with ``jpeg`` (a baseline JPEG of the same pixels) its pixel data is
    that JPEG, encapsulated (transfer syntax 1.2.840.10008.1.2.4.50)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = JPEGBaseline8Bit if jpeg is not None else ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.PatientName = "Doe^Jane"
    if modality:
        ds.Modality = modality
    if body_part:
        ds.BodyPartExamined = body_part
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    bits = pixels.dtype.itemsize * 8
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits, bits_stored or bits, (bits_stored or bits) - 1
    ds.PixelRepresentation = 0
    for key, value in extra.items():
        setattr(ds, key, value)
    if jpeg is not None:
        ds.PixelData = encapsulate([jpeg])
        ds["PixelData"].is_undefined_length = True
        ds.LossyImageCompression = "01"
    else:
        ds.PixelData = pixels.tobytes()
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def upload_dicom(image28: np.ndarray, side: int = UPLOAD_SIDE) -> bytes:
    """The same upscaled pixels as an uncompressed 8-bit DICOM (DX, CHEST, MONOCHROME2)."""
    return dicom_bytes(upload_pixels(image28, side))


def load_split(path: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    """(images N x 28 x 28 uint8, labels N, 1 = pneumonia) of one split of pneumoniamnist_28px.npz."""
    with np.load(path) as data:
        return data[f"{split}_images"], data[f"{split}_labels"].reshape(-1).astype(int)
