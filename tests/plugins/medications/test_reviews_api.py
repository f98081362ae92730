"""POST/GET/DELETE /api/medication-reviews/: findings from the tables, storage, ownership, bad input."""

import pytest


def kinds(body):
    return [(f["kind"], sorted(f["medicines"])) for f in body["findings"]]


def test_an_interaction_with_a_profile_medicine_is_found_with_its_source(post_review, client, user):
    client.patch("/api/profile/", headers=user.headers, json={"current_medications": ["Coumadin 5 mg daily"]})
    response = post_review({"medicines": ["Advil 200mg, 2 tabs every 4 hours"],
                            "question": "Can I take this for my back?"}, user)
    body = response.get_json()
    assert response.status_code == 201, body
    assert ("interaction", ["ibuprofen", "warfarin"]) in kinds(body)
    finding = next(f for f in body["findings"] if f["kind"] == "interaction")
    assert finding["severity"] in ("contraindicated", "major") and len(finding["source"]) > 8
    assert body["outcome"] == "avoid" and body["stored"] is True
    advil, coumadin = body["medicines"]
    assert advil["ingredients"][0]["id"] == "ibuprofen" and advil["dose"]["units_per_day"] == 12
    assert coumadin["origin"] == "profile" and coumadin["ingredients"][0]["id"] == "warfarin"
    assert response.headers["Location"] == f"/api/medication-reviews/{body['id']}/"


def test_the_same_ingredient_twice_and_the_daily_total(post_review, user):
    body = post_review({"medicines": ["Tylenol Extra Strength 2 caplets 4 times a day",
                                      "paracetamol 1g x4/día"]}, user).get_json()
    assert ("duplicate", ["paracetamol"]) in kinds(body)
    maximum = next(f for f in body["findings"] if f["kind"] == "max_dose")
    assert maximum["medicines"] == ["paracetamol"] and "8,000 mg" in maximum["message"]


def test_an_allergy_flags_its_family_in_the_users_language(post_review, client, user):
    client.patch("/api/profile/", headers=user.headers, json={"allergies": ["penicilina"]})
    body = post_review({"medicines": ["amoxicilina 500 mg cada 8 horas"], "language": "es"}, user).get_json()
    allergy = next(f for f in body["findings"] if f["kind"] == "allergy")
    assert allergy["medicines"] == ["amoxicillin"] and allergy["severity"] == "contraindicated"
    assert allergy["message"].startswith("Indicó alergia a penicilina") and body["language"] == "es"


def test_overdose_wording_is_an_emergency_answered_at_once(post_review):
    body = post_review({"medicines": ["I took the whole box of paracetamol"]}).get_json()
    assert body["outcome"] == "emergency" and body["findings"][0]["kind"] == "overdose"
    assert body["explanation_status"] == "not_needed" and body["stored"] is False and body["id"] is None


def test_an_unknown_name_is_reported_never_guessed_and_never_fine(post_review):
    body = post_review({"medicines": ["Zorblax 10mg", "paracetamol 500 mg"]}).get_json()
    assert body["outcome"] == "incomplete"
    assert kinds(body) == [("unrecognised", ["Zorblax 10mg"])]
    assert body["medicines"][0]["recognised"] is False and body["medicines"][1]["recognised"] is True


def test_a_slip_is_read_as_the_name_and_shown(post_review):
    body = post_review({"medicines": ["parcetamol 500 mg twice a day"]}).get_json()
    assert body["medicines"][0]["corrected"] == {"parcetamol": "paracetamol"}
    assert body["outcome"] == "none_found" and "pharmacist" in body["summary"]


def test_anonymous_reviews_are_not_stored(post_review, client, user):
    assert post_review({"medicines": ["ibuprofen 400 mg"]}).status_code == 200
    listed = client.get("/api/medication-reviews/", headers=user.headers).get_json()
    assert listed["total"] == 0


