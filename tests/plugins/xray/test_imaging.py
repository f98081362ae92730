"""Reading uploads by content: the real samples, 16-bit and MONOCHROME1 DICOM, and every bad file."""

from __future__ import annotations

import functools
import io
import time
import struct
import zlib

import numpy as np
import pytest

pytest.importorskip("pydicom")
from PIL import Image  # noqa: E402

from plugins.xray.imaging import ImageRejected, Limits, decode_upload, encode_pixels, read_stored, sniff  # noqa: E402
from tests.plugins.xray.conftest import sample_bytes  # noqa: E402
from tests.plugins.xray.images import dicom_bytes, png_bytes  # noqa: E402

LIMITS = Limits(min_side=128, max_side=8192, max_pixels=40_000_000)


def rejected(data: bytes) -> ImageRejected:
    with pytest.raises(ImageRejected) as info:
        decode_upload(data, LIMITS)
    return info.value


def gradient(height=256, width=200, dtype=np.uint16, top=4095) -> np.ndarray:
    return np.tile(np.linspace(0, top, width), (height, 1)).astype(dtype)


def test_nih_png_decodes_as_8_bit_grey():
    image = decode_upload(sample_bytes("00000001_000.png"), LIMITS)
    assert (image.source_format, image.width, image.height, image.bit_depth) == ("png", 256, 256, 8)
    assert image.pixels.dtype == np.uint8 and image.pixels.max() > 200 and image.dicom == {}


def test_jpeg_compressed_dicom_decodes_with_its_acquisition_facts():
    image = decode_upload(sample_bytes("siim_chest_pa.dcm"), LIMITS)
    assert (image.source_format, image.width, image.height) == ("dicom", 1024, 1024)
    assert image.dicom == {"modality": "CR", "body_part": "CHEST", "view_position": "PA",
                           "photometric": "MONOCHROME2", "bits_stored": 8,
                           "transfer_syntax": "1.2.840.10008.1.2.4.50"}
    assert image.pixels.dtype == np.uint8 and 0.2 < image.pixels.mean() / 255 < 0.8


def test_16_bit_dicom_is_stretched_to_the_full_range():
    pixels = gradient()
    image = decode_upload(dicom_bytes(pixels, bits_stored=12), LIMITS)
    assert image.pixels.dtype == np.uint16 and image.bit_depth == 12
    assert image.pixels[0, 0] == 0 and image.pixels[0, -1] == 65535
    assert np.all(np.diff(image.pixels[0].astype(int)) >= 0)  # still dark to bright


def test_monochrome1_is_inverted():
    pixels = gradient()
    normal = decode_upload(dicom_bytes(pixels, bits_stored=12), LIMITS).pixels
    inverted = decode_upload(dicom_bytes(pixels, photometric="MONOCHROME1", bits_stored=12), LIMITS).pixels
    assert inverted[0, 0] == 65535 and inverted[0, -1] == 0
    np.testing.assert_array_equal(inverted.astype(int), 65535 - normal.astype(int))


def test_dicom_window_is_applied():
    pixels = gradient(top=4000)
    image = decode_upload(dicom_bytes(pixels, WindowCenter=1000, WindowWidth=500), LIMITS).pixels
    assert image[0, 0] == 0 and image[0, -1] == 65535
    assert (image[0] == 65535).sum() > image.shape[1] // 2  # everything above the window is white


def test_sixteen_bit_png_is_read():
    image = decode_upload(png_bytes(gradient(dtype=np.uint16, top=60000)), LIMITS)
    assert image.pixels.dtype == np.uint16 and image.bit_depth == 16 and image.pixels.max() == 65535


def test_colour_jpeg_becomes_grey():
    rgb = np.zeros((200, 200, 3), dtype=np.uint8)
    rgb[:, 100:] = (200, 200, 200)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG")
    image = decode_upload(buffer.getvalue(), LIMITS)
    assert image.source_format == "jpeg" and image.pixels.ndim == 2
    assert image.pixels[:, :90].mean() < 10 and image.pixels[:, 110:].mean() > 190


