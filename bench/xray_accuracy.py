"""X-ray accuracy through the real API: the demo weights on the whole PneumoniaMNIST test split.

    python bench/xray_accuracy.py --data PATH/pneumoniamnist_28px.npz [--split test] [--limit N] [--json OUT]

Each image is sent as a user would send it: the 28 px image upscaled to a 256 px 8-bit PNG (the API refuses
sides under 128 px), and the same pixels as an uncompressed DICOM. Each goes through POST
/api/xray-analyses/ (decode, checks, storage), the RQ job on the xray queue (run by a SimpleWorker in this
process, batches of XRAY_BATCH_SIZE), and GET of the finished analysis; the score is the result's
"Pneumonia" probability. Prints AUROC with a bootstrap 95% interval, and accuracy, sensitivity and
specificity at the threshold stored with the weights, per format; the largest score difference between
a PNG and its DICOM; and the time per image end to end and in the model.

The weights are the research demo weights (flask xray install-weights --demo), installed into a temporary
instance. Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/0); the database is SQLite in a
temporary folder (BENCH_DATABASE_URL picks another). The data: --data, else $HYGEIA_PNEUMONIAMNIST, else
the cxr-train folder beside the checkout (tests/data_files.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xray_pipeline import RunningWorker, build_app, register  # noqa: E402


def analyse(client, worker, headers, payloads: list[bytes]) -> tuple[list[dict], float]:
    """Upload every payload, let the worker drain the queue, read each result; (bodies, seconds)."""
    started = time.perf_counter()
    ids = []
    for data in payloads:
        response = client.post("/api/xray-analyses/", headers=headers, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(data), "upload")})
        assert response.status_code == 202, response.get_json()
        ids.append(response.get_json()["id"])
    worker.drain()
    bodies = [client.get(f"/api/xray-analyses/{i}/", headers=headers).get_json() for i in ids]
    assert all(b["status"] == "done" for b in bodies), [b for b in bodies if b["status"] != "done"][:1]
    return bodies, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="pneumoniamnist_28px.npz")
    parser.add_argument("--split", default="test", choices=("train", "val", "test"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N images")
    parser.add_argument("--chunk", type=int, default=64, help="uploads queued before the worker drains them")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (XRAY_TORCH_THREADS)")
    parser.add_argument("--rounds", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    import numpy as np
    import redis

    from plugins.xray.training.data import load_split, upload_dicom, upload_png
    from plugins.xray.training.metrics import summary
    from tests.data_files import pneumoniamnist

    data_path = args.data or str(pneumoniamnist())
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        sys.exit(f"Redis is not reachable at {redis_url}: the figures run the real xray queue")
    images, labels = load_split(data_path, args.split)
    if args.limit:
        images, labels = images[:args.limit], labels[:args.limit]

    with tempfile.TemporaryDirectory(prefix="hygeia-bench-xray-accuracy-") as folder:
        app = build_app(folder, redis_url, args.threads)
        from plugins.xray.demo import install_demo

        with app.app_context():
            spec = install_demo()
        threshold = spec.thresholds[spec.labels[0]]
        client = app.test_client()
        headers = register(client)
        worker = RunningWorker(app)
        figures = {"weights": {"name": spec.name, "version": spec.version, "sha256": spec.sha256,
                               "threshold": threshold, "image_size": spec.image_size,
                               "normalisation": spec.normalisation},
                   "split": args.split, "n": len(labels), "upload": "28 px -> 256 px bicubic, 8-bit"}
        scores = {}
        for kind, encode in (("png", upload_png), ("dicom", upload_dicom)):
            payloads = [encode(image) for image in images]
            bodies, seconds = [], 0.0
            for start in range(0, len(payloads), args.chunk):
                chunk, elapsed = analyse(client, worker, headers, payloads[start:start + args.chunk])
                bodies += chunk
                seconds += elapsed
            model_ms = [b["result"]["inference_ms"] for b in bodies]
            assert all(b["result"]["demo_notice"] for b in bodies)
            scores[kind] = np.array([b["result"]["probabilities"][spec.labels[0]] for b in bodies])
            figures[kind] = {**summary(labels, scores[kind], threshold, args.rounds),
                             "ms_per_image_end_to_end": round(seconds * 1000 / len(bodies), 1),
                             "ms_per_image_model_median": round(statistics.median(model_ms), 1),
                             "cam_cells": len(_cam(app, bodies[0]["id"]))}
        worker.close()
        figures["max_abs_score_difference_png_dicom"] = round(float(np.abs(scores["png"] - scores["dicom"]).max()), 4)
        figures["auroc_difference_png_dicom"] = round(abs(figures["png"]["auroc"] - figures["dicom"]["auroc"]), 4)
        from core.redis_client import get_redis

        client_redis = get_redis(app)
        keys = list(client_redis.scan_iter(match=f"*{app.config['REDIS_KEY_PREFIX']}*"))
        if keys:
            client_redis.delete(*keys)

    print(f"{spec.name} {spec.version}, {args.split} split, {len(labels)} images "
          f"({int(labels.sum())} pneumonia), threshold {threshold:g} (stored with the weights)")
    print(f"{'input':>6}  {'AUROC (95% CI)':>22}  {'acc':>6}  {'sens':>6}  {'spec':>6}  {'ms/image':>9}  {'model ms':>9}")
    for kind in ("png", "dicom"):
        f = figures[kind]
        print(f"{kind:>6}  {f['auroc']:.4f} ({f['auroc_ci95'][0]:.3f}-{f['auroc_ci95'][1]:.3f})  "
              f"{f['accuracy']:.4f}  {f['sensitivity']:.4f}  {f['specificity']:.4f}  "
              f"{f['ms_per_image_end_to_end']:>9.1f}  {f['ms_per_image_model_median']:>9.1f}")
    print(f"PNG vs DICOM: AUROC differs by {figures['auroc_difference_png_dicom']:.4f}, largest score difference "
          f"{figures['max_abs_score_difference_png_dicom']:.4f}; Grad-CAM grid {figures['png']['cam_cells']}x"
          f"{figures['png']['cam_cells']}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _cam(app, analysis_id: str) -> list:
    """The stored Grad-CAM grid of one analysis (its side is the heatmap's resolution)."""
    from core.api import db
    from plugins.xray.models import XrayAnalysis

    with app.app_context():
        return db.session.get(XrayAnalysis, uuid.UUID(analysis_id)).cam


if __name__ == "__main__":
    main()
