"""Password reset end to end through real SMTP: no enumeration, single use, expiry, every session revoked."""

import logging

import pyotp
import pytest

from core.models_base import utcnow

PASSWORD = "correct horse battery 9"
NEW_PASSWORD = "a brand new passphrase 7"
TOKEN = r"\n\s+(\S{40,})\n"


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(smtp_server.config())


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(client, email, password=PASSWORD):
    return client.post("/api/auth/login/", json={"email": email, "password": password})


def ask_reset(client, email, ip="127.0.0.1"):
    return client.post("/api/auth/password-reset/", json={"email": email}, environ_base={"REMOTE_ADDR": ip})


def reset_token(smtp_server, email):
    mails = [m for m in smtp_server.to(email) if "Reset your" in m.subject]
    assert mails, f"no reset mail for {email}"
    return mails[-1].find(TOKEN)


def test_known_and_unknown_addresses_get_the_same_answer_and_only_accounts_get_mail(client, make_user, smtp_server):
    user = make_user("ana@example.org")
    smtp_server.wait_for(1)  # the verification mail of the registration
    known, unknown = ask_reset(client, "ANA@example.org"), ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json() == {
        "message": "If an account exists for this address, we have mailed it a link to reset the password."}
    assert known.headers.get("Content-Length") == unknown.headers.get("Content-Length")
    mails = smtp_server.wait_for(2)
    assert [m.recipients for m in mails[1:]] == [[user.email]]
    assert mails[1].subject == "Reset your Hygeia password"
    assert "expires in 60 minutes" in mails[1].text and "expires in 60 minutes" in mails[1].html
    assert smtp_server.to("nobody@example.org") == []


def test_the_request_does_the_same_work_for_every_address(make_app, smtp_server, make_user, hygeia_backend):
    """The request only counts and enqueues; looking the account up happens in the job."""
    if not hygeia_backend.redis_url:
        pytest.skip("needs Redis to hold the queued jobs")
    from rq import Queue

    from core.redis_client import get_redis

    app = make_app({**smtp_server.config(), "JOBS_SYNC": False})
    client = app.test_client()
    client.post("/api/auth/register/", json={"email": "ana@example.org", "password": PASSWORD})
    with app.app_context():
        queue = Queue(f"{hygeia_backend.prefix}:core", connection=get_redis())
        before = queue.count
        ask_reset(client, "ana@example.org")
        ask_reset(client, "nobody@example.org")
        jobs = queue.get_jobs()[before:]
    assert [job.description for job in jobs] == ["core.auth.password_reset.send_reset_to"] * 2
    assert smtp_server.attempts == 0  # nothing was sent by the requests themselves


