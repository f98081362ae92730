"""Analyses: accept an upload, store it (the core's storage: a folder or an object store), queue it, show it,
delete it.

Plain functions for routes and jobs. The xray extra's libraries (numpy,
Pillow, pydicom, torch) are imported only when needed, so the plugin loads
and explains itself on a machine without them.
"""

from __future__ import annotations

import io
import logging
import uuid
from datetime import timedelta
from typing import IO

from rq import Queue
from sqlalchemy import or_, select, update

from core.api import (
    abort,
    db,
    enqueue,
    get_redis,
    get_storage,
    no_llm_notice,
    queue_name,
    utcnow,
)
from plugins.xray.demo import DEMO_NOTICE
from plugins.xray.explain import DISCLAIMER
from plugins.xray.models import XrayAnalysis
from plugins.xray.settings import setting
from plugins.xray.spec import (
    EXTRA_COMMAND,
    INSTALL_COMMAND,
    missing_modules,
    weights_problem,
)

log = logging.getLogger(__name__)
API_PREFIX = "/api/xray-analyses"


def require_model() -> None:
    """503 with how to fix it, when no analysis could run."""
    problem = weights_problem()
    if problem:
        command = EXTRA_COMMAND if missing_modules() else INSTALL_COMMAND
        abort(503, problem, error="model_unavailable", details={"install": command})


def read_limited(stream: IO[bytes]) -> bytes:
    megabytes = float(setting("MAX_UPLOAD_MB"))
    limit = int(megabytes * 1024 * 1024)
    data = stream.read(limit + 1)
    if len(data) > limit:
        abort(413, f"The file is larger than {megabytes:g} MB.", error="payload_too_large")
    if not data:
        abort(422, "The file is empty.", error="invalid_image")
    return data


def load_pixels(analysis: XrayAnalysis):
    """The stored radiograph as an array (OSError when it is missing or not one of ours)."""
    from plugins.xray.imaging import read_stored

    with get_storage().open(analysis.image_file) as stream:
        return read_stored(io.BytesIO(stream.read()))  # the whole array is needed in memory anyway


def heatmap_key(analysis: XrayAnalysis) -> str:
    """The overlay PNG's storage key, rendered from the stored Grad-CAM map on first request."""
    if analysis.status != "done" or not analysis.cam:
        abort(409, f"The analysis is {analysis.status}; its heatmap exists once it is done.", error="not_ready")
    storage = get_storage()
    if analysis.heatmap_file and storage.exists(analysis.heatmap_file):
        return analysis.heatmap_file
    import numpy as np

    from plugins.xray.render import overlay_png

    try:
        image = load_pixels(analysis)
    except OSError:
        abort(404, "The stored image is missing on the server.")
    key = storage.put(io.BytesIO(overlay_png(image, np.asarray(analysis.cam, dtype=np.float32))),
                      namespace="xray", suffix=".heatmap.png")
    previous = analysis.heatmap_file
    try:  # only if no other request stored one meanwhile: theirs wins, ours goes
        won = db.session.execute(update(XrayAnalysis).where(
            XrayAnalysis.id == analysis.id, XrayAnalysis.heatmap_file.is_(None) if previous is None
            else XrayAnalysis.heatmap_file == previous).values(heatmap_file=key)).rowcount == 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        storage.delete(key)
        raise
    db.session.refresh(analysis)
    if not won:
        storage.delete(key)
    return analysis.heatmap_file


def create_analysis(user_id: uuid.UUID, stream: IO[bytes]) -> XrayAnalysis:
    """Validate the upload by its content, store its pixels, queue the analysis.

    A refused file leaves nothing behind: no record, no file.
    """
    require_model()
    from plugins.xray.imaging import ImageRejected, Limits, decode_upload, encode_pixels

    data = read_limited(stream)
    limits = Limits(int(setting("MIN_SIDE")), int(setting("MAX_SIDE")), int(setting("MAX_PIXELS")))
    try:
        decoded = decode_upload(data, limits)
    except ImageRejected as rejected:
        abort(rejected.status, rejected.message, error=rejected.code, details=rejected.details)
    analysis = XrayAnalysis(
        id=uuid.uuid4(), user_id=user_id, status="queued", source_format=decoded.source_format,
        width=decoded.width, height=decoded.height, bit_depth=decoded.bit_depth, size_bytes=len(data),
        dicom=decoded.dicom or None,
    )
    storage = get_storage()  # a store that is down answers 503 here, before any row exists
    analysis.image_file = storage.put(io.BytesIO(encode_pixels(decoded.pixels)), namespace="xray", suffix=".npy")
    try:
        db.session.add(analysis)
        db.session.commit()
    except Exception:
        db.session.rollback()
        storage.delete(analysis.image_file)
        raise
    try:
        enqueue("xray:analyse_xray", str(analysis.id), timeout=600)
    except Exception as error:  # the queue is down: undo, so the user can simply retry
        log.error("xray: could not queue analysis %s: %r", analysis.id, error)
        delete_analysis(analysis)
        abort(503, "The analysis queue is unavailable; nothing was stored. Try again shortly.",
              error="queue_unavailable")
    db.session.refresh(analysis)  # an in-process job may already have finished it
    return analysis


def delete_analysis(analysis: XrayAnalysis) -> None:
    """Its objects first: a store that is down answers 503 and the analysis stays whole. (A heatmap
    rendered at that very moment is left to the core's orphan sweep.)"""
    storage = get_storage()
    for key in (analysis.heatmap_file, analysis.image_file):
        if key:
            storage.delete(key)
    db.session.delete(analysis)
    db.session.commit()


