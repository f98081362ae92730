"""Logging nights through the API: validation, duplicates, listing, isolation, deletion."""

from datetime import timedelta

import pytest


def test_a_logged_night_is_stored_with_its_duration_and_night(client, user, log_night, evening):
    response = log_night(user, 3, "23:10", 450, quality=4, awakenings=1, note="Coffee after 6 pm.")
    assert response.status_code == 201
    body = response.get_json()
    assert body["minutes"] == 450 and body["quality"] == 4 and body["awakenings"] == 1
    assert body["night"] == evening(3, "23:10").date().isoformat()
    assert body["utc_offset_minutes"] == 60
    assert body["bedtime"].endswith("+00:00")  # stored and returned in UTC
    fetched = client.get(f"/api/sleep/logs/{body['id']}/", headers=user.headers).get_json()
    assert fetched == body


def test_going_to_bed_after_midnight_counts_for_the_evening_before(user, log_night, evening):
    body = log_night(user, 2, "00:40", 400).get_json()
    assert body["night"] == (evening(2, "00:40").date() - timedelta(days=1)).isoformat()


def test_a_second_sleep_for_the_same_night_is_a_conflict(client, user, log_night):
    assert log_night(user, 4, "22:30", 480).status_code == 201
    again = log_night(user, 4, "23:55", 300)
    assert again.status_code == 409
    body = again.get_json()
    assert body["error"] == "night_already_logged" and body["status"] == 409
    assert "delete it first" in body["message"] and body["details"]["night"]
    assert client.get("/api/sleep/logs/", headers=user.headers).get_json()["total"] == 1


@pytest.mark.parametrize("change, field", [
    ({"wake_time": "bedtime"}, "wake_time"),
    ({"quality": 6}, "quality"),
    ({"awakenings": -1}, "awakenings"),
    ({"note": "x" * 501}, "note"),
    ({"bedtime": "2026-11-01T23:00:00"}, "bedtime"),  # no UTC offset
    ({"wake_time": None}, "wake_time"),
])
def test_invalid_nights_are_refused_field_by_field(client, user, evening, change, field):
    bedtime = evening(5, "23:00")
    body = {"bedtime": bedtime.isoformat(), "wake_time": (bedtime + timedelta(hours=7)).isoformat()}
    body.update({k: body["bedtime"] if v == "bedtime" else v for k, v in change.items()})
    response = client.post("/api/sleep/logs/", headers=user.headers, json=body)
    assert response.status_code == 422
    error = response.get_json()
    assert error["error"] == "validation_error" and field in error["details"]["json"]
    assert client.get("/api/sleep/logs/", headers=user.headers).get_json()["total"] == 0


def test_future_and_overlong_sleeps_are_refused(client, user, evening):
    for bedtime, hours in ((evening(0, "23:59") + timedelta(days=1), 7), (evening(9, "20:00"), 21)):
        response = client.post("/api/sleep/logs/", headers=user.headers, json={
            "bedtime": bedtime.isoformat(), "wake_time": (bedtime + timedelta(hours=hours)).isoformat()})
        assert response.status_code == 422 and "wake_time" in response.get_json()["details"]["json"]


def test_listing_is_newest_first_paginated_and_filtered_by_night(client, user, log_night, evening):
    for days_ago in (6, 5, 4, 3):
        log_night(user, days_ago, "23:00", 420)
    page = client.get("/api/sleep/logs/?page_size=3", headers=user.headers).get_json()
    assert page["total"] == 4 and page["pages"] == 2
    nights = [item["night"] for item in page["items"]]
    assert nights == sorted(nights, reverse=True) and nights[0] == evening(3, "23:00").date().isoformat()
    since, until = evening(5, "23:00").date().isoformat(), evening(4, "23:00").date().isoformat()
    window = client.get(f"/api/sleep/logs/?since={since}&until={until}", headers=user.headers).get_json()
    assert sorted(item["night"] for item in window["items"]) == [since, until]
    backwards = client.get(f"/api/sleep/logs/?since={until}&until={since}", headers=user.headers)
    assert backwards.status_code == 422 and "until" in backwards.get_json()["details"]["query"]


def test_another_users_nights_are_not_found(client, make_user, log_night):
    ana, ben = make_user(), make_user()
    log = log_night(ana, 2, "23:00", 420).get_json()
    for method in ("GET", "DELETE"):
        response = client.open(f"/api/sleep/logs/{log['id']}/", method=method, headers=ben.headers)
        assert response.status_code == 404 and response.get_json()["message"] == "Sleep log not found."
    assert client.get("/api/sleep/logs/", headers=ben.headers).get_json()["items"] == []
    assert client.get(f"/api/sleep/logs/{log['id']}/", headers=ana.headers).status_code == 200


def test_deleting_a_night_removes_it_and_updates_the_summary(client, user, log_night):
    log = log_night(user, 2, "23:00", 420).get_json()
    assert client.get("/api/sleep/summary/", headers=user.headers).get_json()["nights"] == 1
    assert client.delete(f"/api/sleep/logs/{log['id']}/", headers=user.headers).status_code == 204
    assert client.get(f"/api/sleep/logs/{log['id']}/", headers=user.headers).status_code == 404
    assert client.get("/api/sleep/summary/", headers=user.headers).get_json()["nights"] == 0