def test_resetting_sets_the_password_revokes_every_session_and_sends_a_notice(client, make_user, smtp_server, caplog):
    user = make_user("ana@example.org")
    phone = login(client, user.email).get_json()
    with caplog.at_level(logging.DEBUG):
        ask_reset(client, user.email)
        token = reset_token(smtp_server, user.email)
        response = client.post("/api/auth/password-reset/confirm/", json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 204

    for access in (user.access_token, phone["access_token"]):
        revoked = client.get("/api/profile/", headers=bearer(access))
        assert revoked.status_code == 401 and revoked.get_json()["error"] == "token_revoked"
    for refresh in (user.refresh_token, phone["refresh_token"]):
        assert client.post("/api/auth/refresh/", headers=bearer(refresh)).status_code == 401

    assert login(client, user.email).get_json()["error"] == "invalid_credentials"
    fresh = login(client, user.email, NEW_PASSWORD).get_json()
    sessions = client.get("/api/auth/sessions/", headers=bearer(fresh["access_token"])).get_json()
    assert len(sessions) == 1 and sessions[0]["current"] is True  # only the login made after the reset

    notice = smtp_server.wait_for(3)[-1]
    assert notice.recipients == [user.email]
    assert notice.subject == "Your password was changed on your Hygeia account"
    assert "Every device was signed out" in notice.text
    # The reset proved the mailbox is the user's.
    assert client.get("/api/profile/", headers=bearer(fresh["access_token"])).get_json()["email_verified"] is True
    assert token not in caplog.text and user.email not in caplog.text and NEW_PASSWORD not in caplog.text


def test_a_reset_token_works_once(client, make_user, smtp_server):
    user = make_user()
    ask_reset(client, user.email)
    token = reset_token(smtp_server, user.email)
    assert client.post("/api/auth/password-reset/confirm/",
                       json={"token": token, "password": NEW_PASSWORD}).status_code == 204
    again = client.post("/api/auth/password-reset/confirm/", json={"token": token, "password": "another one 12345"})
    assert again.status_code == 400 and again.get_json()["error"] == "token_used"
    assert login(client, user.email, NEW_PASSWORD).status_code == 200


def test_a_reset_token_expires(make_app, smtp_server, make_user):
    app = make_app(smtp_server.config(PASSWORD_RESET_MINUTES=0))
    client = app.test_client()
    client.post("/api/auth/register/", json={"email": "ana@example.org", "password": PASSWORD})
    ask_reset(client, "ana@example.org")
    token = reset_token(smtp_server, "ana@example.org")
    response = client.post("/api/auth/password-reset/confirm/", json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400 and response.get_json()["error"] == "token_expired"
    assert login(client, "ana@example.org").status_code == 200  # the password did not change


def test_a_newer_reset_mail_replaces_the_older_one(client, make_user, smtp_server):
    user = make_user()
    ask_reset(client, user.email)
    first = reset_token(smtp_server, user.email)
    ask_reset(client, user.email)
    second = reset_token(smtp_server, user.email)
    assert first != second
    old = client.post("/api/auth/password-reset/confirm/", json={"token": first, "password": NEW_PASSWORD})
    assert old.get_json()["error"] == "token_used"
    assert client.post("/api/auth/password-reset/confirm/",
                       json={"token": second, "password": NEW_PASSWORD}).status_code == 204


def test_a_weak_new_password_is_refused_without_using_the_token(client, make_user, smtp_server):
    user = make_user()
    ask_reset(client, user.email)
    token = reset_token(smtp_server, user.email)
    weak = client.post("/api/auth/password-reset/confirm/", json={"token": token, "password": "short"})
    assert weak.status_code == 422
    assert "Use at least 10 characters." in weak.get_json()["details"]["json"]["password"]
    assert client.get("/api/profile/", headers=user.headers).status_code == 200  # nothing was revoked
    assert client.post("/api/auth/password-reset/confirm/",
                       json={"token": token, "password": NEW_PASSWORD}).status_code == 204


def test_reset_requests_are_throttled_alike_for_known_and_unknown_addresses(make_app, smtp_server):
    app = make_app(smtp_server.config(ACCOUNT_MAILS_PER_ADDRESS="2 per hour", ACCOUNT_MAILS_PER_IP="5 per hour"))
    client = app.test_client()
    client.post("/api/auth/register/", json={"email": "ana@example.org", "password": PASSWORD})
    known = [ask_reset(client, "ana@example.org").status_code for _ in range(3)]
    unknown = [ask_reset(client, "ghost@example.org").status_code for _ in range(3)]
    assert known == unknown == [202, 202, 429]
    # Per IP: this client has asked 4 times (the 429s are not counted); the fifth address is the limit.
    assert ask_reset(client, "third@example.org").status_code == 202
    blocked = ask_reset(client, "fourth@example.org")
    assert blocked.status_code == 429 and blocked.get_json()["error"] == "mail_throttled"
    assert ask_reset(client, "fourth@example.org", ip="10.1.1.1").status_code == 202
    assert len(smtp_server.to("ana@example.org")) == 3  # verification + two resets


def test_a_pending_two_factor_login_does_not_survive_a_reset(client, make_user, smtp_server):
    user = make_user()
    setup = client.post("/api/auth/2fa/setup/", json={"password": PASSWORD}, headers=user.headers).get_json()
    totp = pyotp.TOTP(setup["secret"])
    client.post("/api/auth/2fa/confirm/", json={"code": totp.now()}, headers=user.headers)
    challenge = login(client, user.email).get_json()["challenge_token"]

    ask_reset(client, user.email)
    client.post("/api/auth/password-reset/confirm/",
                json={"token": reset_token(smtp_server, user.email), "password": NEW_PASSWORD})
    stale = client.post("/api/auth/2fa/verify/", json={"challenge_token": challenge,
                                                         "code": totp.generate_otp(totp.timecode(utcnow()) + 1)})
    assert stale.status_code == 401 and stale.get_json()["error"] == "invalid_challenge"


def test_without_the_queue_every_address_gets_the_same_503(make_app, smtp_server):
    app = make_app(smtp_server.config(REDIS_URL="redis://127.0.0.1:1/0", JOBS_SYNC=False))
    client = app.test_client()
    client.post("/api/auth/register/", json={"email": "ana@example.org", "password": PASSWORD})
    known, unknown = ask_reset(client, "ana@example.org"), ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 503
    assert known.get_json() == unknown.get_json() == {
        "status": 503, "error": "service_unavailable", "message": "The mail queue is unavailable; try again shortly."}
