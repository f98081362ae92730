"""The original backend's auth endpoints, from its API reference, served by Hygeia with the compat plugin on:
JSON and form-encoded bodies, its answers and status codes, and Hygeia's safe behaviour where it differed."""

import pyotp
import pytest

from tests.plugins.compat.conftest import COMPAT, PASSWORD

TOKEN = r"\n\s+(\S{40,})\n"  # the token line of a mail without a link


@pytest.fixture
def app(make_app, compat_tables, smtp_server):
    return make_app({"HYGEIA_PLUGINS": ["compat"], "RATELIMIT_ENABLED": False, **smtp_server.config()})


@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_register_takes_full_name_and_password2_and_answers_201(original, smtp_server, form):
    body = {"full_name": "Ana Wanjiru", "email": "ana@example.org", "password": PASSWORD, "password2": PASSWORD}
    response = original.post("/auth/register/", body, form=form)
    assert response.status_code == 201
    data = response.get_json()
    assert data["message"] == "User registered successfully. Please check your email to verify your account."
    assert data["email"] == "ana@example.org" and data["user_id"]
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == ["ana@example.org"]


def test_register_refusals_are_400_with_field_errors(original):
    mismatch = original.post("/auth/register/", {"full_name": "A", "email": "a@example.org", "password": PASSWORD,
                                                 "password2": PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert mismatch.get_json() == {"password": ["Password fields didn't match."]}
    missing = original.post("/auth/register/", {"email": "a@example.org"}, form=True)
    assert missing.status_code == 400
    assert missing.get_json()["password"] == ["This field is required."]
    weak = original.post("/auth/register/", {"full_name": "A", "email": "a@example.org", "password": "12345678",
                                             "password2": "12345678"})
    assert weak.status_code == 400 and weak.get_json()["password"]
    original.register("taken@example.org")
    taken = original.post("/auth/register/", {"full_name": "B", "email": "taken@example.org", "password": PASSWORD,
                                              "password2": PASSWORD})
    fresh = original.post("/auth/register/", {"full_name": "C", "email": "fresh@example.org", "password": PASSWORD,
                                              "password2": PASSWORD})
    assert taken.status_code == fresh.status_code == 201  # no account enumeration: the same answer
    assert set(taken.get_json()) == set(fresh.get_json()) and taken.get_json()["message"] == fresh.get_json()["message"]
    assert original.login("taken@example.org")["access_token"]  # the account is untouched


@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_login_answers_the_original_token_fields_and_a_session_key(original, form):
    email = original.register()
    body = original.login(email, form=form)
    assert set(body) == {"access_token", "refresh_token", "session_key", "user_id", "email", "email_verified",
                         "has_2fa"}
    assert body["email"] == email and body["has_2fa"] is False
    profile = original.get("/profile/")
    assert profile.status_code == 200 and profile.get_json()["email"] == email


def test_login_refusals(original, make_app, compat_tables):
    email = original.register()
    wrong = original.post("/auth/login/", {"email": email, "password": "not the password"})
    assert wrong.status_code == 401 and wrong.get_json() == {"error": "Invalid credentials"}
    unknown = original.post("/auth/login/", {"email": "nobody@example.org", "password": PASSWORD})
    assert unknown.status_code == 401 and unknown.get_json() == {"error": "Invalid credentials"}
    assert original.post("/auth/login/", {"email": email}).status_code == 400


def test_unverified_login_is_refused_when_verification_is_required(make_app, compat_tables, smtp_server):
    from tests.plugins.compat.conftest import Original

    app = make_app({"HYGEIA_PLUGINS": ["compat"], "RATELIMIT_ENABLED": False, "REQUIRE_EMAIL_VERIFICATION": True,
                    **smtp_server.config()})
    original = Original(app.test_client())
    email = original.register()
    response = original.post("/auth/login/", {"email": email, "password": PASSWORD})
    assert response.status_code == 401
    assert response.get_json() == {"error": "Email not verified. Please verify your email before logging in.",
                                   "email_verified": False}


def test_guarded_routes_need_the_bearer_token_and_its_session_key(signed_in, original, client):
    assert client.get("/api/compat/profile/").status_code == 401
    no_key = client.get("/api/compat/profile/", headers={"Authorization": f"Bearer {signed_in.access_token}"})
    assert no_key.status_code == 401
    assert no_key.get_json()["detail"] == "Authentication credentials were not provided."
    other = client.get("/api/compat/profile/", headers={"Authorization": f"Bearer {signed_in.access_token}",
                                                       "X-Session-Key": "not-this-session"})
    assert other.status_code == 401 and other.get_json()["detail"] == "Invalid session"


def test_refresh_token_takes_the_refresh_token_and_its_session_key(signed_in, client):
    response = signed_in.post("/auth/refresh-token/", {"refresh_token": signed_in.refresh_token,
                                                       "session_key": signed_in.session_key}, form=True)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "session_key"} and body["session_key"] == signed_in.session_key
    signed_in.access_token = body["access_token"]
    assert signed_in.get("/profile/").status_code == 200

    missing = signed_in.post("/auth/refresh-token/", {"refresh_token": signed_in.refresh_token})
    assert missing.status_code == 400
    assert missing.get_json() == {"error": "Refresh token and session key are required"}
    wrong_key = signed_in.post("/auth/refresh-token/", {"refresh_token": signed_in.refresh_token,
                                                        "session_key": "another"})
    assert wrong_key.status_code == 401
    bad = signed_in.post("/auth/refresh-token/", {"refresh_token": "nonsense", "session_key": "x"})
    assert bad.status_code == 401


def test_logout_really_ends_the_session_in_both_apis(signed_in, client):
    response = signed_in.post("/auth/logout/", auth=True)
    assert response.status_code == 200 and response.get_json() == {"detail": "Successfully logged out."}
    assert signed_in.get("/profile/").status_code == 401
    assert client.get("/api/profile/", headers={"Authorization": f"Bearer {signed_in.access_token}"}) \
        .status_code == 401
    refreshed = signed_in.post("/auth/refresh-token/", {"refresh_token": signed_in.refresh_token,
                                                        "session_key": signed_in.session_key})
    assert refreshed.status_code == 401


def test_a_session_revoked_through_hygeias_api_is_gone_in_the_original_api(signed_in, client):
    hygeia = {"Authorization": f"Bearer {signed_in.access_token}"}
    [session] = client.get("/api/auth/sessions/", headers=hygeia).get_json()
    assert client.delete(f"/api/auth/sessions/{session['id']}/", headers=hygeia).status_code == 204
    assert signed_in.get("/profile/").status_code == 401


def test_sessions_are_listed_and_ended_by_session_key(signed_in, original, client):
    from tests.plugins.compat.conftest import Original

    phone = Original(client)
    phone.login(signed_in.email)
    listed = signed_in.get("/auth/sessions/")
    assert listed.status_code == 200
    sessions = listed.get_json()["sessions"]
    assert {s["session_key"] for s in sessions} == {signed_in.session_key, phone.session_key}
    assert [s["is_current"] for s in sessions if s["session_key"] == signed_in.session_key] == [True]
    assert set(sessions[0]) == {"session_key", "device_info", "ip_address", "user_agent", "created_at",
                                "last_activity", "is_current"}

    missing = client.delete("/api/compat/auth/sessions/", headers=signed_in.headers, json={})
    assert missing.status_code == 400 and missing.get_json() == {"error": "Session key is required"}
    unknown = client.delete("/api/compat/auth/sessions/", headers=signed_in.headers, json={"session_key": "nope"})
    assert unknown.status_code == 404 and unknown.get_json() == {"error": "Session not found"}
    ended = client.delete("/api/compat/auth/sessions/", headers=signed_in.headers,
                          json={"session_key": phone.session_key})
    assert ended.status_code == 200 and ended.get_json() == {"message": "Session terminated successfully"}
    assert phone.get("/profile/").status_code == 401 and signed_in.get("/profile/").status_code == 200


def test_logout_all_ends_every_session(signed_in, client):
    from tests.plugins.compat.conftest import Original

    phone = Original(client)
    phone.login(signed_in.email)
    response = signed_in.post("/auth/logout-all/", auth=True)
    assert response.status_code == 200
    assert response.get_json() == {"message": "Successfully logged out from all devices"}
    assert phone.get("/profile/").status_code == 401 and signed_in.get("/profile/").status_code == 401


def test_verify_email_confirms_and_signs_in(original, smtp_server):
    email = original.register()
    [mail] = smtp_server.wait_for(1)
    token = mail.find(TOKEN)
    response = original.post("/auth/verify_email/", {"token": token})
    assert response.status_code == 200
    body = response.get_json()
    assert body["message"] == "Email verified successfully." and body["email"] == email
    original.access_token, original.session_key = body["access_token"], body["session_key"]
    assert original.get("/profile/").status_code == 200
    again = original.post("/auth/verify_email/", {"token": token})
    assert again.status_code == 400
    assert again.get_json() == {"error": "Verification link has expired or already been used."}
    invalid = original.post("/auth/verify_email/", {"token": "not-a-token"})
    assert invalid.status_code == 400 and invalid.get_json() == {"error": "Invalid verification token."}
    assert original.post("/auth/verify_email/", {}).get_json() == {"token": ["This field is required."]}


def test_check_email_verification_tells_only_the_signed_in_owner(signed_in, original, client, smtp_server):
    anonymous = client.post("/api/compat/auth/check-email-verification/", json={"email": signed_in.email})
    assert anonymous.status_code == 200
    assert anonymous.get_json() == {"is_verified": False, "user_id": None, "email": signed_in.email}
    unknown = client.post("/api/compat/auth/check-email-verification/", json={"email": "nobody@example.org"})
    assert unknown.status_code == 200 and unknown.get_json()["user_id"] is None  # no account enumeration
    own = client.post("/api/compat/auth/check-email-verification/", json={"email": signed_in.email},
                      headers=signed_in.headers)
    assert own.get_json()["user_id"] and own.get_json()["is_verified"] is False
    empty = client.post("/api/compat/auth/check-email-verification/", json={})
    assert empty.status_code == 400 and empty.get_json() == {"error": "Email is required."}


def test_resend_verification_answers_the_same_for_every_address(original, smtp_server):
    email = original.register()
    smtp_server.wait_for(1)
    known = original.post("/auth/resend-verification-email/", {"email": email}, form=True)
    unknown = original.post("/auth/resend-verification-email/", {"email": "nobody@example.org"}, form=True)
    assert known.status_code == unknown.status_code == 200
    assert known.get_json() == unknown.get_json() == {
        "message": "If a user with this email exists, a verification email has been sent."}
    assert len(smtp_server.wait_for(2)) == 2  # the new link went to the real account only
    missing = original.post("/auth/resend-verification-email/", {})
    assert missing.status_code == 400 and missing.get_json() == {"error": "Email is required."}


def test_password_reset_request_and_confirm(signed_in, smtp_server):
    smtp_server.wait_for(1)
    known = signed_in.post("/auth/password-reset-request/", {"email": signed_in.email})
    unknown = signed_in.post("/auth/password-reset-request/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200 and known.get_json() == unknown.get_json()
    assert signed_in.post("/auth/password-reset-request/", {"email": "not an address"}).status_code == 400
    mail = smtp_server.wait_for(2)[-1]
    token = mail.find(TOKEN)
    old = dict(signed_in.headers)

    mismatch = signed_in.post("/auth/password-reset-confirm/", {"token": token, "password": "new passphrase 77",
                                                                "password2": "other"})
    assert mismatch.status_code == 400 and mismatch.get_json() == {"password": ["Password fields didn't match."]}
    response = signed_in.post("/auth/password-reset-confirm/", {"token": token, "password": "new passphrase 77",
                                                                "password2": "new passphrase 77"}, form=True)
    assert response.status_code == 200
    body = response.get_json()
    assert body["message"] == "Password has been reset successfully." and body["session_key"]
    assert signed_in.client.get("/api/compat/profile/", headers=old).status_code == 401  # every session ended
    signed_in.login(signed_in.email, "new passphrase 77")
    reused = signed_in.post("/auth/password-reset-confirm/", {"token": token, "password": "new passphrase 78",
                                                              "password2": "new passphrase 78"})
    assert reused.status_code == 400 and "error" in reused.get_json()


def test_two_factor_login_is_enforced(signed_in, client):
    hygeia = {"Authorization": f"Bearer {signed_in.access_token}"}
    secret = client.post("/api/auth/2fa/setup/", headers=hygeia, json={"password": PASSWORD}).get_json()["secret"]
    confirmed = client.post("/api/auth/2fa/confirm/", headers=hygeia, json={"code": pyotp.TOTP(secret).now()})
    assert confirmed.status_code == 200, confirmed.get_json()

    without = signed_in.post("/auth/login/", {"email": signed_in.email, "password": PASSWORD})
    assert without.status_code == 401
    assert without.get_json() == {"error": "Two-factor code required.", "has_2fa": True, "two_factor_required": True}
    wrong = signed_in.post("/auth/login/", {"email": signed_in.email, "password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "Invalid verification code."
    recovery = confirmed.get_json()["recovery_codes"][0]
    right = signed_in.post("/auth/login/", {"email": signed_in.email, "password": PASSWORD, "code": recovery})
    assert right.status_code == 200 and right.get_json()["has_2fa"] is True


def test_two_factor_setup_verify_status_and_disable(signed_in):
    assert signed_in.get("/auth/2fa/status/").get_json() == {"has_2fa": False}
    refused = signed_in.get("/auth/2fa/setup/")
    assert refused.status_code == 400 and "password" in refused.get_json()["error"]  # a stolen token cannot
    wrong = signed_in.post("/auth/2fa/setup/", {"password": "not it"}, auth=True)
    assert wrong.status_code == 403
    setup = signed_in.post("/auth/2fa/setup/", {"password": PASSWORD}, auth=True)
    assert setup.status_code == 200 and setup.get_json()["qr_code"].startswith("data:image/")
    assert set(setup.get_json()) == {"qr_code", "created_at"}

    # The secret as text, which an app would read from the QR code: Hygeia's own setup (a new pending one).
    hygeia = {"Authorization": signed_in.headers["Authorization"]}
    secret = signed_in.client.post("/api/auth/2fa/setup/", headers=hygeia, json={"password": PASSWORD}) \
        .get_json()["secret"]
    bad = signed_in.post("/auth/2fa/verify/", {"token": "000000"}, auth=True)
    assert bad.status_code == 400 and bad.get_json() == {"error": "Invalid verification code."}
    verified = signed_in.post("/auth/2fa/verify/", {"token": pyotp.TOTP(secret).now()}, auth=True)
    assert verified.status_code == 200
    assert verified.get_json()["message"] == "2FA has been successfully set up."
    assert signed_in.get("/auth/2fa/status/").get_json()["has_2fa"] is True
    again = signed_in.post("/auth/2fa/setup/", {"password": PASSWORD}, auth=True)
    assert again.status_code == 400 and again.get_json() == {"error": "2FA is already set up for this account."}

    bare = signed_in.post("/auth/2fa/disable/", {}, auth=True)
    assert bare.status_code == 400  # the original disabled with no password and no code
    recovery = verified.get_json()["recovery_codes"][0]
    off = signed_in.post("/auth/2fa/disable/", {"password": PASSWORD, "token": recovery}, auth=True)
    assert off.status_code == 200 and off.get_json() == {"message": "2FA has been successfully disabled."}
    gone = signed_in.post("/auth/2fa/disable/", {"password": PASSWORD, "token": "123456"}, auth=True)
    assert gone.status_code == 404 and gone.get_json() == {"error": "2FA is not enabled for this account."}


def test_on_a_host_named_for_old_clients_the_original_paths_reach_the_compat_routes(make_app, compat_tables):
    app = make_app({"HYGEIA_PLUGINS": COMPAT, "RATELIMIT_ENABLED": False,
                    "COMPAT_ORIGINAL_PATHS_HOSTS": ["legacy.example.org"]})
    client = app.test_client()
    body = {"full_name": "Ana", "email": "ana@example.org", "password": PASSWORD, "password2": PASSWORD}
    legacy = client.post("/api/auth/register/", json=body, headers={"Host": "legacy.example.org:8443"})
    assert legacy.status_code == 201 and set(legacy.get_json()) == {"message", "user_id", "email"}
    own = client.post("/api/auth/register/", json={"email": "bea@example.org", "password": PASSWORD},
                      headers={"Host": "api.example.org"})
    assert own.status_code == 201 and set(own.get_json()) == {"id", "email", "created_at"}
    login = client.post("/api/auth/login/", data={"email": "ana@example.org", "password": PASSWORD},
                        headers={"Host": "legacy.example.org"})
    assert login.status_code == 200 and login.get_json()["session_key"]  # the original's login, form-encoded
    again = client.post("/api/compat/auth/login/", json={"email": "ana@example.org", "password": PASSWORD},
                        headers={"Host": "legacy.example.org"})
    assert again.status_code == 200  # the compat prefix still works there


def test_the_original_paths_rewrite_only_api_and_ws_paths_on_the_named_hosts():
    from plugins.compat.paths import OriginalPaths

    seen = []
    middleware = OriginalPaths(lambda environ, start: seen.append(environ["PATH_INFO"]), ["Legacy.example.org"])
    for host, path in (("legacy.example.org", "/ws/chat/1/"), ("legacy.example.org", "/metrics"),
                       ("other.example.org", "/api/auth/login/"), ("legacy.example.org", "/api/compat/x/")):
        middleware({"HTTP_HOST": host, "PATH_INFO": path}, None)
    assert seen == ["/ws/compat/chat/1/", "/metrics", "/api/auth/login/", "/api/compat/x/"]