def test_list_get_delete_and_another_users_review(post_review, client, make_user):
    owner, other = make_user(), make_user()
    created = post_review({"medicines": ["metformin 500 mg bid"]}, owner).get_json()
    url = f"/api/medication-reviews/{created['id']}/"
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.delete(url, headers=other.headers).status_code == 404
    page = client.get("/api/medication-reviews/", headers=owner.headers).get_json()
    assert [r["id"] for r in page["items"]] == [created["id"]] and page["items"][0]["medicines"][0]["input"]
    assert client.get(url, headers=owner.headers).get_json()["findings"] == created["findings"]
    assert client.delete(url, headers=owner.headers).status_code == 204
    assert client.get(url, headers=owner.headers).status_code == 404


@pytest.mark.parametrize("body,field", [
    ({"medicines": []}, "medicines"),
    ({"medicines": ["ibuprofen"] * 51}, "medicines"),
    ({"medicines": ["   "]}, "medicines"),
    ({"medicines": ["\x89PNG\r\n\x1a\n\x01\x02"]}, "medicines"),
    ({"medicines": ["12345"]}, "medicines"),
    ({"medicines": "ibuprofen"}, "medicines"),
    ({"medicines": ["ibuprofen"], "age": 300}, "age"),
    ({}, "medicines"),
])
def test_bad_input_gets_a_clear_422_and_stores_nothing(post_review, client, user, body, field):
    response = post_review(body, user)
    error = response.get_json()
    assert response.status_code == 422, error
    assert field in str(error["details"])
    assert client.get("/api/medication-reviews/", headers=user.headers).get_json()["total"] == 0


def test_an_impossible_dose_is_refused_naming_the_medicine(post_review, client, user):
    response = post_review({"medicines": ["paracetamol 500 mg", "ibuprofen 400000000 mg"]}, user)
    error = response.get_json()
    assert response.status_code == 422 and error["details"] == {"medicines": {"1": ["a strength over 100 g a unit"]}}
    assert "Medicine 2" in error["message"]
    assert client.get("/api/medication-reviews/", headers=user.headers).get_json()["total"] == 0


def test_the_review_is_in_the_data_export(post_review, client, user):
    created = post_review({"medicines": ["aspirin 75 mg"]}, user).get_json()
    export = client.get("/api/profile/export/", headers=user.headers).get_json()
    reviews = export["plugins"]["medications"]["medication_reviews"]
    assert [r["id"] for r in reviews] == [created["id"]] and reviews[0]["medicines"][0]["input"] == "aspirin 75 mg"


def test_health_reports_the_tables_and_the_spec_documents_the_routes(client):
    check = client.get("/api/health/").get_json()["plugins"]["medications"]["medicine_tables"]
    assert check["status"] == "ok" and check["ingredients"] >= 300 and check["rules"]["interaction"] >= 100
    spec = client.get("/api/openapi.json").get_json()
    post = spec["paths"]["/api/medication-reviews/"]["post"]
    assert post["requestBody"]["content"]["application/json"]["example"]["medicines"]
    assert {"200", "201", "422"} <= set(post["responses"])
    assert set(spec["paths"]["/api/medication-reviews/{review_id}/"]) - {"parameters"} == {"get", "delete"}


def test_the_question_counts_conditions_it_names(post_review):
    body = post_review({"medicines": ["ibuprofen"],
                        "question": "can I take ibuprofen with my blood pressure tablets?"}).get_json()
    condition = next(f for f in body["findings"] if f["kind"] == "condition")
    assert condition["medicines"] == ["ibuprofen"] and condition["about"] == "high blood pressure"
    assert body["outcome"] in ("caution", "avoid")


def test_a_question_for_someone_else_uses_their_age_not_the_writers_profile(post_review, client, user):
    client.patch("/api/profile/", headers=user.headers, json={"age": 40, "allergies": ["penicillin"]})
    child = post_review({"medicines": ["aspirin 300mg", "amoxicillin 250 mg"],
                         "question": "for my 10 year old with a fever"}, user).get_json()
    assert [(f["kind"], f["medicines"]) for f in child["findings"]] == [("age", ["acetylsalicylic_acid"])]
    own = post_review({"medicines": ["amoxicillin 250 mg"]}, user).get_json()
    assert [f["kind"] for f in own["findings"]] == ["allergy"]
