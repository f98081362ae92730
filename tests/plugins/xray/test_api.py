"""/api/xray-analyses end to end: uploads of the real samples, results, heatmaps, isolation, bad files."""

from __future__ import annotations

import functools
import io
import os
import re
import urllib.request

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from core.api import db, get_storage
from plugins.xray.models import XrayAnalysis
from plugins.xray.weights import XRV_PATHOLOGIES
from tests.plugins.xray.conftest import (
    SAMPLES,
    sample_bytes,
    stored_bytes,
    stored_keys,
    upload,
)
from tests.plugins.xray.images import dicom_bytes
from tests.plugins.xray.test_imaging import huge_png


@pytest.fixture
def client(xray_app):
    return xray_app().test_client()


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_gets_findings_a_heatmap_and_an_explanation(xray_app, user, installed_instance, weights_files,
                                                                  llm_server, name):
    llm_server.reply("The screening model flagged a few areas to discuss with your doctor.", model="test-llm")
    client = xray_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"}).test_client()
    response = upload(client, user.headers, name)
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert response.headers["Location"] == f"/api/xray-analyses/{body['id']}/"
    # JOBS_SYNC runs the job within the request; the detail shows the finished analysis
    detail = client.get(f"/api/xray-analyses/{body['id']}/", headers=user.headers).get_json()
    assert detail["status"] == "done" and detail["error"] is None
    assert detail["image"]["format"] == ("dicom" if name.endswith(".dcm") else "png")
    result = detail["result"]
    assert set(result["probabilities"]) == set(XRV_PATHOLOGIES) == set(result["thresholds"])
    assert [f["label"] for f in result["findings"]] == sorted(
        ["Atelectasis", "Effusion", "Cardiomegaly"], key=lambda label: -result["probabilities"][label])
    assert all(f["probability"] >= f["threshold"] for f in result["findings"])
    assert result["top_finding"] == result["findings"][0]["label"] == result["heatmap_label"]
    assert result["model"] == {"name": "DenseNet121 (TorchXRayVision-style)", "version": "xrv-densenet121",
                               "format": "torchxrayvision", "labels": 18, "normalisation": "minmax",
                               "demo": False, "card": None, "weights_sha256": weights_files.hash(weights_files.xrv)}
    assert result["demo_notice"] is None  # only the demo weights' results carry it
    assert result["inference_ms"] > 0 and result["batch_size"] == 1
    assert result["explanation"] == {"status": "ready", "model": "test-llm", "unavailable_notice": None,
                                     "text": "The screening model flagged a few areas to discuss with your doctor."}
    assert "not a diagnosis" in result["disclaimer"]

    heatmap = client.get(result["heatmap_url"], headers=user.headers)
    assert heatmap.status_code == 200 and heatmap.mimetype == "image/png"
    assert heatmap.headers["Cache-Control"] == "private, no-store"
    image = Image.open(io.BytesIO(heatmap.data))
    side = 512 if name.endswith(".dcm") else 256  # shown at the radiograph's own size, at most 512 px
    assert image.mode == "RGB" and image.size == (side, side)
    pixels = np.asarray(image).astype(int)
    assert (np.abs(pixels[..., 0] - pixels[..., 2]) > 40).any()  # coloured where the map is hot
    keys = stored_keys(client.application)
    assert len(keys) == 2 and [k for k in keys if k.endswith(".heatmap.png")] and [k for k in keys if k.endswith(".npy")]
    for key in keys:  # random keys: neither the user's nor the analysis' id, nor the upload's name
        assert re.fullmatch(r"xray/[0-9a-f]{32}(\.heatmap\.png|\.npy)", key), key
        assert str(user.id) not in key and body["id"] not in key and name not in key
    again = client.get(result["heatmap_url"], headers=user.headers)  # rendered once, then served from the file
    assert again.status_code == 200 and again.data == heatmap.data


