"""X-ray files on an object store that is down or slow, the orphan sweep and `flask storage migrate`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from core.api import db, get_storage
from plugins.xray.models import XrayAnalysis
from tests.plugins.xray.conftest import sample_bytes, stored_keys, upload


@pytest.fixture
def bucket(s3_server):
    name = s3_server.new_bucket()
    yield name
    s3_server.empty(name)


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: a store that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    for connection in held:
        connection.close()
    listener.close()


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(XrayAnalysis))


@pytest.mark.parametrize("store", ["down", "slow"])
def test_a_store_down_or_slow_is_a_503_and_nothing_is_half_written(xray_app, user, s3_server, bucket,
                                                                    silent_server, store):
    endpoint = closed_port() if store == "down" else silent_server
    app = xray_app({**s3_server.config(bucket), "STORAGE_ENDPOINT_URL": endpoint, "STORAGE_TIMEOUT_SECONDS": 1})
    started = time.monotonic()
    response = upload(app.test_client(), user.headers, "00000001_000.png")
    body = response.get_json()
    assert response.status_code == 503 and body["error"] == "storage_unavailable", body
    assert body["status"] == 503 and "nothing was changed" in body["message"]
    assert response.headers["Retry-After"] == "5"
    assert time.monotonic() - started < 20  # bounded by STORAGE_TIMEOUT_SECONDS and two tries
    assert rows(app) == 0 and s3_server.objects(bucket) == {}


def test_deleting_while_the_store_is_down_keeps_the_analysis_whole(xray_app, user, s3_server, bucket):
    working = xray_app(s3_server.config(bucket))
    analysis = upload(working.test_client(), user.headers, "00000001_000.png").get_json()["id"]
    assert working.test_client().get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers).status_code == 200
    before = set(s3_server.objects(bucket))
    down = xray_app({**s3_server.config(bucket), "STORAGE_ENDPOINT_URL": closed_port(), "STORAGE_TIMEOUT_SECONDS": 1})
    refused = down.test_client().delete(f"/api/xray-analyses/{analysis}/", headers=user.headers)
    assert refused.status_code == 503 and refused.get_json()["error"] == "storage_unavailable"
    assert rows(working) == 1 and set(s3_server.objects(bucket)) == before and len(before) == 2
    heatmap = down.test_client().get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers)
    assert heatmap.status_code == 503 and heatmap.get_json()["error"] == "storage_unavailable"
    assert working.test_client().delete(f"/api/xray-analyses/{analysis}/", headers=user.headers).status_code == 204
    assert rows(working) == 0 and s3_server.objects(bucket) == {}


def test_the_heatmap_is_streamed_from_the_object_store(xray_app, user, s3_server, bucket):
    client = xray_app(s3_server.config(bucket)).test_client()
    analysis = upload(client, user.headers, "siim_chest_pa.dcm").get_json()["id"]
    first = client.get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers)
    assert first.status_code == 200 and first.is_streamed and first.headers["Cache-Control"] == "private, no-store"
    stored = [k for k in s3_server.objects(bucket) if k.endswith(".heatmap.png")]
    assert len(stored) == 1 and s3_server.client().get_object(Bucket=bucket, Key=stored[0])["Body"].read() == first.data
    assert int(first.headers["Content-Length"]) == len(first.data)


def test_the_orphan_sweep_removes_objects_without_rows_and_reports_them(xray_app, user, s3_server, bucket):
    app = xray_app({**s3_server.config(bucket), "STORAGE_ORPHAN_GRACE_MINUTES": 0})
    client = app.test_client()
    analysis = upload(client, user.headers, "00000001_000.png").get_json()["id"]
    import io

    with app.app_context():
        orphan = get_storage().put(io.BytesIO(b"left by a killed process"), namespace="xray", suffix=".npy")
        kept = set(stored_keys(app)) - {orphan}
        time.sleep(1)
        dry = app.test_cli_runner().invoke(args=["storage", "sweep", "--dry-run"])
        assert json.loads(dry.output) == {"orphans": 1, "keys": [orphan]} and get_storage().exists(orphan)
        from core.storage.sweep import sweep_orphans

        assert sweep_orphans() == {"removed": 1, "keys": [orphan], "store": "s3"}
        assert set(stored_keys(app)) == kept and len(kept) == 1
        assert sweep_orphans()["removed"] == 0
    assert client.get(f"/api/xray-analyses/{analysis}/", headers=user.headers).get_json()["status"] == "done"


def test_recent_objects_are_spared_by_the_sweep(xray_app, s3_server, bucket):
    app = xray_app(s3_server.config(bucket))  # the default grace: an hour
    import io

    with app.app_context():
        fresh = get_storage().put(io.BytesIO(b"row not committed yet"), namespace="xray")
        from core.storage.sweep import sweep_orphans

        assert sweep_orphans()["removed"] == 0 and get_storage().exists(fresh)


def test_migrate_copies_local_files_verified_switches_rows_and_is_safe_to_rerun(xray_app, user, s3_server, bucket,
                                                                               tmp_path):
    local = xray_app({"STORAGE_URL": f"file://{tmp_path / 'old'}"})  # files in a folder, as before an object store
    client = local.test_client()
    ids = [upload(client, user.headers, name).get_json()["id"] for name in ("00000001_000.png", "siim_chest_pa.dcm")]
    heatmap = client.get(f"/api/xray-analyses/{ids[0]}/heatmap", headers=user.headers).data
    folder = local.config["STORAGE_URL"]
    with local.app_context():  # an upload of an older release: a path with the owner's id in it
        row = db.session.get(XrayAnalysis, uuid.UUID(ids[1]))
        old_root = folder.removeprefix("file://")
        legacy = f"xray/{user.id}/{ids[1]}.npy"
        os.makedirs(os.path.join(old_root, "xray", str(user.id)))
        shutil.move(os.path.join(old_root, *row.image_file.split("/")), os.path.join(old_root, *legacy.split("/")))
        row.image_file = legacy
        db.session.commit()
        digests = {}
        for key in stored_keys(local):
            with open(os.path.join(old_root, *key.split("/")), "rb") as handle:
                digests[key] = hashlib.sha256(handle.read()).hexdigest()
    # Every process now points at the bucket and still reads the folder for what is not copied yet.
    switched = xray_app({**s3_server.config(bucket), "STORAGE_LOCAL_FALLBACK": True})
    from core.storage import LocalStorage

    switched.extensions["hygeia.storage"].local = LocalStorage(old_root)  # instance/uploads in a deployment
    reader = switched.test_client()
    assert reader.get(f"/api/xray-analyses/{ids[0]}/heatmap", headers=user.headers).data == heatmap  # fallback
    result = switched.test_cli_runner().invoke(args=["storage", "migrate"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert (report["copied"], report["already_there"], report["missing"], report["failed"]) == (3, 0, 0, 0)
    objects = s3_server.objects(bucket)
    with switched.app_context():
        keys = [k for row in db.session.scalars(select(XrayAnalysis)) for k in (row.image_file, row.heatmap_file) if k]
    assert sorted(f"hygeia/{k}" for k in keys) == sorted(objects)
    assert all(str(user.id) not in k for k in keys)  # the old owner-named key is gone with the copy
    bucket_digests = sorted(hashlib.sha256(s3_server.client().get_object(Bucket=bucket, Key=k)["Body"].read())
                            .hexdigest() for k in objects)
    assert bucket_digests == sorted(digests.values())
    again = switched.test_cli_runner().invoke(args=["storage", "migrate"])
    assert json.loads(again.output.strip().splitlines()[-1])["copied"] == 0
    assert json.loads(again.output.strip().splitlines()[-1])["already_there"] == 3
    shutil.rmtree(old_root)  # the folder is not needed any more: everything reads from the bucket
    assert reader.get(f"/api/xray-analyses/{ids[0]}/heatmap", headers=user.headers).data == heatmap
    assert reader.get(f"/api/xray-analyses/{ids[1]}/", headers=user.headers).get_json()["status"] == "done"
    assert sample_bytes("00000001_000.png")  # (the samples themselves are untouched)
