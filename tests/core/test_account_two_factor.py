"""Two-factor login (TOTP) end to end: setup, QR code, login challenge, replay, recovery codes, disabling."""

import base64
import logging
import time
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import pytest
from sqlalchemy import select

from core.auth.models import RecoveryCode
from core.extensions import db
from core.models_base import utcnow

PASSWORD = "correct horse battery 9"


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(smtp_server.config())


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def step_code(totp, offset=0):
    """The code of the current 30-second step, or of a neighbouring one."""
    return totp.generate_otp(totp.timecode(utcnow()) + offset)


def settle(margin=5.0):
    """Wait for a fresh 30-second step when the current one is about to end, so that
    the steps a test computes are still the server's a moment later."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.05)


def enable(client, user):
    settle()
    setup = client.post("/api/auth/2fa/setup/", json={"password": PASSWORD}, headers=user.headers).get_json()
    totp = pyotp.TOTP(setup["secret"])
    confirmed = client.post("/api/auth/2fa/confirm/", json={"code": step_code(totp, -1)}, headers=user.headers)
    assert confirmed.status_code == 200, confirmed.get_json()
    return totp, confirmed.get_json()["recovery_codes"]


def challenge(client, user, ip="127.0.0.1"):
    response = client.post("/api/auth/login/", json={"email": user.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": ip})
    body = response.get_json()
    assert response.status_code == 200 and body["two_factor_required"] is True, body
    return body["challenge_token"]


def verify(client, token, ip="127.0.0.1", **code):
    return client.post("/api/auth/2fa/verify/", json={"challenge_token": token, **code},
                       environ_base={"REMOTE_ADDR": ip})


def test_setup_returns_the_secret_uri_and_a_qr_code_and_needs_the_password(client, user):
    wrong = client.post("/api/auth/2fa/setup/", json={"password": "not my password 1"}, headers=user.headers)
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "wrong_password"

    response = client.post("/api/auth/2fa/setup/", json={"password": PASSWORD}, headers=user.headers)
    body = response.get_json()
    assert response.status_code == 200
    uri = urlparse(body["otpauth_uri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert unquote(uri.path) == f"/Hygeia:{user.email}"
    assert parse_qs(uri.query)["secret"] == [body["secret"]] and parse_qs(uri.query)["issuer"] == ["Hygeia"]
    assert len(base64.b32decode(body["secret"])) >= 20  # at least 160 bits (RFC 4226)
    assert body["qr_code"].startswith("data:image/svg+xml")
    assert "<svg" in unquote(body["qr_code"]) and "<path" in unquote(body["qr_code"])
    # Not on until confirmed: logging in still gives tokens.
    status = client.get("/api/auth/2fa/", headers=user.headers).get_json()
    assert status == {"enabled": False, "enabled_at": None, "recovery_codes_left": 0}
    login = client.post("/api/auth/login/", json={"email": user.email, "password": PASSWORD}).get_json()
    assert login["two_factor_required"] is False and login["access_token"]


def test_confirming_needs_a_valid_code_and_returns_ten_recovery_codes(app, client, user, smtp_server):
    nothing = client.post("/api/auth/2fa/confirm/", json={"code": "123456"}, headers=user.headers)
    assert nothing.status_code == 409 and nothing.get_json()["error"] == "two_factor_not_set_up"
    setup = client.post("/api/auth/2fa/setup/", json={"password": PASSWORD}, headers=user.headers).get_json()
    totp = pyotp.TOTP(setup["secret"])
    wrong = client.post("/api/auth/2fa/confirm/", json={"code": step_code(totp, 3)}, headers=user.headers)
    assert wrong.status_code == 400 and wrong.get_json()["error"] == "invalid_code"

    right = client.post("/api/auth/2fa/confirm/", json={"code": step_code(totp)}, headers=user.headers)
    codes = right.get_json()["recovery_codes"]
    assert right.status_code == 200 and len(set(codes)) == 10
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)
    status = client.get("/api/auth/2fa/", headers=user.headers).get_json()
    assert status["enabled"] is True and status["recovery_codes_left"] == 10
    with app.app_context():  # stored hashed, never as shown
        stored = set(db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10 and not stored & set(codes)
    notice = smtp_server.wait_for(2)[-1]
    assert notice.subject == "Two-factor login was turned on on your Hygeia account"

    again = client.post("/api/auth/2fa/setup/", json={"password": PASSWORD}, headers=user.headers)
    assert again.status_code == 409 and again.get_json()["error"] == "two_factor_enabled"


def test_login_gives_a_challenge_and_a_code_completes_it(client, make_user, caplog):
    user = make_user()
    totp, _ = enable(client, user)
    with caplog.at_level(logging.DEBUG):
        response = client.post("/api/auth/login/", json={"email": user.email, "password": PASSWORD})
        body = response.get_json()
        assert response.status_code == 200
        assert body["two_factor_required"] is True and body["expires_in"] == 300
        assert "access_token" not in body and "refresh_token" not in body
        code = step_code(totp)
        done = verify(client, body["challenge_token"], code=code)
    tokens = done.get_json()
    assert done.status_code == 200 and tokens["token_type"] == "Bearer"
    assert client.get("/api/profile/", headers=bearer(tokens["access_token"])).status_code == 200
    assert client.post("/api/auth/refresh/", headers=bearer(tokens["refresh_token"])).status_code == 200
    # The challenge is used up.
    reused = verify(client, body["challenge_token"], code=step_code(totp, 1))
    assert reused.status_code == 401 and reused.get_json()["error"] == "invalid_challenge"
    assert body["challenge_token"] not in caplog.text and code not in caplog.text


def test_a_wrong_password_on_a_two_factor_account_answers_like_an_unknown_account(client, make_user):
    user = make_user()
    enable(client, user)
    wrong = client.post("/api/auth/login/", json={"email": user.email, "password": "wrong password 1"})
    unknown = client.post("/api/auth/login/", json={"email": "nobody@example.org", "password": "wrong password 1"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json() == {
        "status": 401, "error": "invalid_credentials", "message": "Wrong email or password."}


def test_a_used_code_cannot_be_replayed_within_its_window(client, make_user):
    user = make_user()
    totp, _ = enable(client, user)
    code = step_code(totp)
    assert verify(client, challenge(client, user), code=code).status_code == 200
    replay = verify(client, challenge(client, user), code=code)
    assert replay.status_code == 401
    assert replay.get_json() == {"status": 401, "error": "code_reused",
                                 "message": "This code was already used; wait for the next one."}
    # Neither can an older step's code (the setup used step -1); the next step's code works.
    assert verify(client, challenge(client, user), code=step_code(totp, -1)).get_json()["error"] == "code_reused"
    assert verify(client, challenge(client, user), code=step_code(totp, 1)).status_code == 200


def test_wrong_codes_are_refused_and_throttled_per_account(make_app, smtp_server, make_user):
    app = make_app(smtp_server.config(TWO_FACTOR_FAILURES_PER_ACCOUNT="3 per 15 minutes"))
    client = app.test_client()
    user = make_user()
    totp, _ = enable(client, user)
    token = challenge(client, user)
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # changing IP does not help
        wrong = verify(client, token, ip=ip, code=step_code(totp, 5))
        assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_code"
    blocked = verify(client, challenge(client, user), code=step_code(totp))  # even a right code waits now
    assert blocked.status_code == 429 and blocked.get_json()["error"] == "code_throttled"
    assert int(blocked.headers["Retry-After"]) > 0


def test_a_challenge_allows_a_few_attempts_and_expires(make_app, smtp_server, make_user):
    app = make_app(smtp_server.config(TWO_FACTOR_ATTEMPTS_PER_CHALLENGE=2))
    client = app.test_client()
    user = make_user()
    totp, _ = enable(client, user)
    token = challenge(client, user)
    for _ in range(2):
        assert verify(client, token, code="000000").get_json()["error"] == "invalid_code"
    exhausted = verify(client, token, code=step_code(totp))
    assert exhausted.status_code == 401 and exhausted.get_json()["error"] == "invalid_challenge"

    expiring = make_app(smtp_server.config(TWO_FACTOR_CHALLENGE_MINUTES=0)).test_client()
    expired = verify(expiring, challenge(expiring, user), code=step_code(totp))
    assert expired.status_code == 401 and expired.get_json()["error"] == "invalid_challenge"
    assert verify(client, "not-a-challenge", code=step_code(totp)).get_json()["error"] == "invalid_challenge"


def test_a_recovery_code_logs_in_once(app, client, make_user):
    user = make_user()
    _, codes = enable(client, user)
    typed = codes[0].upper().replace("-", " ")  # case, spaces and dashes do not matter
    done = verify(client, challenge(client, user), recovery_code=typed)
    assert done.status_code == 200 and done.get_json()["access_token"]
    again = verify(client, challenge(client, user), recovery_code=codes[0])
    assert again.status_code == 401 and again.get_json()["error"] == "invalid_code"
    assert client.get("/api/auth/2fa/", headers=user.headers).get_json()["recovery_codes_left"] == 9
    both = verify(client, challenge(client, user), code="123456", recovery_code=codes[1])
    assert both.status_code == 422 and both.get_json()["error"] == "validation_error"


def test_new_recovery_codes_replace_the_old_ones(client, make_user):
    user = make_user()
    totp, old = enable(client, user)
    renewed = client.post("/api/auth/2fa/recovery-codes/", json={"password": PASSWORD, "code": step_code(totp)},
                          headers=user.headers)
    new = renewed.get_json()["recovery_codes"]
    assert renewed.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert verify(client, challenge(client, user), recovery_code=old[1]).get_json()["error"] == "invalid_code"
    assert verify(client, challenge(client, user), recovery_code=new[1]).status_code == 200


def test_disabling_needs_the_password_and_a_current_code(client, make_user, smtp_server):
    user = make_user()
    totp, codes = enable(client, user)
    wrong_password = client.post("/api/auth/2fa/disable/",
                                 json={"password": "not it at all 1", "code": step_code(totp)}, headers=user.headers)
    assert wrong_password.status_code == 403 and wrong_password.get_json()["error"] == "wrong_password"
    wrong_code = client.post("/api/auth/2fa/disable/", json={"password": PASSWORD, "code": step_code(totp, 4)},
                             headers=user.headers)
    assert wrong_code.status_code == 400 and wrong_code.get_json()["error"] == "invalid_code"
    missing = client.post("/api/auth/2fa/disable/", json={"password": PASSWORD}, headers=user.headers)
    assert missing.status_code == 422
    assert client.get("/api/auth/2fa/", headers=user.headers).get_json()["enabled"] is True

    done = client.post("/api/auth/2fa/disable/", json={"password": PASSWORD, "code": step_code(totp)},
                       headers=user.headers)
    assert done.status_code == 204
    assert client.get("/api/auth/2fa/", headers=user.headers).get_json() == {
        "enabled": False, "enabled_at": None, "recovery_codes_left": 0}
    login = client.post("/api/auth/login/", json={"email": user.email, "password": PASSWORD}).get_json()
    assert login["two_factor_required"] is False and login["access_token"]
    assert smtp_server.wait_for(3)[-1].subject == "Two-factor login was turned off on your Hygeia account"
    off = client.post("/api/auth/2fa/disable/", json={"password": PASSWORD, "recovery_code": codes[0]},
                      headers=user.headers)
    assert off.status_code == 409 and off.get_json()["error"] == "two_factor_disabled"


def test_a_recovery_code_can_disable_two_factor_when_the_phone_is_lost(client, make_user):
    user = make_user()
    _, codes = enable(client, user)
    done = client.post("/api/auth/2fa/disable/", json={"password": PASSWORD, "recovery_code": codes[4]},
                       headers=user.headers)
    assert done.status_code == 204


def test_two_factor_endpoints_need_a_token(client):
    for path in ("/api/auth/2fa/setup/", "/api/auth/2fa/confirm/", "/api/auth/2fa/disable/"):
        response = client.post(path, json={})
        assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_turning_two_factor_on_signs_out_every_other_device(client, user):
    other = client.post("/api/auth/login/", json={"email": user.email, "password": PASSWORD}).get_json()
    assert client.get("/api/profile/", headers=bearer(other["access_token"])).status_code == 200
    enable(client, user)
    assert client.get("/api/profile/", headers=bearer(other["access_token"])).get_json()["error"] == "token_revoked"
    assert client.post("/api/auth/refresh/", headers=bearer(other["refresh_token"])).status_code == 401
    assert client.get("/api/profile/", headers=user.headers).status_code == 200  # the device that turned it on


def test_the_totp_secret_is_not_stored_in_clear(app, client, user):
    from core.auth.models import TwoFactorSecret

    totp, _ = enable(client, user)
    with app.app_context():
        raw = db.session.execute(db.text("SELECT secret FROM two_factor_secrets WHERE user_id = :u"),
                                 {"u": user.id.hex if db.engine.dialect.name == "sqlite" else user.id}).scalar()
        assert raw and totp.secret not in raw
        assert db.session.get(TwoFactorSecret, user.id).secret == totp.secret  # read back through the model


def test_deleting_the_account_with_two_factor_on_needs_a_code_too(app, client, user):
    totp, codes = enable(client, user)
    url = "/api/profile/account/"
    missing = client.delete(url, json={"password": PASSWORD}, headers=user.headers)
    assert missing.status_code == 422 and missing.get_json()["error"] == "code_missing"
    wrong = client.delete(url, json={"password": PASSWORD, "code": "000000"}, headers=user.headers)
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "invalid_code"
    both = client.delete(url, json={"password": PASSWORD, "code": "1", "recovery_code": codes[0]}, headers=user.headers)
    assert both.status_code == 422
    assert client.get("/api/profile/", headers=user.headers).status_code == 200  # nothing was deleted
    deleted = client.delete(url, json={"password": PASSWORD, "recovery_code": codes[0]}, headers=user.headers)
    assert deleted.status_code == 204
    assert client.get("/api/profile/", headers=user.headers).status_code == 401