def test_only_pixels_are_stored_under_a_random_key(client, user):
    body = upload(client, user.headers, "siim_chest_pa.dcm").get_json()
    assert body["result"]["explanation"]["status"] == "unavailable"  # no LLM configured: results all the same
    assert "No AI model is configured on this server" in body["result"]["explanation"]["unavailable_notice"]
    with client.application.app_context():
        key = db.session.scalar(select(XrayAnalysis.image_file))
    stored = stored_bytes(client.application, key)
    pixels = np.load(io.BytesIO(stored), allow_pickle=False)
    assert pixels.shape == (1024, 1024) and pixels.dtype == np.uint8
    assert b"DICM" not in stored and b"1.2.840" not in stored
    assert body["image"]["dicom"]["body_part"] == "CHEST" and body["image"]["size_bytes"] == 127290


def test_another_user_sees_nothing(client, make_user, installed_instance):
    owner, stranger = make_user(), make_user()
    analysis = upload(client, owner.headers, "00000001_000.png").get_json()["id"]
    for path in (f"/api/xray-analyses/{analysis}/", f"/api/xray-analyses/{analysis}/heatmap"):
        response = client.get(path, headers=stranger.headers)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.delete(f"/api/xray-analyses/{analysis}/", headers=stranger.headers).status_code == 404
    listing = client.get("/api/xray-analyses/", headers=stranger.headers).get_json()
    assert listing["total"] == 0 and listing["items"] == []
    assert client.get(f"/api/xray-analyses/{analysis}/", headers=owner.headers).status_code == 200


def test_list_is_own_paginated_newest_first(client, user):
    ids = [upload(client, user.headers, name).get_json()["id"] for name in SAMPLES[:2]]
    page = client.get("/api/xray-analyses/?page_size=1", headers=user.headers).get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)
    second = client.get("/api/xray-analyses/?page_size=1&page=2", headers=user.headers).get_json()
    assert {page["items"][0]["id"], second["items"][0]["id"]} == set(ids)
    assert page["items"][0]["created_at"] >= second["items"][0]["created_at"]


def test_delete_removes_record_and_files(client, user, installed_instance):
    analysis = upload(client, user.headers, "00027426_000.png").get_json()["id"]
    assert client.get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers).status_code == 200
    assert len(stored_keys(client.application)) == 2
    assert client.delete(f"/api/xray-analyses/{analysis}/", headers=user.headers).status_code == 204
    assert client.get(f"/api/xray-analyses/{analysis}/", headers=user.headers).status_code == 404
    assert stored_keys(client.application) == []


