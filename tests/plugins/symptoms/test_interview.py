"""The triage interview: questions from the rules, answers that re-triage, every step stored, bad answers refused."""

import pytest

URL = "/api/consultations/"


@pytest.fixture
def offline(symptoms_app, make_user):
    """No LLM configured: the engine's answer is the answer."""
    app = symptoms_app(TOGETHER_AI_API_KEY=None, LLM_BASE_URL="https://api.together.xyz/v1")
    return app, app.test_client(), make_user()


def start(client, user, symptoms, **extra):
    response = client.post(URL, json={"symptoms": symptoms, **extra}, headers=user.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, user, consultation, *pairs):
    return client.post(f"{URL}{consultation['id']}/answers/", headers=user.headers,
                       json={"answers": [{"question_id": q, "answer": a} for q, a in pairs]})


def test_a_decisive_question_is_asked_and_its_answer_changes_the_level(offline):
    app, client, user = offline
    body = start(client, user, "my back hurts")
    assert body["triage_level"] == "self_care"
    ids = [q["id"] for q in body["questions"]]
    assert "saddle_numbness" in ids and len(ids) <= 3 and body["questions"] == body["triage"]["questions"]
    question = next(q for q in body["questions"] if q["id"] == "saddle_numbness")
    assert question["answer_type"] == "yes_no" and question["would_raise_to"] == "emergency"
    response = answer(client, user, body, ("saddle_numbness", "yes"))
    assert response.status_code == 200
    after = response.get_json()
    assert (after["triage_level"], after["source"], after["triage"]["rule"]["id"]) == (
        "emergency", "red_flag", "cauda_equina")
    assert after["questions"] == []
    step = after["interview"]["steps"][0]
    assert (step["answers"], step["level_before"], step["level_after"]) == (
        {"saddle_numbness": "yes"}, "self_care", "emergency")
    assert client.get(f"{URL}{body['id']}/", headers=user.headers).get_json()["interview"] == after["interview"]


def test_a_number_question_takes_a_number_and_a_reassuring_answer_keeps_the_level(offline):
    app, client, user = offline
    body = start(client, user, "my baby has a temperature of 38.3")
    assert body["questions"][0]["id"] == "age" and body["questions"][0]["answer_type"] == "number"
    after = answer(client, user, body, ("age", 0.1)).get_json()
    assert (after["triage_level"], after["triage"]["rule"]["id"]) == ("emergency", "fever_infant_under_3_months")
    calm = start(client, user, "I have a cough")
    asked = [q["id"] for q in calm["questions"]]
    kept = answer(client, user, calm, *[(q, 30 if q == "age" else 2 if q == "duration" else "no")
                                        for q in asked]).get_json()
    assert kept["triage_level"] == "self_care" and kept["interview"]["steps"][0]["level_after"] == "self_care"
    assert not {q["id"] for q in kept["questions"]} & set(asked)


def test_an_emergency_comes_with_no_questions_to_delay_it(offline):
    app, client, user = offline
    body = start(client, user, "crushing chest pain and I'm sweating")
    assert body["triage_level"] == "emergency" and body["questions"] == []
    assert answer(client, user, body, ("age", 40)).status_code == 409


@pytest.mark.parametrize("pairs,status,error", [
    ([("not_a_question", "yes")], 422, "unknown_question"),
    ([("saddle_numbness", "maybe")], 422, "invalid_answer"),
    ([("saddle_numbness", 3)], 422, "invalid_answer"),
    ([("saddle_numbness", "yes"), ("saddle_numbness", "no")], 422, None),
])
def test_bad_answers_get_a_clear_4xx_and_change_nothing(offline, pairs, status, error):
    app, client, user = offline
    body = start(client, user, "my back hurts")
    response = answer(client, user, body, *pairs)
    assert response.status_code == status
    if error:
        assert response.get_json()["error"] == error
    stored = client.get(f"{URL}{body['id']}/", headers=user.headers).get_json()
    assert stored["triage"] == body["triage"] and stored["interview"]["steps"] == []


def test_another_users_consultation_cannot_be_answered(offline, make_user):
    app, client, user = offline
    body = start(client, user, "my back hurts")
    response = answer(client, make_user(), body, ("saddle_numbness", "yes"))
    assert response.status_code == 404
    assert client.get(f"{URL}{body['id']}/", headers=user.headers).get_json()["triage_level"] == "self_care"


def test_the_steps_are_in_the_export_and_the_audit_log(offline):
    app, client, user = offline
    body = start(client, user, "my back hurts")
    answer(client, user, body, ("saddle_numbness", "no"))
    export = client.get("/api/profile/export/", headers=user.headers).get_json()
    exported = next(iter(export["plugins"]["symptoms"]))
    assert exported["interview"]["steps"][0]["answers"] == {"saddle_numbness": "no"}
    audit = client.get("/api/profile/audit/", headers=user.headers).get_json()["items"]
    assert any(e["record_id"] == body["id"] and e["action"] == "create" and e["route"].endswith("/answers/")
               for e in audit)


def test_the_anonymous_interview_runs_without_storing_anything(offline):
    app, client, _ = offline
    first = client.post(URL, json={"symptoms": "my baby has a temperature of 38.3"}).get_json()
    assert first["stored"] is False and first["questions"][0]["id"] == "age"
    second = client.post(URL, json={"symptoms": "my baby has a temperature of 38.3",
                                    "answers": [{"question_id": "age", "answer": 0.1}]}).get_json()
    assert (second["stored"], second["triage_level"]) == (False, "emergency")
