"""X-ray upload in the original's `image` field, analysed by Hygeia's xray plugin (test weights installed)."""

import io

import pytest

from tests.plugins.compat.conftest import Original
from tests.plugins.xray.conftest import installed_instance, sample_bytes, weights_files  # noqa: F401 (fixtures)


@pytest.fixture
def app(make_app, compat_tables, installed_instance, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(installed_instance))
    return make_app({"HYGEIA_PLUGINS": ["xray", "compat"], "RATELIMIT_ENABLED": False})


def test_an_image_upload_is_analysed_and_never_given_a_public_url(signed_in, client):
    response = client.post("/api/compat/xray-analyses/", headers=signed_in.headers,
                           content_type="multipart/form-data",
                           data={"image": (io.BytesIO(sample_bytes("00000001_000.png")), "chest.png")})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert set(created) == {"id", "image_url", "analysis_result", "detected_conditions", "confidence_scores",
                            "created_at"}
    assert created["image_url"] is None
    done = client.get(f"/api/compat/xray-analyses/{created['id']}/", headers=signed_in.headers).get_json()
    assert done["confidence_scores"] and done["analysis_result"] != "Processing..."  # jobs run at once in tests
    assert [a["id"] for a in client.get("/api/compat/xray-analyses/", headers=signed_in.headers).get_json()] \
        == [created["id"]]
    other = Original(client)
    other.login(other.register())
    assert client.get(f"/api/compat/xray-analyses/{created['id']}/", headers=other.headers).status_code == 404
