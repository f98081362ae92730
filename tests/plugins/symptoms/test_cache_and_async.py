"""The 24-hour cache and the background mode."""

import uuid
from datetime import timedelta

from core.api import db, utcnow
from plugins.symptoms.models import SymptomConsultation
from tests.plugins.symptoms.helpers import model_answer

URL = "/api/consultations/"


def post(client, user, **body):
    return client.post(URL, json=body, headers=user.headers)


def test_identical_symptoms_are_served_from_the_cache_and_marked(app, client, user, llm_server):
    llm_server.reply(model_answer())
    first = post(client, user, symptoms="Sore throat and runny nose", duration="2 days").get_json()
    second = post(client, user, symptoms="  sore THROAT and   runny nose. ", duration="2 Days").get_json()
    assert (first["cache_hit"], second["cache_hit"]) == (False, True)
    assert second["source"] == "llm" and second["analysis"] == first["analysis"]
    assert second["id"] != first["id"]
    assert len(llm_server.requests) == 1
    stored = client.get(f"{URL}{second['id']}/", headers=user.headers).get_json()
    assert stored["cache_hit"] is True


def test_the_cache_is_shared_between_people_with_the_same_relevant_profile(app, client, make_user, llm_server):
    alice, bob = make_user(), make_user()
    for person in (alice, bob):
        client.patch("/api/profile/", json={"age": 30, "country": "FR" if person is alice else "KE"},
                     headers=person.headers)
    llm_server.always(model_answer())
    post(client, alice, symptoms="blocked nose")
    assert post(client, bob, symptoms="blocked nose").get_json()["cache_hit"] is True  # country does not matter
    assert len(llm_server.requests) == 1


def test_profile_fields_that_matter_change_the_cache_key(app, client, user, llm_server):
    llm_server.always(model_answer())
    assert post(client, user, symptoms="blocked nose").get_json()["cache_hit"] is False
    client.patch("/api/profile/", json={"allergies": ["aspirin"]}, headers=user.headers)
    assert post(client, user, symptoms="blocked nose").get_json()["cache_hit"] is False
    client.patch("/api/profile/", json={"current_medications": ["warfarin"]}, headers=user.headers)
    assert post(client, user, symptoms="blocked nose").get_json()["cache_hit"] is False
    assert post(client, user, symptoms="blocked nose", language="es").get_json()["cache_hit"] is False
    assert post(client, user, symptoms="blocked nose", language="es").get_json()["cache_hit"] is True
    assert len(llm_server.requests) == 4


def test_allergy_warnings_apply_to_cached_answers_too(app, client, make_user, llm_server):
    llm_server.reply(model_answer(medications=[{"name": "Ibuprofen", "note": "For pain."}]))
    alice, bob = make_user(), make_user()
    for person in (alice, bob):
        client.patch("/api/profile/", json={"allergies": ["aspirin"]}, headers=person.headers)
    assert post(client, alice, symptoms="sprained ankle").get_json()["allergy_warnings"][0]["medication"] == \
        "ibuprofen"
    cached = post(client, bob, symptoms="sprained ankle").get_json()
    assert cached["cache_hit"] is True
    assert [w["medication"] for w in cached["allergy_warnings"]] == ["ibuprofen"]


def test_fallbacks_are_never_cached(app, client, user, llm_server):
    llm_server.fail(500, times=3)
    assert post(client, user, symptoms="stiff shoulder").get_json()["source"] == "fallback"
    llm_server.reply(model_answer())
    body = post(client, user, symptoms="stiff shoulder").get_json()
    assert (body["source"], body["cache_hit"]) == ("llm", False)


def test_rerun_skips_the_cache(app, client, user, llm_server):
    llm_server.reply(model_answer(summary="First opinion."))
    first = post(client, user, symptoms="itchy skin").get_json()
    llm_server.reply(model_answer(summary="Second opinion."))
    rerun = client.post(f"{URL}{first['id']}/rerun/", headers=user.headers).get_json()
    assert (rerun["analysis"]["summary"], rerun["cache_hit"]) == ("Second opinion.", False)
    assert post(client, user, symptoms="itchy skin").get_json()["analysis"]["summary"] == "Second opinion."