@functools.lru_cache(maxsize=1)
def _bad_files() -> dict[str, tuple[bytes, int, str]]:
    png = sample_bytes("00000001_000.png")
    return {
        "truncated.png": (png[: len(png) // 3], 422, "invalid_image"),
        "notes.png": (b"this is a text file, renamed\n" * 40, 415, "unsupported_media_type"),
        "huge.png": (huge_png(9_000, 5_000), 422, "image_too_large"),
        "bomb.png": (huge_png(14_000, 14_000), 422, "image_too_large"),
        "knee.dcm": (dicom_bytes(np.zeros((256, 256), dtype=np.uint8), body_part="KNEE"), 422,
                     "not_chest_radiograph"),
        "empty.png": (b"", 422, "invalid_image"),
    }


def test_bad_files_get_a_clear_4xx_and_leave_nothing(client, user, installed_instance):
    for name, (data, status, code) in _bad_files().items():
        response = upload(client, user.headers, name, data)
        body = response.get_json()
        assert (response.status_code, body["status"], body["error"]) == (status, status, code), name
        assert body["message"] and body["message"] != "An unexpected error occurred. It has been logged."
        assert client.get("/api/xray-analyses/", headers=user.headers).get_json()["total"] == 0, name
        assert stored_keys(client.application) == [], name


def test_too_large_upload_is_refused(xray_app, user, installed_instance):
    assert len(sample_bytes("siim_chest_pa.dcm")) > 0.1 * 1024 * 1024 > len(sample_bytes("00000001_000.png"))
    client = xray_app({"XRAY_MAX_UPLOAD_MB": 0.1}).test_client()
    response = upload(client, user.headers, "siim_chest_pa.dcm")  # 124 KB
    assert response.status_code == 413 and response.get_json()["error"] == "payload_too_large"
    assert "larger than 0.1 MB" in response.get_json()["message"]
    assert stored_keys(client.application) == []
    assert upload(client, user.headers, "00000001_000.png").status_code == 202  # 30 KB fits


def test_missing_file_field_is_a_validation_error(client, user):
    response = client.post("/api/xray-analyses/", headers=user.headers, content_type="multipart/form-data",
                           data={"other": (io.BytesIO(b"x"), "x.png")})
    assert response.status_code == 422 and "file" in response.get_json()["details"]["files"]


def test_anonymous_upload_is_refused(client):
    response = upload(client, {}, "00000001_000.png")
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_heatmap_of_an_unfinished_analysis_is_409(client, user, installed_instance):
    from core.api import db
    from plugins.xray.models import XrayAnalysis

    analysis = upload(client, user.headers, "00000001_000.png").get_json()["id"]
    with client.application.app_context():
        row = db.session.get(XrayAnalysis, __import__("uuid").UUID(analysis))
        row.status = "running"
        db.session.commit()
    response = client.get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers)
    assert response.status_code == 409 and response.get_json()["error"] == "not_ready"
    detail = client.get(f"/api/xray-analyses/{analysis}/", headers=user.headers).get_json()
    assert detail["status"] == "running" and detail["result"] is None


def test_openapi_documents_the_upload(client):
    spec = client.get("/api/openapi.json").get_json()
    post = spec["paths"]["/api/xray-analyses/"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert {"202", "413", "415", "422", "503"} <= set(post["responses"])
    assert "image/png" in spec["paths"]["/api/xray-analyses/{analysis_id}/heatmap"]["get"]["responses"]["200"][
        "content"]
    assert os.environ.get("HYGEIA_INSTANCE_PATH")  # the fixture's instance folder, not the project's


def test_ai_context_gives_other_plugins_the_users_latest_findings(client, make_user):
    from core.api import gather_ai_context

    def xray_items(query, user_id, requester="chat"):
        return [item for item in gather_ai_context(query, user_id, requester) if item.plugin == "xray"]

    owner, other = make_user(), make_user()
    analysis = upload(client, owner.headers, "00000001_000.png").get_json()
    with client.application.app_context():
        items = xray_items("What did my chest X-ray show?", owner.id)
        assert len(items) == 1 and "Effusion" in items[0].text and "not a diagnosis" in items[0].text
        assert items[0].sources[0]["id"] == analysis["id"]
        assert len(xray_items("¿Qué mostró mi radiografía de tórax?", owner.id)) == 1
        assert xray_items("What should I eat for breakfast?", owner.id) == []
        assert xray_items("What did my chest X-ray show?", other.id) == []
        assert xray_items("What did my chest X-ray show?", None) == []
        assert xray_items("What did my chest X-ray show?", owner.id, requester="xray") == []  # never asks itself


def test_export_and_account_deletion_cover_analyses_and_files(client, user, installed_instance):
    analysis = upload(client, user.headers, "siim_chest_pa.dcm").get_json()["id"]
    assert client.get(f"/api/xray-analyses/{analysis}/heatmap", headers=user.headers).status_code == 200
    export = client.get("/api/profile/export/", headers=user.headers)
    assert export.status_code == 200, export.get_json()
    records = export.get_json()["plugins"]["xray"]
    assert [r["id"] for r in records] == [analysis] and records[0]["status"] == "done"
    assert records[0]["result"]["findings"] and len(records[0]["gradcam_grid"]) == 14
    keys = stored_keys(client.application)
    assert len(keys) == 2
    files = export.get_json()["stored_files"]
    assert sorted(f["kind"] for f in files) == ["heatmap_file", "image_file"]
    assert {(f["plugin"], f["record"]) for f in files} == {("xray", analysis)}
    sizes = {len(stored_bytes(client.application, key)) for key in keys}
    assert {f["size_bytes"] for f in files} == sizes
    for listed in files:  # an object store hands the owner a short-lived link; a local folder has none
        if listed["download_url"] is None:
            assert get_storage(client.application).name == "local"
        else:
            with urllib.request.urlopen(listed["download_url"], timeout=10) as fetched:
                assert len(fetched.read()) == listed["size_bytes"]
    deleted = client.delete("/api/profile/account/", headers=user.headers, json={"password": user.password})
    assert deleted.status_code == 204
    assert stored_keys(client.application) == []
