"""The original's profile (its field names and forms) and health endpoints over Hygeia's profile and report."""

import io

import pytest


def test_profile_reads_in_the_original_fields(signed_in):
    response = signed_in.get("/profile/")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"username", "email", "profile_picture", "age", "gender", "gender_locked", "weight",
                         "height", "country", "allergies", "preferred_language", "created_at", "updated_at"}
    assert body["username"] == signed_in.email.split("@")[0] and body["gender_locked"] is False
    assert body["allergies"] == "" and body["country"] == "" and body["preferred_language"] == "en"


@pytest.mark.parametrize("kind", ["json", "form", "multipart"])
def test_patch_takes_the_original_forms_and_hygeia_stores_them_normalised(signed_in, client, kind):
    changes = {"age": "34", "weight": "64.5", "height": "168", "country": "Kenya",
               "allergies": "penicillin, peanuts ,", "gender": "female"}
    if kind == "json":
        response = client.patch("/api/compat/profile/", headers=signed_in.headers, json={**changes, "age": 34})
    elif kind == "form":
        response = client.patch("/api/compat/profile/", headers=signed_in.headers, data=changes)
    else:
        response = client.patch("/api/compat/profile/", headers=signed_in.headers,
                                data={**changes, "profile_picture": (io.BytesIO(b"\x89PNG"), "me.png")},
                                content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["age"], body["weight"], body["height"], body["country"], body["allergies"]) == \
        (34, 64.5, 168.0, "KE", "penicillin, peanuts")
    hygeia = client.get("/api/profile/", headers={"Authorization": signed_in.headers["Authorization"]}).get_json()
    assert hygeia["weight_kg"] == 64.5 and hygeia["height_cm"] == 168 and hygeia["country"] == "KE"
    assert hygeia["allergies"] == ["penicillin", "peanuts"]


@pytest.mark.parametrize("name, code", [("South Korea", "KR"), ("côte d'ivoire", "CI"), ("United Kingdom", "GB"),
                                        ("usa", "US"), ("ke", "KE"), ("Korea (South)", "KR"), ("Myanmar", "MM")])
def test_country_names_become_iso_codes(signed_in, client, name, code):
    response = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"country": name})
    assert response.status_code == 200 and response.get_json()["country"] == code


def test_invalid_profile_values_are_400_in_the_original_field_names(signed_in, client):
    unknown = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"country": "Atlantis"})
    assert unknown.status_code == 400 and list(unknown.get_json()) == ["country"]
    heavy = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"weight": 9000})
    assert heavy.status_code == 400 and list(heavy.get_json()) == ["weight"]
    gender = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"gender": "robot"})
    assert gender.status_code == 400 and list(gender.get_json()) == ["gender"]


def test_confirmed_gender_cannot_change(signed_in, client):
    early = signed_in.post("/profile/confirm-gender/", auth=True)
    assert early.status_code == 400 and early.get_json() == {"detail": "Please set your gender before confirming."}
    client.patch("/api/compat/profile/", headers=signed_in.headers, json={"gender": "female"})
    confirmed = signed_in.post("/profile/confirm-gender/", auth=True)
    assert confirmed.status_code == 200
    body = confirmed.get_json()
    assert body["detail"] == "Gender has been confirmed and cannot be changed in the future."
    assert body["profile"]["gender_locked"] is True
    changed = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"gender": "male"})
    assert changed.status_code == 400
    assert changed.get_json() == {"gender": ["Gender cannot be changed once it has been set and confirmed."]}
    same = client.patch("/api/compat/profile/", headers=signed_in.headers, json={"gender": "female", "age": 40})
    assert same.status_code == 200
    again = signed_in.post("/profile/confirm-gender/", auth=True)
    assert again.status_code == 400 and again.get_json()["detail"].startswith("Gender is already confirmed")


def test_health_answers_in_the_original_shape(client):
    response = client.get("/api/compat/health/")
    assert response.status_code == 200
    assert response.get_json() == {"status": "healthy", "database": "ok", "ai_system": "ok", "version": "1.0.0"}


def test_authenticated_health_needs_a_session(signed_in, client):
    assert client.get("/api/compat/health/authenticated/").status_code == 401
    response = signed_in.get("/health/authenticated/")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"id", "timestamp", "status", "services_status", "external_data", "user_message"}
    assert body["status"] == "operational" and body["user_message"] == "System is fully operational"
