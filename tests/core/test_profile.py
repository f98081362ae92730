"""GET/PATCH /api/profile/: defaults, validation, partial updates, isolation between users."""

import pytest


def test_a_new_profile_is_empty_with_english_default(client, user):
    body = client.get("/api/profile/", headers=user.headers).get_json()
    assert body["email"] == user.email
    assert body["preferred_language"] == "en"
    assert body["allergies"] == body["chronic_conditions"] == body["current_medications"] == []
    assert body["age"] is None and body["updated_at"] is None


def test_patch_stores_normalised_values_and_keeps_the_others(client, user):
    first = client.patch("/api/profile/", headers=user.headers, json={
        "age": 34, "gender": "female", "weight_kg": 61.5, "height_cm": 168, "country": "ke",
        "allergies": ["Penicillin", " Penicillin ", "peanut"], "dietary_preferences": ["vegetarian"]})
    assert first.status_code == 200
    second = client.patch("/api/profile/", headers=user.headers, json={"preferred_language": "es", "age": None})
    body = client.get("/api/profile/", headers=user.headers).get_json()
    assert second.get_json() == body
    assert body["country"] == "KE"
    assert body["allergies"] == ["Penicillin", "peanut"]
    assert body["weight_kg"] == 61.5 and body["gender"] == "female"
    assert body["preferred_language"] == "es" and body["age"] is None
    assert body["updated_at"] is not None


@pytest.mark.parametrize("field, value", [
    ("age", -1), ("age", 131), ("age", "old"), ("weight_kg", 0), ("weight_kg", 900), ("height_cm", 300),
    ("gender", "robot"), ("country", "Kenya"), ("preferred_language", "de"), ("allergies", "peanut"),
    ("allergies", [""]), ("allergies", ["x" * 101]), ("allergies", ["a"] * 51), ("shoe_size", 42),
])
def test_invalid_values_are_422_naming_the_field(client, user, field, value):
    response = client.patch("/api/profile/", headers=user.headers, json={field: value})
    body = response.get_json()
    assert response.status_code == 422
    assert body["error"] == "validation_error"
    assert field in body["details"]["json"]


def test_invalid_patch_changes_nothing(client, user):
    client.patch("/api/profile/", headers=user.headers, json={"age": 50})
    client.patch("/api/profile/", headers=user.headers, json={"age": 51, "gender": "robot"})
    assert client.get("/api/profile/", headers=user.headers).get_json()["age"] == 50


def test_each_user_reads_and_writes_only_their_own_profile(client, make_user):
    ana, ben = make_user(), make_user()
    client.patch("/api/profile/", headers=ana.headers, json={"chronic_conditions": ["asthma"], "age": 30})
    ben_view = client.get("/api/profile/", headers=ben.headers).get_json()
    assert ben_view["email"] == ben.email
    assert ben_view["chronic_conditions"] == [] and ben_view["age"] is None
    client.patch("/api/profile/", headers=ben.headers, json={"age": 70})
    assert client.get("/api/profile/", headers=ana.headers).get_json()["age"] == 30


def test_profile_needs_a_token(client):
    for response in (client.get("/api/profile/"), client.patch("/api/profile/", json={"age": 3})):
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorized"


def test_two_first_updates_at_once_both_land(app, user):
    """A first PATCH racing another: the row appears between our read and our insert."""
    import sqlalchemy as sa

    from core.extensions import db
    from core.profile.models import HealthProfile
    from core.profile.services import update_profile

    with app.app_context():
        other = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)

        raced = []

        def concurrent_insert(session, flush_context, instances):
            if raced:
                return
            raced.append(True)
            with other.begin() as conn:
                conn.execute(sa.insert(HealthProfile.__table__).values(
                    user_id=user.id, age=70, preferred_language="en", allergies=[], chronic_conditions=[],
                    current_medications=[], dietary_preferences=[], updated_at=sa.func.now()))

        sa.event.listen(db.session(), "before_flush", concurrent_insert)
        profile = update_profile(user.id, {"allergies": ["latex"]})
        sa.event.remove(db.session(), "before_flush", concurrent_insert)
        other.dispose()
        assert raced and profile.allergies == ["latex"] and profile.age == 70
    assert app.test_client().get("/api/profile/", headers=user.headers).get_json()["allergies"] == ["latex"]
