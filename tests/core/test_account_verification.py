"""Email verification end to end through a real local SMTP server: mail, verify, reuse, expiry, resend."""

import logging

import pytest

PASSWORD = "correct horse battery 9"
TOKEN = r"\n\s+(\S{40,})\n"  # the token line of a mail without a link


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(smtp_server.config())


def register(client, email):
    response = client.post("/api/auth/register/", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.get_json()
    return response


def login(client, email, password=PASSWORD):
    return client.post("/api/auth/login/", json={"email": email, "password": password})


def verified(client, email):
    tokens = login(client, email).get_json()
    return client.get("/api/profile/", headers={"Authorization": f"Bearer {tokens['access_token']}"}) \
        .get_json()["email_verified"]


def test_registering_mails_a_single_use_verification_token(client, smtp_server, caplog):
    with caplog.at_level(logging.DEBUG):
        register(client, "ana@example.org")
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == ["ana@example.org"]
    assert mail.subject == "Confirm your email address for Hygeia"
    assert "expires in 24 hours" in mail.text and "expires in 24 hours" in mail.html
    token = mail.find(TOKEN)
    assert token in mail.html
    assert verified(client, "ana@example.org") is False  # unverified accounts may log in by default

    response = client.post("/api/auth/verify-email/", json={"token": token})
    assert response.status_code == 200
    assert response.get_json() == {"email": "ana@example.org", "email_verified": True}
    assert verified(client, "ana@example.org") is True

    again = client.post("/api/auth/verify-email/", json={"token": token})
    assert again.status_code == 400 and again.get_json()["error"] == "token_used"
    assert token not in caplog.text and "ana@example.org" not in caplog.text


def test_the_link_setting_puts_a_link_in_the_mail(make_app, smtp_server):
    app = make_app(smtp_server.config(VERIFY_EMAIL_URL="https://app.example.org/verify?token={token}"))
    register(app.test_client(), "ana@example.org")
    mail = smtp_server.wait_for(1)[0]
    token = mail.find(r"Confirm your address: https://app\.example\.org/verify\?token=(\S+)")
    assert f'href="https://app.example.org/verify?token={token}"' in mail.html
    assert app.test_client().post("/api/auth/verify-email/", json={"token": token}).status_code == 200


def test_an_expired_verification_token_is_refused(make_app, smtp_server):
    app = make_app(smtp_server.config(EMAIL_VERIFICATION_HOURS=0))
    client = app.test_client()
    register(client, "ana@example.org")
    token = smtp_server.wait_for(1)[0].find(TOKEN)
    response = client.post("/api/auth/verify-email/", json={"token": token})
    assert response.status_code == 400
    assert response.get_json() == {"status": 400, "error": "token_expired",
                                   "message": "This link or code has expired; ask for a new one."}


def test_invalid_tokens_are_refused_and_throttled_per_ip(make_app, smtp_server):
    app = make_app(smtp_server.config(ACCOUNT_TOKEN_FAILURES_PER_IP="3 per 15 minutes"))
    client = app.test_client()
    for _ in range(3):
        response = client.post("/api/auth/verify-email/", json={"token": "made-up-token"})
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_token"
    blocked = client.post("/api/auth/verify-email/", json={"token": "made-up-token"})
    assert blocked.status_code == 429 and blocked.get_json()["error"] == "token_throttled"
    assert int(blocked.headers["Retry-After"]) > 0
    other_ip = app.test_client().post("/api/auth/verify-email/", json={"token": "made-up-token"},
                                      environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other_ip.status_code == 400


def test_resend_answers_the_same_for_any_address_and_mails_only_unverified_accounts(client, smtp_server):
    register(client, "new@example.org")
    register(client, "done@example.org")
    first_new, done_mail = smtp_server.wait_for(2)
    client.post("/api/auth/verify-email/", json={"token": done_mail.find(TOKEN)})

    answers = [client.post("/api/auth/resend-verification/", json={"email": email})
               for email in ("New@Example.org", "done@example.org", "nobody@example.org")]
    assert {a.status_code for a in answers} == {202}
    assert answers[0].get_json() == answers[1].get_json() == answers[2].get_json() == {
        "message": "If an unconfirmed account exists for this address, we have mailed it a new link."}

    mails = smtp_server.wait_for(3)
    assert len(mails) == 3 and mails[2].recipients == ["new@example.org"]
    # The new token replaces the first one.
    old = client.post("/api/auth/verify-email/", json={"token": first_new.find(TOKEN)})
    assert old.get_json()["error"] == "token_used"
    assert client.post("/api/auth/verify-email/", json={"token": mails[2].find(TOKEN)}).status_code == 200


def test_resend_is_throttled_per_address_whether_or_not_it_has_an_account(make_app, smtp_server):
    app = make_app(smtp_server.config(ACCOUNT_MAILS_PER_ADDRESS="2 per hour"))
    client = app.test_client()
    register(client, "ana@example.org")
    for email in ("ana@example.org", "ghost@example.org"):
        codes = [client.post("/api/auth/resend-verification/", json={"email": email}).status_code for _ in range(3)]
        assert codes == [202, 202, 429]
    refused = client.post("/api/auth/resend-verification/", json={"email": "ghost@example.org"}).get_json()
    assert refused["error"] == "mail_throttled"
    assert len(smtp_server.wait_for(3)) == 3  # registration + two resends, none for the unknown address


def test_clinics_can_require_a_verified_address_before_login(make_app, smtp_server):
    app = make_app(smtp_server.config(REQUIRE_EMAIL_VERIFICATION=True))
    client = app.test_client()
    register(client, "ana@example.org")
    blocked = login(client, "ana@example.org")
    assert blocked.status_code == 403
    assert blocked.get_json()["error"] == "email_not_verified"
    # A wrong password still gets the ordinary answer: the 403 tells nothing to someone without it.
    wrong = login(client, "ana@example.org", "wrong password 1")
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_credentials"

    client.post("/api/auth/verify-email/", json={"token": smtp_server.wait_for(1)[0].find(TOKEN)})
    allowed = login(client, "ana@example.org")
    assert allowed.status_code == 200 and allowed.get_json()["access_token"]


def test_verification_validates_its_input(client):
    response = client.post("/api/auth/verify-email/", json={"token": ""})
    assert response.status_code == 422 and "token" in response.get_json()["details"]["json"]
    response = client.post("/api/auth/resend-verification/", json={})
    assert response.status_code == 422 and "email" in response.get_json()["details"]["json"]
