"""The consultations API: create, list, read, delete, validation, ownership and anonymous use."""

import uuid

import pytest
from sqlalchemy import func, select

from core.api import db
from plugins.symptoms.models import SymptomConsultation
from tests.plugins.symptoms.helpers import model_answer, system_prompt, user_prompt

URL = "/api/consultations/"


def post(client, body, user=None):
    return client.post(URL, json=body, headers=user.headers if user else {})


def stored_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SymptomConsultation))


def test_a_consultation_is_analysed_stored_and_returned(app, client, user, llm_server):
    llm_server.reply(model_answer(), model="served/qwen")
    response = post(client, {"symptoms": "Sore throat and a runny nose", "duration": "2 days",
                             "severity": "mild"}, user)
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/consultations/{body['id']}/"
    assert body["stored"] is True and body["status"] == "complete"
    assert (body["source"], body["triage_level"], body["cache_hit"]) == ("llm", "self_care", False)
    assert body["model"] == "served/qwen"
    assert body["analysis"]["possible_conditions"][0] == {
        "name": "Common cold", "likelihood": "likely", "explanation": "Sore throat and runny nose.", "icd10": "J06.9"}
    assert body["analysis"]["next_steps"][0] == "Rest and drink fluids."
    assert body["analysis"]["disclaimer"] == "This is not a diagnosis."
    assert (body["duration"], body["severity"], body["language"]) == ("2 days", "mild", "en")
    request = llm_server.requests[0]
    assert request["response_format"] == {"type": "json_object"}
    assert "not a doctor" in system_prompt(request)
    assert "Sore throat and a runny nose" in user_prompt(request) and "Duration: 2 days" in user_prompt(request)
    again = client.get(f"{URL}{body['id']}/", headers=user.headers).get_json()
    assert again["analysis"] == body["analysis"] and again["triage_level"] == "self_care"


def test_the_model_default_disclaimer_is_filled_in_when_missing(app, client, user, llm_server):
    llm_server.reply(model_answer(disclaimer=""))
    body = post(client, {"symptoms": "itchy eyes in spring", "language": "fr"}, user).get_json()
    assert body["analysis"]["disclaimer"].startswith("Ceci est une information générale")


def test_the_list_is_the_users_own_newest_first_and_paginated(app, client, make_user, llm_server):
    alice, bob = make_user(), make_user()
    for text in ("first complaint", "second complaint", "third complaint"):
        llm_server.reply(model_answer())
        assert post(client, {"symptoms": text}, alice).status_code == 201
    llm_server.reply(model_answer())
    post(client, {"symptoms": "bob's complaint"}, bob)
    page = client.get(f"{URL}?page=1&page_size=2", headers=alice.headers).get_json()
    assert [item["symptoms"] for item in page["items"]] == ["third complaint", "second complaint"]
    assert (page["total"], page["pages"], page["page"]) == (3, 2, 1)
    second = client.get(f"{URL}?page=2&page_size=2", headers=alice.headers).get_json()
    assert [item["symptoms"] for item in second["items"]] == ["first complaint"]


def test_another_users_consultation_is_not_found(app, client, make_user, llm_server):
    alice, bob = make_user(), make_user()
    llm_server.reply(model_answer())
    ident = post(client, {"symptoms": "a private complaint"}, alice).get_json()["id"]
    for method, path in (("get", f"{URL}{ident}/"), ("delete", f"{URL}{ident}/"), ("post", f"{URL}{ident}/rerun/")):
        response = getattr(client, method)(path, headers=bob.headers)
        assert response.status_code == 404
        assert response.get_json() == {"status": 404, "error": "not_found", "message": "Consultation not found."}
    assert client.get(f"{URL}{ident}/", headers=alice.headers).status_code == 200


def test_delete_removes_the_consultation(app, client, user, llm_server):
    llm_server.reply(model_answer())
    ident = post(client, {"symptoms": "a complaint to forget"}, user).get_json()["id"]
    assert client.delete(f"{URL}{ident}/", headers=user.headers).status_code == 204
    assert client.get(f"{URL}{ident}/", headers=user.headers).status_code == 404
    assert stored_count(app) == 0


INVALID = [
    ({}, "symptoms"),
    ({"symptoms": "   "}, "symptoms"),
    ({"symptoms": "x" * 4001}, "symptoms"),
    ({"symptoms": 42}, "symptoms"),
    ({"symptoms": "headache", "severity": "unbearable"}, "severity"),
    ({"symptoms": "headache", "language": "de"}, "language"),
    ({"symptoms": "headache", "duration": "d" * 65}, "duration"),
    ({"symptoms": "headache", "async": "maybe"}, "async"),
]


def test_invalid_requests_get_422_in_the_error_shape(app, client, user, llm_server):
    for body, field in INVALID:
        response = post(client, body, user)
        assert response.status_code == 422, body
        error = response.get_json()
        assert (error["status"], error["error"]) == (422, "validation_error")
        assert field in error["details"]["json"], body
    assert llm_server.requests == [] and stored_count(app) == 0


def test_a_non_json_body_is_refused_cleanly(app, client, user):
    response = client.post(URL, data="symptoms=headache", headers={**user.headers,
                                                                    "Content-Type": "text/plain"})
    assert 400 <= response.status_code < 500
    assert response.get_json()["status"] == response.status_code


def test_language_defaults_to_the_profile_preference(app, client, user, llm_server):
    client.patch("/api/profile/", json={"preferred_language": "es"}, headers=user.headers)
    llm_server.reply(model_answer())
    body = post(client, {"symptoms": "dolor de garganta"}, user).get_json()
    assert body["language"] == "es"
    assert "Write every text value in Spanish" in system_prompt(llm_server.requests[0])


def test_anonymous_consultations_are_answered_but_never_stored(app, client, llm_server, user):
    client.patch("/api/profile/", json={"allergies": ["penicillin"], "age": 40}, headers=user.headers)
    llm_server.reply(model_answer())
    response = post(client, {"symptoms": "sore throat and runny nose"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] is None and body["stored"] is False
    assert body["source"] == "llm" and body["analysis"]["next_steps"]
    assert "Location" not in response.headers
    assert "nothing known" in user_prompt(llm_server.requests[0])
    assert stored_count(app) == 0


def test_anonymous_background_mode_is_refused(app, client, llm_server):
    response = post(client, {"symptoms": "sore throat", "async": True})
    assert response.status_code == 401
    assert response.get_json()["error"] == "authentication_required"
    assert llm_server.requests == [] and stored_count(app) == 0


def test_an_invalid_token_is_refused_not_treated_as_anonymous(app, client, llm_server):
    response = client.post(URL, json={"symptoms": "sore throat"}, headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401
    assert response.get_json()["status"] == 401
    assert llm_server.requests == []


@pytest.mark.parametrize("path", [URL, f"{URL}{uuid.uuid4()}/"])
def test_reading_needs_a_token(app, client, path):
    response = client.get(path)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


@pytest.mark.parametrize("symptoms", ["crushing chest pain spreading to my arm", "a runny nose since yesterday"])
def test_a_stored_consultation_is_never_completed_before_it_was_created(client, user, symptoms):
    from datetime import datetime

    body = client.post("/api/consultations/", json={"symptoms": symptoms}, headers=user.headers).get_json()
    stored = client.get(f"/api/consultations/{body['id']}/", headers=user.headers).get_json()
    created, completed = (datetime.fromisoformat(stored[k]) for k in ("created_at", "completed_at"))
    assert completed >= created