def claim_batch(analysis_id: uuid.UUID, size: int) -> list[XrayAnalysis]:
    """Mark this analysis and up to ``size - 1`` other queued ones as running, for one batch.

    Each row is claimed with a conditional UPDATE, so two workers never take the
    same analysis. An analysis already taken by another job's batch is skipped;
    one left "running" by a crashed worker is taken over after XRAY_STALE_SECONDS.
    """
    now = utcnow()
    stale = now - timedelta(seconds=int(setting("STALE_SECONDS")))
    claimable = or_(XrayAnalysis.status == "queued",
                    (XrayAnalysis.status == "running") & (XrayAnalysis.started_at < stale))
    candidates = [analysis_id] + list(db.session.scalars(
        select(XrayAnalysis.id).where(XrayAnalysis.status == "queued", XrayAnalysis.id != analysis_id)
        .order_by(XrayAnalysis.created_at).limit(max(0, size - 1))))
    claimed = []
    for candidate in candidates:
        result = db.session.execute(
            update(XrayAnalysis).where(XrayAnalysis.id == candidate, claimable)
            .values(status="running", started_at=now, error=None))
        if result.rowcount == 1:
            claimed.append(candidate)
        elif candidate == analysis_id:  # ours is done or being done elsewhere: nothing to do
            db.session.rollback()
            return []
    db.session.commit()
    rows = db.session.scalars(select(XrayAnalysis).where(XrayAnalysis.id.in_(claimed))).all()
    return sorted(rows, key=lambda row: claimed.index(row.id))


def requeue_stalled() -> int:
    """Enqueue a job again for analyses stuck for XRAY_STALE_SECONDS.

    "running" that long means its worker died (the claim takes it over); "queued"
    that long with an empty queue means its job was lost. Queued analyses behind a
    busy or stopped worker are left alone, so jobs do not pile up.
    """
    cutoff = utcnow() - timedelta(seconds=int(setting("STALE_SECONDS")))
    stalled = (XrayAnalysis.status == "running") & (XrayAnalysis.started_at < cutoff)
    if _queue_length() == 0:
        stalled = stalled | ((XrayAnalysis.status == "queued") & (XrayAnalysis.created_at < cutoff))
    # Explanations whose job died while waiting for the LLM: say so instead of "pending" forever.
    db.session.execute(update(XrayAnalysis).where(XrayAnalysis.explanation_status == "pending",
                                                  XrayAnalysis.finished_at < cutoff)
                       .values(explanation_status="unavailable"))
    db.session.commit()
    ids = list(db.session.scalars(select(XrayAnalysis.id).where(stalled).order_by(XrayAnalysis.created_at)))
    for analysis_id in ids:
        enqueue("xray:analyse_xray", str(analysis_id), timeout=600)
    if ids:
        log.warning("xray: queued %d stalled analyses again", len(ids))
    return len(ids)


def _queue_length() -> int:
    """Jobs waiting on the xray queue; 0 without Redis."""
    client = get_redis()
    return Queue(queue_name("xray"), connection=client).count if client is not None else 0


def present(analysis: XrayAnalysis) -> dict:
    """The API view of an analysis (AnalysisSchema)."""
    view = {
        "id": analysis.id,
        "status": analysis.status,
        "created_at": analysis.created_at,
        "started_at": analysis.started_at,
        "finished_at": analysis.finished_at,
        "image": {"format": analysis.source_format, "width": analysis.width, "height": analysis.height,
                  "bit_depth": analysis.bit_depth, "size_bytes": analysis.size_bytes,
                  "dicom": analysis.dicom or None},
        "result": None,
        "error": analysis.error if analysis.status == "failed" else None,
    }
    if analysis.status == "done" and analysis.results:
        findings = analysis.results["findings"]
        view["result"] = {
            **analysis.results,
            "top_finding": findings[0]["label"] if findings else None,
            "model": analysis.model,
            "inference_ms": analysis.inference_ms,
            "batch_size": analysis.batch_size,
            "heatmap_url": f"{API_PREFIX}/{analysis.id}/heatmap" if analysis.cam else None,
            "heatmap_label": analysis.heatmap_label,
            "explanation": explanation_view(analysis),
            "disclaimer": DISCLAIMER,
            "demo_notice": DEMO_NOTICE if (analysis.model or {}).get("demo") else None,
        }
    return view


EXPLANATIONS_OFF = "This server is set not to write AI explanations of X-ray results."


def explanation_view(analysis: XrayAnalysis) -> dict:
    """The explanation as the API shows it; when unavailable, why (the X-ray plugin answers in English)."""
    status = analysis.explanation_status or "unavailable"
    notice = None
    if status == "unavailable":
        notice = no_llm_notice() if setting("EXPLAIN") else EXPLANATIONS_OFF
    return {"status": status, "text": analysis.explanation, "model": analysis.explanation_model,
            "unavailable_notice": notice}


def export_user_data(user_id: uuid.UUID) -> list[dict]:
    """Every analysis of the user as the API shows it, plus its Grad-CAM grid (the stored pixels are
    an image, not data to export as JSON: described by ``image``, listed with the heatmap in the
    export's ``stored_files``)."""
    analyses = db.session.scalars(select(XrayAnalysis).where(XrayAnalysis.user_id == user_id)
                                  .order_by(XrayAnalysis.created_at)).all()
    return [{**present(analysis), "gradcam_grid": analysis.cam} for analysis in analyses]