def test_stored_png_round_trips_to_unit_range(tmp_path):
    for pixels in (gradient(dtype=np.uint16, top=65535), gradient(dtype=np.uint8, top=255)):
        path = tmp_path / f"{pixels.dtype}.npy"
        path.write_bytes(encode_pixels(pixels))
        values = read_stored(str(path))
        assert values.dtype == np.float32 and values.min() == 0.0 and values.max() == 1.0


def test_text_renamed_png_is_refused_by_content():
    error = rejected(b"name,diagnosis\nJane,none\n" * 20)
    assert (error.status, error.code) == (415, "unsupported_media_type")
    assert sniff(b"GIF89a....") is None


def test_truncated_png_is_refused():
    data = sample_bytes("00000001_000.png")
    error = rejected(data[: len(data) // 2])
    assert (error.status, error.code) == (422, "invalid_image") and "truncated" in error.message


def test_truncated_dicom_is_refused():
    data = sample_bytes("siim_chest_pa.dcm")
    error = rejected(data[: len(data) - 40_000])
    assert error.status == 422 and error.code == "invalid_dicom"


@functools.lru_cache(maxsize=None)
def huge_png(width: int, height: int) -> bytes:
    """A valid PNG of black pixels: a few hundred kilobytes that would decode to gigabytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    raw = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_decompression_bomb_png_is_refused_from_its_header():
    bomb = huge_png(14_000, 14_000)
    assert len(bomb) < 1_000_000  # small on the wire, 196 megapixels decoded
    started = time.perf_counter()
    error = rejected(bomb)
    assert (error.status, error.code) == (422, "image_too_large") and "40,000,000 pixels" in error.message
    assert time.perf_counter() - started < 1.0  # refused before decoding


def test_dimensions_over_the_configured_limits_are_refused_with_them():
    error = rejected(huge_png(9_000, 5_000))  # 45 megapixels: over XRAY_MAX_PIXELS, under Pillow's own guard
    assert (error.status, error.code) == (422, "image_too_large")
    assert error.details == {"width": 9_000, "height": 5_000}
    error = rejected(huge_png(8_500, 200))
    assert error.code == "image_too_large" and "8192 pixels a side" in error.message


def test_huge_dicom_dimensions_are_refused_before_decoding():
    data = dicom_bytes(np.zeros((200, 200), dtype=np.uint8))
    tweaked = data.replace(b"\x28\x00\x10\x00US\x02\x00\xc8\x00", b"\x28\x00\x10\x00US\x02\x00\x30\x75")  # Rows 30000
    assert tweaked != data
    error = rejected(tweaked)
    assert (error.status, error.code) == (422, "image_too_large")


def test_tiny_image_is_refused():
    error = rejected(png_bytes(np.zeros((40, 40), dtype=np.uint8)))
    assert (error.status, error.code) == (422, "image_too_small")


def test_non_chest_dicom_is_refused_with_the_body_part():
    error = rejected(dicom_bytes(np.zeros((200, 200), dtype=np.uint8), body_part="KNEE"))
    assert (error.status, error.code) == (422, "not_chest_radiograph")
    assert "knee" in error.message and error.details == {"body_part": "KNEE"}


def test_ct_dicom_is_refused_as_not_a_radiograph():
    error = rejected(dicom_bytes(np.zeros((200, 200), dtype=np.uint16), modality="CT", body_part="CHEST"))
    assert error.code == "not_chest_radiograph" and "CT" in error.message


def test_dicom_without_body_part_is_accepted():
    image = decode_upload(dicom_bytes(gradient(dtype=np.uint8, top=255), body_part=None), LIMITS)
    assert image.dicom["modality"] == "DX" and "body_part" not in image.dicom
    assert "Doe" not in str(image.dicom)  # identifying header fields are not carried


def test_jpeg_dicom_decoders_agree():
    """Pillow decodes baseline JPEG DICOM; pylibjpeg (the extra's decoder for lossless and 12-bit) gives
    the same image within JPEG's rounding."""
    import pydicom
    from pydicom.pixels import pixel_array

    ours = decode_upload(sample_bytes("siim_chest_pa.dcm"), LIMITS).pixels.astype(int)
    reference = pixel_array(pydicom.dcmread(io.BytesIO(sample_bytes("siim_chest_pa.dcm"))),
                            decoding_plugin="pylibjpeg").astype(int)
    assert ours.shape == reference.shape and np.abs(ours - reference).max() <= 2
