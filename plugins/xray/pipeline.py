"""One batch of claimed analyses through the model: results, heatmaps, then explanations."""

from __future__ import annotations

import logging
import time

from core.api import StorageUnavailable, db, utcnow
from plugins.xray.explain import explain, llm_available
from plugins.xray.models import XrayAnalysis
from plugins.xray.results import summarise, thresholds_for, top_index
from plugins.xray.services import load_pixels

log = logging.getLogger(__name__)


def run_batch(batch: list[XrayAnalysis]) -> None:
    from plugins.xray.model import current_spec, get_model
    from plugins.xray.weights import WeightsError

    try:
        spec = current_spec()
        chest = get_model(spec)
    except WeightsError as error:
        _fail(batch, f"The model could not be loaded: {error}")
        return
    except Exception:  # a claimed batch must end done or failed, never stay "running"
        log.exception("xray: loading the model failed")
        _fail(batch, "The model could not be loaded on the server; try again later.")
        return
    images, ready = [], []
    for analysis in batch:
        try:
            images.append(load_pixels(analysis))
            ready.append(analysis)
        except OSError:
            _fail([analysis], "The stored image is missing; upload it again.")
        except StorageUnavailable:  # the store is down: queued again, the job's retry takes them
            _requeue(batch)
            raise
    if not ready:
        return
    thresholds = thresholds_for(spec)
    started = time.perf_counter()
    try:
        predictions = chest.predict(images, choose=lambda p: top_index(p, spec.labels, thresholds))
    except Exception:
        log.exception("xray: inference failed for a batch of %d", len(ready))
        _fail(ready, "The analysis failed on the server; try again later.")
        return
    per_image_ms = (time.perf_counter() - started) * 1000 / len(ready)
    explaining = llm_available()
    model_info = {"name": spec.name, "version": spec.version, "format": spec.format,
                  "weights_sha256": spec.sha256, "labels": len(spec.labels), "normalisation": spec.normalisation,
                  "demo": spec.demo, "card": spec.card or None}
    for analysis, prediction in zip(ready, predictions):
        analysis.cam = [[round(float(v), 4) for v in row] for row in prediction.cam]
        analysis.results = summarise(prediction.probabilities, spec.labels, thresholds)
        analysis.heatmap_label = spec.labels[prediction.cam_index]
        analysis.model = model_info
        analysis.inference_ms = round(per_image_ms, 2)
        analysis.batch_size = len(ready)
        analysis.explanation_status = "pending" if explaining else "unavailable"
        analysis.status = "done"
        analysis.finished_at = utcnow()
    db.session.commit()
    if explaining:  # results are visible meanwhile; each explanation arrives when the LLM answers
        for analysis in ready:
            try:
                status, text, model = explain(analysis.results, analysis.heatmap_label, demo=spec.demo)
            except Exception:  # a bug must not leave the explanation "pending" for ever
                log.exception("xray: explanation failed")
                status, text, model = "unavailable", None, None
            analysis.explanation_status, analysis.explanation, analysis.explanation_model = status, text, model
            db.session.commit()


def _requeue(batch: list[XrayAnalysis]) -> None:
    for analysis in batch:
        if analysis.status == "running":
            analysis.status, analysis.started_at = "queued", None
    db.session.commit()


def _fail(batch: list[XrayAnalysis], message: str) -> None:
    for analysis in batch:
        analysis.status = "failed"
        analysis.error = message[:500]
        analysis.finished_at = utcnow()
    db.session.commit()
