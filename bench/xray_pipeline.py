"""X-ray figures: end-to-end time per image through the job against the raw MONAI forward pass.

    python bench/xray_pipeline.py [--rounds 5] [--threads 1]

End to end = POST the upload (decode, validate, store), the RQ job on the xray
queue run by a SimpleWorker in this process (claim, preprocess, DenseNet121,
Grad-CAM grid, results), and GET the finished analysis; divided by the images
in the batch. The heatmap PNG is rendered when first requested, not timed here. Raw = the same network's forward pass on ready tensors
under torch.no_grad(). Batch 1 and batch 8, same thread count for both.

Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/0) for the queue; the
database is SQLite in a temporary folder (BENCH_DATABASE_URL picks another,
e.g. an empty PostgreSQL database). The weights are a seeded, untrained
DenseNet121 saved in the TorchXRayVision layout: timing only, the scores mean
nothing. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "tests" / "fixtures" / "xray"  # real radiographs (tests/fixtures/README.md)
FILES = ["00000001_000.png", "00027426_000.png", "siim_chest_pa.dcm"]


def make_weights(folder: str) -> str:
    import torch
    from monai.networks.nets import DenseNet121

    torch.manual_seed(0)
    state = DenseNet121(spatial_dims=2, in_channels=1, out_channels=18).state_dict()
    names = OrderedDict((k.replace(".layers.", ".").replace("class_layers.out.", "classifier."), v)
                        for k, v in state.items())
    path = os.path.join(folder, "bench-densenet121.pt")
    torch.save(names, path)
    return path


def build_app(folder: str, redis_url: str, threads: int):
    import flask_migrate

    from core.app import create_app
    from core.migrations import enabled_branches

    os.environ["HYGEIA_INSTANCE_PATH"] = os.path.join(folder, "instance")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3",
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": f"hygeia-bench-xray-{os.getpid()}", "HYGEIA_PLUGINS": ["xray"],
        "RATELIMIT_ENABLED": False, "JOBS_SYNC": False, "XRAY_BATCH_SIZE": 8, "XRAY_TORCH_THREADS": threads,
    }, env="testing")
    with app.app_context():
        for branch in enabled_branches(app):
            flask_migrate.upgrade(revision=f"{branch}@head")
    return app


def register(client) -> dict[str, str]:
    account = {"email": "bench@example.org", "password": "correct horse battery 9"}
    client.post("/api/auth/register/", json=account)
    token = client.post("/api/auth/login/", json=account).get_json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


class RunningWorker:
    """A SimpleWorker on the xray queue, bootstrapped once and fed job by job, as ``flask worker xray
    --simple`` runs (RQ's burst mode would add its start-up and teardown, ~170 ms, to every round)."""

    def __init__(self, app):
        from core.jobs import make_worker

        self.app = app
        with app.app_context():
            self.worker = make_worker(app, ["xray"], simple=True)
            self.worker.bootstrap(logging_level="WARNING")

    def drain(self) -> None:
        with self.app.app_context():
            while (found := self.worker.dequeue_job_and_maintain_ttl(None)) is not None:
                self.worker.execute_job(*found)
                self.worker.heartbeat()

    def close(self) -> None:
        with self.app.app_context():
            self.worker.teardown()


def pipeline_round(app, worker, client, headers, batch: int, payloads: list[bytes]) -> tuple[float, float, float]:
    """(seconds per image end to end, seconds per image in the upload requests, model ms per image)."""
    started = time.perf_counter()
    ids = []
    for index in range(batch):
        response = client.post("/api/xray-analyses/", headers=headers, content_type="multipart/form-data",
                               data={"file": (io.BytesIO(payloads[index % len(payloads)]), "x")})
        assert response.status_code == 202, response.get_json()
        ids.append(response.get_json()["id"])
    uploaded = time.perf_counter()
    worker.drain()
    bodies = [client.get(f"/api/xray-analyses/{i}/", headers=headers).get_json() for i in ids]
    elapsed = time.perf_counter() - started
    assert all(b["status"] == "done" and b["result"]["batch_size"] == batch for b in bodies), bodies[0]
    return elapsed / batch, (uploaded - started) / batch, bodies[0]["result"]["inference_ms"]


def raw_forward(network, tensors, batch: int) -> float:
    """Seconds per image of one forward pass on ready tensors."""
    import torch

    inputs = torch.stack([tensors[i % len(tensors)] for i in range(batch)])
    with torch.no_grad():
        started = time.perf_counter()
        network(inputs)
        return (time.perf_counter() - started) / batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (XRAY_TORCH_THREADS)")
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

    import numpy as np
    import redis
    import torch

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        sys.exit(f"Redis is not reachable at {redis_url}: the pipeline figure runs the real xray queue")

    with tempfile.TemporaryDirectory(prefix="hygeia-bench-xray-") as folder:
        weights = make_weights(folder)
        app = build_app(folder, redis_url, args.threads)
        from plugins.xray.imaging import Limits, decode_upload
        from plugins.xray.install import install
        from plugins.xray.model import current_spec, get_model
        from plugins.xray.spec import sha256_of

        with app.app_context():
            install(weights, sha256_of(weights))
            loading = time.perf_counter()
            model = get_model(current_spec())
            load_s = time.perf_counter() - loading
        payloads = [(SAMPLES / name).read_bytes() for name in FILES]
        tensors = []
        for data in payloads:
            pixels = decode_upload(data, Limits(128, 8192, 40_000_000)).pixels
            tensors.append(model.preprocess(pixels.astype(np.float32) / (255.0 if pixels.dtype == np.uint8 else 65535.0)))
        client = app.test_client()
        headers = register(client)
        worker = RunningWorker(app)
        pipeline_round(app, worker, client, headers, 1, payloads)  # warm-up: first request, first job
        raw_forward(model.network, tensors, 8)

        print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), DenseNet121 "
              f"{model.spec.image_size} px; model load {load_s:.2f} s (once per worker process)")
        print(f"samples: {', '.join(FILES)} (cycled); {args.rounds} rounds, medians\n")
        print(f"{'batch':>5}  {'raw forward':>14}  {'end to end':>14}  {'ratio':>6}  "
              f"{'upload part':>12}  {'model+CAM':>10}")
        for batch in (1, 8):
            # Raw and pipeline alternate, so both see the same load on a shared machine.
            raws, rounds = [], []
            for _ in range(args.rounds):
                raws.append(raw_forward(model.network, tensors, batch))
                rounds.append(pipeline_round(app, worker, client, headers, batch, payloads))
            raw = statistics.median(raws)
            total = statistics.median(r[0] for r in rounds)
            ratio = statistics.median(r[0] / w for r, w in zip(rounds, raws))
            upload = statistics.median(r[1] for r in rounds)
            model_ms = statistics.median(r[2] for r in rounds)
            print(f"{batch:>5}  {raw * 1000:>11.1f} ms  {total * 1000:>11.1f} ms  {ratio:>5.2f}x  "
                  f"{upload * 1000:>9.1f} ms  {model_ms:>7.1f} ms   (per image)")
        worker.close()
        from core.redis_client import get_redis

        client_redis = get_redis(app)
        keys = list(client_redis.scan_iter(match=f"*{app.config['REDIS_KEY_PREFIX']}*"))
        if keys:
            client_redis.delete(*keys)


if __name__ == "__main__":
    main()
