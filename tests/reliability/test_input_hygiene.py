"""Inputs the fuzzer found breaking the database layer: NUL characters are refused with a 422 everywhere."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("method, path, kwargs, place", [
    ("post", "/api/auth/login/", {"json": {"email": "a\u0000@example.org", "password": "x"}}, "json"),
    ("post", "/api/auth/register/", {"json": {"email": "nul@example.org", "password": "pass\u0000word 12"}}, "json"),
    ("get", "/api/health-news/?page=1&q=%00", {}, "query"),
])
def test_nul_characters_are_refused_in_the_error_shape(full_app, method, path, kwargs, place):
    response = getattr(full_app.test_client(), method)(path, **kwargs)
    body = response.get_json()
    assert response.status_code == 422 and body["error"] == "validation_error", body
    assert place in body["details"]


def test_a_profile_change_with_a_nul_is_refused_and_nothing_is_stored(client, auth_headers):
    refused = client.patch("/api/profile/", json={"allergies": ["pea\u0000nut"]}, headers=auth_headers)
    assert refused.status_code == 422
    assert client.get("/api/profile/", headers=auth_headers).get_json()["allergies"] == []
    assert client.patch("/api/profile/", json={"allergies": ["peanut"]}, headers=auth_headers).status_code == 200