def test_async_answers_202_with_a_job_and_a_status_url(app, client, user, llm_server):
    llm_server.reply(model_answer(triage_level="see_doctor"))
    response = post(client, user, symptoms="a cough for three weeks", **{"async": True})
    assert response.status_code == 202
    accepted = response.get_json()
    assert accepted["status_url"] == f"/api/consultations/{accepted['id']}/"
    assert response.headers["Location"] == accepted["status_url"]
    assert len(accepted["job_id"]) >= 16
    body = client.get(accepted["status_url"], headers=user.headers).get_json()  # JOBS_SYNC ran the job already
    assert (body["status"], body["source"], body["triage_level"]) == ("complete", "llm", "see_doctor")
    assert body["job_id"] == accepted["job_id"]
    assert body["completed_at"] >= body["created_at"]


def test_the_prefer_respond_async_header_asks_for_background_mode_too(app, client, user, llm_server):
    llm_server.reply(model_answer())
    response = client.post(URL, json={"symptoms": "itchy rash on my leg"},
                           headers={**user.headers, "Prefer": "return=minimal, respond-async"})
    assert response.status_code == 202
    assert client.get(response.headers["Location"], headers=user.headers).get_json()["source"] == "llm"


def test_async_with_a_red_flag_answers_the_emergency_at_once(app, client, user, llm_server):
    response = post(client, user, symptoms="bleeding heavily from a cut", **{"async": True})
    assert response.status_code == 201
    assert response.get_json()["triage_level"] == "emergency"
    assert llm_server.requests == []


def test_async_rerun_and_its_fallback(app, client, user, llm_server):
    llm_server.reply(model_answer())
    ident = post(client, user, symptoms="mild back pain").get_json()["id"]
    llm_server.fail(500, times=3)
    response = client.post(f"{URL}{ident}/rerun/", json={"async": True}, headers=user.headers)
    assert response.status_code == 202 and response.get_json()["id"] == ident
    body = client.get(f"{URL}{ident}/", headers=user.headers).get_json()
    assert (body["status"], body["source"], body["fallback_reason"]) == ("complete", "fallback", "server_error")


def test_a_pending_consultation_cannot_be_rerun_until_its_job_is_stale(app, client, user, llm_server):
    llm_server.always(model_answer())
    ident = post(client, user, symptoms="mild back pain").get_json()["id"]

    def mark_pending(queued_minutes_ago):
        with app.app_context():
            consultation = db.session.get(SymptomConsultation, uuid.UUID(ident))
            consultation.status = "pending"
            consultation.queued_at = utcnow() - timedelta(minutes=queued_minutes_ago)
            db.session.commit()

    mark_pending(1)
    response = client.post(f"{URL}{ident}/rerun/", headers=user.headers)
    assert response.status_code == 409 and response.get_json()["error"] == "analysis_pending"
    mark_pending(20)  # past SYMPTOMS_PENDING_STALE_SECONDS (15 minutes): the job was lost
    response = client.post(f"{URL}{ident}/rerun/", headers=user.headers)
    assert response.status_code == 200 and response.get_json()["status"] == "complete"


def test_background_mode_with_the_queue_down_answers_at_once(symptoms_app, user, llm_server):
    """Redis failing between the token check and the queue: the analysis runs inline, nothing stays pending."""
    from plugins.symptoms import services

    app = symptoms_app(REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    llm_server.reply(model_answer(summary="Answered inline."))
    with app.app_context():
        consultation, pending = services.create_consultation(user.id, {"symptoms": "itchy rash", "run_async": True})
        assert pending is False
        stored = db.session.get(SymptomConsultation, consultation.id)
        assert (stored.status, stored.source, stored.job_id) == ("complete", "llm", None)
        assert stored.analysis["summary"] == "Answered inline."
