"""Device sessions: each login recorded with device and IP, listed, revoked one at a time or all at once."""

import uuid

import pytest

from core.auth.devices import describe_device

PASSWORD = "correct horse battery 9"
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(client, email, user_agent, ip):
    response = client.post("/api/auth/login/", json={"email": email, "password": PASSWORD},
                           headers={"User-Agent": user_agent}, environ_base={"REMOTE_ADDR": ip})
    assert response.status_code == 200
    return response.get_json()


def sessions(client, access_token, ip="127.0.0.1"):
    response = client.get("/api/auth/sessions/", headers=bearer(access_token), environ_base={"REMOTE_ADDR": ip})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("user_agent, device", [
    (FIREFOX, "Firefox 128 on Ubuntu"),
    (IPHONE, "Mobile Safari 17 on iOS 17"),
    ("python-httpx/0.27.0", "python-httpx"),
    ("", "Unknown device"),
])
def test_devices_get_readable_names(user_agent, device):
    assert describe_device(user_agent) == device


def test_each_login_is_listed_with_its_device_and_ip_and_the_current_one_is_marked(client, user):
    laptop = login(client, user.email, FIREFOX, "203.0.113.5")
    phone = login(client, user.email, IPHONE, "2001:db8::7")
    listed = sessions(client, phone["access_token"], ip="2001:db8::7")
    by_device = {s["device"]: s for s in listed}
    assert set(by_device) >= {"Firefox 128 on Ubuntu", "Mobile Safari 17 on iOS 17"}
    assert len(listed) == 3  # the fixture's own login too
    assert by_device["Firefox 128 on Ubuntu"]["ip"] == "203.0.113.5"
    assert by_device["Firefox 128 on Ubuntu"]["user_agent"] == FIREFOX
    assert by_device["Mobile Safari 17 on iOS 17"]["ip"] == "2001:db8::7"
    assert [s["current"] for s in listed].count(True) == 1 and by_device["Mobile Safari 17 on iOS 17"]["current"]
    assert set(listed[0]) == {"id", "device", "user_agent", "ip", "created_at", "last_used_at", "current"}
    assert [s["current"] for s in sessions(client, laptop["access_token"]) if s["device"].startswith("Firefox")] == [
        True]


def test_revoking_a_session_stops_its_tokens_at_once_and_leaves_the_others(client, user):
    laptop = login(client, user.email, FIREFOX, "203.0.113.5")
    phone = login(client, user.email, IPHONE, "198.51.100.9")
    phone_id = next(s["id"] for s in sessions(client, laptop["access_token"]) if s["device"].startswith("Mobile"))

    assert client.delete(f"/api/auth/sessions/{phone_id}/", headers=bearer(laptop["access_token"])).status_code == 204
    for response in (client.get("/api/profile/", headers=bearer(phone["access_token"])),
                     client.post("/api/auth/refresh/", headers=bearer(phone["refresh_token"]))):
        assert response.status_code == 401 and response.get_json()["error"] == "token_revoked"
    assert client.get("/api/profile/", headers=bearer(laptop["access_token"])).status_code == 200
    remaining = sessions(client, laptop["access_token"])
    assert phone_id not in {s["id"] for s in remaining} and len(remaining) == 2

    again = client.delete(f"/api/auth/sessions/{phone_id}/", headers=bearer(laptop["access_token"]))
    assert again.status_code == 404 and again.get_json()["error"] == "not_found"


def test_another_users_session_is_not_found(client, make_user):
    owner, intruder = make_user(), make_user()
    owner_session = sessions(client, owner.access_token)[0]["id"]
    response = client.delete(f"/api/auth/sessions/{owner_session}/", headers=intruder.headers)
    assert response.status_code == 404
    assert response.get_json() == {"status": 404, "error": "not_found", "message": "Session not found."}
    assert owner_session not in {s["id"] for s in sessions(client, intruder.access_token)}
    assert client.get("/api/profile/", headers=owner.headers).status_code == 200
    assert client.delete(f"/api/auth/sessions/{uuid.uuid4()}/", headers=intruder.headers).status_code == 404
    assert client.delete("/api/auth/sessions/not-a-uuid/", headers=intruder.headers).status_code == 404


def test_logout_and_logout_all_remove_sessions_from_the_list(client, user):
    other = login(client, user.email, FIREFOX, "203.0.113.5")
    assert client.post("/api/auth/logout/", headers=bearer(other["access_token"])).status_code == 204
    assert [s["device"] for s in sessions(client, user.access_token)] == ["Werkzeug"]  # the test client

    third = login(client, user.email, IPHONE, "198.51.100.9")
    assert client.post("/api/auth/logout-all/", headers=user.headers).status_code == 204
    for token in (user.access_token, third["access_token"]):
        assert client.get("/api/auth/sessions/", headers=bearer(token)).status_code == 401
    fresh = login(client, user.email, FIREFOX, "203.0.113.5")
    assert [s["device"] for s in sessions(client, fresh["access_token"])] == ["Firefox 128 on Ubuntu"]


def test_using_a_session_updates_its_last_use_and_ip(app, client, user):
    from core.auth.models import LoginSession
    from core.cache import cache_delete
    from core.extensions import db
    from core.models_base import utcnow

    laptop = login(client, user.email, FIREFOX, "203.0.113.5")
    with app.app_context():
        row = db.session.scalar(db.select(LoginSession).where(LoginSession.device == "Firefox 128 on Ubuntu"))
        before = row.last_used_at
        cache_delete(f"session-touch:{row.sid}")  # as if the last write were a minute old
    client.get("/api/profile/", headers=bearer(laptop["access_token"]), environ_base={"REMOTE_ADDR": "192.0.2.44"})
    listed = {s["device"]: s for s in sessions(client, laptop["access_token"])}["Firefox 128 on Ubuntu"]
    assert listed["ip"] == "192.0.2.44"
    with app.app_context():
        after = db.session.get(LoginSession, row.id).last_used_at
    assert before < after <= utcnow()


def test_sessions_need_a_token(client):
    assert client.get("/api/auth/sessions/").get_json()["error"] == "unauthorized"
