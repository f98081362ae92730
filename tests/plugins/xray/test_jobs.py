"""Job states, batching, failures, the no-weights path, health, explanations and rate limits."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from core.api import db
from plugins.xray.jobs import analyse_xray
from plugins.xray.models import XrayAnalysis
from tests.plugins.xray.conftest import SAMPLES, stored_keys, upload


def statuses(app, ids) -> list[str]:
    with app.app_context():
        rows = {row.id: row for row in db.session.scalars(select(XrayAnalysis))}
        return [rows[uuid.UUID(i)].status for i in ids]


def test_without_weights_upload_is_503_with_the_fix_and_health_is_degraded(make_app, empty_instance, user):
    client = make_app({"RATELIMIT_ENABLED": False}).test_client()
    response = upload(client, user.headers, "00000001_000.png")
    body = response.get_json()
    assert response.status_code == 503 and body["error"] == "model_unavailable"
    assert "flask xray install-weights PATH_OR_URL --sha256" in body["message"]
    assert "untrained" in body["message"] and body["details"]["install"].startswith("flask xray install-weights")
    assert stored_keys(client.application) == []
    health = client.get("/api/health/").get_json()
    check = health["plugins"]["xray"]["model"]
    assert check["status"] == "degraded" and "install-weights" in check["detail"]
    assert health["status"] == "degraded"


def test_health_is_ok_with_installed_weights(xray_app, weights_files):
    check = xray_app().test_client().get("/api/health/").get_json()["plugins"]["xray"]["model"]
    assert check["status"] == "ok" and check["labels"] == 18
    assert check["weights_sha256"] == weights_files.hash(weights_files.xrv)


def test_configured_weights_path_needs_its_hash(make_app, empty_instance, weights_files, user):
    app = make_app({"RATELIMIT_ENABLED": False, "XRAY_WEIGHTS_PATH": str(weights_files.bundle)})
    client = app.test_client()
    response = upload(client, user.headers, "00000001_000.png")
    assert response.status_code == 503 and "XRAY_WEIGHTS_SHA256" in response.get_json()["message"]
    app.config["XRAY_WEIGHTS_SHA256"] = weights_files.hash(weights_files.bundle)
    body = upload(client, user.headers, "00000001_000.png").get_json()
    assert body["status"] == "done"
    assert body["result"]["model"]["name"] == "Test chest bundle"
    assert set(body["result"]["probabilities"]) == {"Atelectasis", "Opacity", "Nodule", "Mass"}
    app.config["XRAY_WEIGHTS_SHA256"] = "0" * 64
    body = upload(client, user.headers, "00000001_000.png").get_json()
    assert body["status"] == "failed" and "does not match XRAY_WEIGHTS_SHA256" in body["error"]
    assert body["result"] is None


def test_queued_analyses_run_as_one_batch_through_a_real_worker(xray_app, user, hygeia_backend):
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis")
    from core.jobs import make_worker

    app = xray_app({"JOBS_SYNC": False})
    client = app.test_client()
    ids = [upload(client, user.headers, name).get_json()["id"] for name in SAMPLES]
    assert statuses(app, ids) == ["queued"] * 3
    listed = client.get("/api/xray-analyses/", headers=user.headers).get_json()["items"]
    assert {item["status"] for item in listed} == {"queued"} and all(i["result"] is None for i in listed)
    assert client.get("/api/health/").get_json()["queues"]["xray"] == 3
    with app.app_context():
        worker = make_worker(app, ["xray"], simple=True)
        worker.work(burst=True)
    assert statuses(app, ids) == ["done"] * 3
    for analysis in ids:
        result = client.get(f"/api/xray-analyses/{analysis}/", headers=user.headers).get_json()["result"]
        assert result["batch_size"] == 3  # the first job took all three; the other two found them done
    assert client.get("/api/health/").get_json()["queues"]["xray"] == 0


def test_a_job_claims_other_queued_analyses_up_to_the_batch_size(xray_app, user):
    app = xray_app({"XRAY_BATCH_SIZE": 2})
    ids = []
    with app.app_context():
        for index in range(3):
            row = XrayAnalysis(user_id=user.id, status="queued", source_format="png", image_file="missing.png",
                               width=512, height=512, bit_depth=8, size_bytes=1)
            db.session.add(row)
            db.session.commit()
            ids.append(str(row.id))
        assert analyse_xray(ids[2]) == {"analysed": 2}  # its own and the oldest other one
        assert analyse_xray(ids[0]) == {"analysed": 0}  # already handled in that batch
        assert analyse_xray(ids[1]) == {"analysed": 1}
    assert statuses(app, ids) == ["failed"] * 3  # no stored image: each fails with a reason
    with app.app_context():
        errors = {row.error for row in db.session.scalars(select(XrayAnalysis))}
    assert errors == {"The stored image is missing; upload it again."}


def test_a_running_analysis_is_left_alone_until_it_is_stale(xray_app, user):
    from datetime import timedelta

    from core.api import utcnow

    app = xray_app()
    with app.app_context():
        row = XrayAnalysis(user_id=user.id, status="running", started_at=utcnow(), source_format="png",
                           image_file="missing.png", width=512, height=512, bit_depth=8, size_bytes=1)
        db.session.add(row)
        db.session.commit()
        assert analyse_xray(str(row.id)) == {"analysed": 0}
        row.started_at = utcnow() - timedelta(hours=1)  # its worker died
        db.session.commit()
        assert analyse_xray(str(row.id)) == {"analysed": 1}
        db.session.refresh(row)
        assert row.status == "failed"


def test_stalled_analyses_are_queued_again_by_the_schedule(xray_app, user):
    from datetime import timedelta

    from core.api import utcnow
    from plugins.xray.jobs import requeue_stalled

    app = xray_app({"XRAY_BATCH_SIZE": 1})  # so a requeued job does not take the fresh one in its batch
    hour_ago = utcnow() - timedelta(hours=1)
    with app.app_context():
        rows = {
            "dead worker": XrayAnalysis(status="running", started_at=hour_ago, created_at=hour_ago),
            "lost job": XrayAnalysis(status="queued", created_at=hour_ago),
            "just queued": XrayAnalysis(status="queued"),
            "being analysed": XrayAnalysis(status="running", started_at=utcnow()),
            "explanation lost": XrayAnalysis(status="done", finished_at=hour_ago, explanation_status="pending"),
        }
        for row in rows.values():
            row.user_id, row.source_format, row.image_file = user.id, "png", "missing.npy"
            row.width = row.height = 512
            row.bit_depth, row.size_bytes = 8, 1
            db.session.add(row)
        db.session.commit()
        ids = {name: str(row.id) for name, row in rows.items()}
        assert requeue_stalled() == {"requeued": 2}  # JOBS_SYNC: their jobs ran at once
    assert statuses(app, [ids["dead worker"], ids["lost job"]]) == ["failed", "failed"]  # no stored image
    assert statuses(app, [ids["just queued"], ids["being analysed"]]) == ["queued", "running"]
    with app.app_context():
        assert db.session.get(XrayAnalysis, uuid.UUID(ids["explanation lost"])).explanation_status == "unavailable"


def test_the_model_loads_once_per_process(xray_app, user):
    from plugins.xray import model

    client = xray_app().test_client()
    upload(client, user.headers, "00000001_000.png")
    loaded = model._loaded
    upload(client, user.headers, "00027426_000.png")
    assert loaded is not None and model._loaded is loaded


def test_explanation_comes_from_the_llm_with_the_disclaimer(xray_app, user, llm_server):
    llm_server.reply("The model flagged fluid around the lungs and a large heart shadow. Please see a doctor.",
                     model="test-model")
    app = xray_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"})
    body = upload(app.test_client(), user.headers, "00027426_000.png").get_json()
    result = body["result"]
    assert result["explanation"] == {
        "status": "ready", "model": "test-model", "unavailable_notice": None,
        "text": "The model flagged fluid around the lungs and a large heart shadow. Please see a doctor."}
    assert "not a diagnosis" in result["disclaimer"]
    sent = llm_server.requests[-1]["messages"]
    assert sent[0]["role"] == "system" and "not a diagnosis" in sent[0]["content"]
    for finding in result["findings"]:
        assert finding["label"] in sent[1]["content"]
    assert user.email not in str(sent) and str(user.id) not in str(sent)


def test_explanations_can_be_switched_off(xray_app, user, llm_server):
    app = xray_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key", "XRAY_EXPLAIN": False})
    body = upload(app.test_client(), user.headers, "00000001_000.png").get_json()
    assert body["result"]["explanation"]["status"] == "unavailable" and llm_server.requests == []
    assert body["result"]["explanation"]["unavailable_notice"] == \
        "This server is set not to write AI explanations of X-ray results."


def test_llm_failure_leaves_the_results_and_marks_the_explanation_unavailable(xray_app, user, llm_server):
    llm_server.fail(500, times=5)
    app = xray_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0})
    body = upload(app.test_client(), user.headers, "00000001_000.png").get_json()
    assert body["status"] == "done" and body["result"]["findings"]
    notice = body["result"]["explanation"].pop("unavailable_notice")
    assert body["result"]["explanation"] == {"status": "unavailable", "text": None, "model": None}
    assert "Please try again later" in notice and "No AI model is configured" not in notice


def test_upload_rate_limit_is_five_an_hour_per_user(xray_app, make_user):
    app = xray_app({"RATELIMIT_ENABLED": True})
    client = app.test_client()
    first, second = make_user(), make_user()
    not_png = b"plain text"  # refused uploads count too: the limit guards the decoder as well as the model
    codes = [upload(client, first.headers, "notes.png", not_png).status_code for _ in range(6)]
    assert codes == [415] * 5 + [429]
    limited = upload(client, first.headers, "notes.png", not_png)
    assert limited.get_json()["error"] == "rate_limited" and "Retry-After" in limited.headers
    assert client.get("/api/xray-analyses/", headers=first.headers).status_code == 200  # reading is not an upload
    assert upload(client, second.headers, "notes.png", not_png).status_code == 415  # per user


def test_anonymous_rate_limit_is_three_a_minute(xray_app):
    client = xray_app({"RATELIMIT_ENABLED": True}).test_client()
    codes = [upload(client, {}, "00000001_000.png").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


@pytest.mark.parametrize("overrides, message", [
    ({"XRAY_THRESHOLDS": "{not json"}, "not valid JSON"),
    ({"XRAY_THRESHOLDS": {"Effusion": 1.5}}, "between 0 and 1"),
    ({"XRAY_BATCH_SIZE": 0}, "XRAY_BATCH_SIZE must be positive"),
])
def test_bad_settings_stop_start_up_with_a_clear_message(make_app, empty_instance, overrides, message):
    from core.plugin_manager import PluginError

    with pytest.raises(PluginError, match=message):
        make_app(overrides)


def test_thresholds_from_settings_decide_the_findings(xray_app, user):
    client = xray_app({"XRAY_THRESHOLDS": '{"Effusion": 0.999999}'}).test_client()  # JSON, as from the environment
    result = upload(client, user.headers, "00000001_000.png").get_json()["result"]
    assert result["thresholds"]["Effusion"] == 1.0  # rounded for display
    assert "Effusion" not in [f["label"] for f in result["findings"]]
    assert {f["label"] for f in result["findings"]} == {"Atelectasis", "Cardiomegaly"}
