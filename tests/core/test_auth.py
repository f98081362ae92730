"""Every auth path: register, login, refresh, logout, logout-all, throttling."""

import pytest
from sqlalchemy import func, select

from core.auth.models import User
from core.extensions import db

PASSWORD = "correct horse battery 9"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(client, email, password=PASSWORD):
    return client.post("/api/auth/login/", json={"email": email, "password": password})


def test_register_returns_the_account_without_secrets(client):
    response = client.post("/api/auth/register/", json={"email": "Ana@Example.org", "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "ana@example.org"
    assert set(body) == {"id", "email", "created_at"}


def test_registering_a_taken_address_answers_as_a_free_one_and_tells_its_owner(make_app, smtp_server):
    app = make_app(smtp_server.config(ACCOUNT_MAILS_PER_ADDRESS="2 per hour"))
    client = app.test_client()
    first = client.post("/api/auth/register/", json={"email": "ana@example.org", "password": PASSWORD})
    assert smtp_server.wait_for(1)[-1].subject.startswith("Confirm")  # the new account's link
    again = client.post("/api/auth/register/", json={"email": "ANA@example.org", "password": PASSWORD + "x"})
    fresh = client.post("/api/auth/register/", json={"email": "bea@example.org", "password": PASSWORD})
    assert first.status_code == again.status_code == fresh.status_code == 201
    assert set(again.get_json()) == set(fresh.get_json()) == {"id", "email", "created_at"}
    assert again.get_json()["email"] == "ana@example.org" and again.get_json()["id"] != first.get_json()["id"]
    notices = [m for m in smtp_server.wait_for(3) if "tried to create an account" in m.subject]
    assert [m.to for m in notices] == ["ana@example.org"]
    for _ in range(3):  # past the account-mail limit: no more mails, and still the same answer
        assert client.post("/api/auth/register/", json={"email": "ana@example.org",
                                                        "password": PASSWORD}).status_code == 201
    login = client.post("/api/auth/login/", json={"email": "ana@example.org", "password": PASSWORD})
    assert login.status_code == 200  # the first password still works: nothing was changed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


@pytest.mark.parametrize("password, problem", [
    ("short1", "Use at least 10 characters."),
    ("onlyletterslong", "Mix letters with digits or symbols."),
    ("12345678901234", "Mix letters with digits or symbols."),
    ("xanadu-lover 1234", "Do not include your email address."),
])
def test_weak_passwords_are_refused_with_the_reason(client, password, problem):
    response = client.post("/api/auth/register/", json={"email": "xanadu@example.org", "password": password})
    assert response.status_code == 422
    assert problem in response.get_json()["details"]["json"]["password"]


def test_register_validates_email_and_unknown_fields(client):
    response = client.post("/api/auth/register/", json={"email": "not-an-email", "password": PASSWORD, "admin": True})
    body = response.get_json()
    assert response.status_code == 422
    assert body["error"] == "validation_error"
    assert set(body["details"]["json"]) == {"email", "admin"}


def test_login_gives_working_tokens(client, make_user):
    user = make_user()
    response = login(client, user.email.upper())
    body = response.get_json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] == 15 * 60
    profile = client.get("/api/profile/", headers=bearer(body["access_token"]))
    assert profile.get_json()["email"] == user.email


def test_wrong_password_and_unknown_account_answer_identically(client, make_user):
    user = make_user()
    wrong = login(client, user.email, "wrong password 1")
    unknown = login(client, "nobody@example.org", "wrong password 1")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json() == {
        "status": 401, "error": "invalid_credentials", "message": "Wrong email or password."}


def test_refresh_issues_a_new_access_token(client, user):
    response = client.post("/api/auth/refresh/", headers=bearer(user.refresh_token))
    token = response.get_json()["access_token"]
    assert response.status_code == 200 and token != user.access_token
    assert client.get("/api/profile/", headers=bearer(token)).status_code == 200


def test_refresh_token_is_not_an_access_token(client, user):
    response = client.get("/api/profile/", headers=bearer(user.refresh_token))
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_token"


def test_access_token_cannot_refresh(client, user):
    response = client.post("/api/auth/refresh/", headers=bearer(user.access_token))
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_token"


def test_logout_revokes_access_and_refresh_tokens_of_the_session(client, user):
    other_session = login(client, user.email).get_json()
    assert client.post("/api/auth/logout/", headers=user.headers).status_code == 204
    for response in (client.get("/api/profile/", headers=user.headers),
                     client.post("/api/auth/refresh/", headers=bearer(user.refresh_token))):
        assert response.status_code == 401
        assert response.get_json()["error"] == "token_revoked"
    # Other sessions of the same account are untouched.
    assert client.get("/api/profile/", headers=bearer(other_session["access_token"])).status_code == 200


def test_a_logout_survives_the_cache_losing_everything(client, user, hygeia_backend):
    """Revocations live in the database: deleting every Redis key of the deployment (what a Redis restart
    without persistence does) brings no logged-out session back."""
    device = login(client, user.email).get_json()
    sessions = client.get("/api/auth/sessions/", headers=user.headers).get_json()
    other_sid = next(s["id"] for s in sessions if not s["current"])
    assert client.delete(f"/api/auth/sessions/{other_sid}/", headers=user.headers).status_code == 204
    assert client.post("/api/auth/logout/", headers=user.headers).status_code == 204
    if hygeia_backend.redis_url:
        import redis

        cache = redis.Redis.from_url(hygeia_backend.redis_url)
        keys = list(cache.scan_iter(f"{hygeia_backend.prefix}*"))
        if keys:
            cache.delete(*keys)
        cache.close()
    for token in (user.access_token, device["access_token"]):
        assert client.get("/api/profile/", headers=bearer(token)).get_json()["error"] == "token_revoked"
    for token in (user.refresh_token, device["refresh_token"]):
        assert client.post("/api/auth/refresh/", headers=bearer(token)).status_code == 401


def test_logout_all_revokes_every_session_but_allows_a_new_login(client, user):
    second = login(client, user.email).get_json()
    assert client.post("/api/auth/logout-all/", headers=user.headers).status_code == 204
    for token in (user.access_token, second["access_token"]):
        assert client.get("/api/profile/", headers=bearer(token)).get_json()["error"] == "token_revoked"
    fresh = login(client, user.email).get_json()
    assert client.get("/api/profile/", headers=bearer(fresh["access_token"])).status_code == 200


def test_garbage_and_missing_tokens_get_401_in_the_error_shape(client):
    missing = client.get("/api/profile/")
    garbage = client.get("/api/profile/", headers=bearer("not.a.jwt"))
    assert missing.status_code == garbage.status_code == 401
    assert missing.get_json()["error"] == "unauthorized"
    assert garbage.get_json()["error"] == "invalid_token"


def test_failed_logins_are_throttled_per_account_and_address(client, make_user):
    victim, bystander = make_user(), make_user()
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(5):
        response = client.post("/api/auth/login/", json={"email": victim.email, "password": "wrong password 1"},
                               environ_base=attacker)
        assert response.status_code == 401
    blocked = client.post("/api/auth/login/", json={"email": victim.email, "password": PASSWORD},
                          environ_base=attacker)  # even the right password waits now, from there
    assert blocked.status_code == 429
    assert blocked.get_json()["error"] == "login_throttled"
    assert int(blocked.headers["Retry-After"]) > 0
    assert login(client, victim.email).status_code == 200  # the owner, from their own address
    assert login(client, bystander.email).status_code == 200


def test_successful_logins_do_not_count_towards_the_throttle(client, user):
    for _ in range(8):
        assert login(client, user.email).status_code == 200


# Made with Django 5.2's make_password("old praxia pass 1", "Qd5pWbq8MrxS", "pbkdf2_sha256").
DJANGO_HASH = "pbkdf2_sha256$1000000$Qd5pWbq8MrxS$AaGTFTOZvI79zPX9+2FsJMyUcml4C88azoVnVMIkVhE="


def test_django_pbkdf2_hashes_are_verified_and_rehashed_at_login(app, client):
    from core.auth.models import User
    from core.auth.passwords import verify_password
    from core.extensions import db

    assert verify_password(DJANGO_HASH, "old praxia pass 1") is True
    assert verify_password(DJANGO_HASH, "old praxia pass 2") is False
    assert verify_password("pbkdf2_sha256$99999999999$salt$abc", "x") is False  # an absurd cost is refused
    assert verify_password("pbkdf2_sha256$nonsense", "x") is False
    with app.app_context():
        db.session.add(User(email="moved@example.org", password_hash=DJANGO_HASH))
        db.session.commit()
    assert client.post("/api/auth/login/", json={"email": "moved@example.org", "password": "wrong one 1"}) \
        .status_code == 401
    assert client.post("/api/auth/login/", json={"email": "moved@example.org", "password": "old praxia pass 1"}) \
        .status_code == 200
    with app.app_context():
        stored = db.session.query(User).filter_by(email="moved@example.org").one().password_hash
    assert stored.startswith("$argon2id$")
    assert client.post("/api/auth/login/", json={"email": "moved@example.org", "password": "old praxia pass 1"}) \
        .status_code == 200
