"""One X-ray analysis: the stored image, its job state and, when done, the results."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.api import (
    OwnedByUser,
    StoredFileKey,
    Timestamps,
    UTCDateTime,
    UUIDPrimaryKey,
    db,
)

STATUSES = ("queued", "running", "done", "failed")


class XrayAnalysis(UUIDPrimaryKey, OwnedByUser, Timestamps, db.Model):
    __tablename__ = "xray_analyses"

    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued", index=True)
    # The upload, as decoded: only pixels are stored (.npy), never the original name or DICOM header.
    source_format: Mapped[str] = mapped_column(String(8), nullable=False)
    image_file: Mapped[str] = mapped_column(StoredFileKey(), nullable=False)  # its key in the core's storage
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    bit_depth: Mapped[int] = mapped_column(Integer, nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    dicom: Mapped[dict | None] = mapped_column(JSON)  # modality, body part, view, photometric, bits

    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # probabilities {label: p}, thresholds {label: t}, findings [{label, probability, threshold}]
    results: Mapped[dict | None] = mapped_column(JSON)
    model: Mapped[dict | None] = mapped_column(JSON)  # name, version, format, weights_sha256
    inference_ms: Mapped[float | None] = mapped_column(Float)
    batch_size: Mapped[int | None] = mapped_column(Integer)
    cam: Mapped[list | None] = mapped_column(JSON)  # Grad-CAM map (feature-map grid, 0..1) of heatmap_label
    heatmap_file: Mapped[str | None] = mapped_column(StoredFileKey())  # its overlay PNG, rendered when first asked
    heatmap_label: Mapped[str | None] = mapped_column(String(100))
    explanation_status: Mapped[str | None] = mapped_column(String(16))  # pending, ready, unavailable
    explanation: Mapped[str | None] = mapped_column(Text)
    explanation_model: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(String(500))
