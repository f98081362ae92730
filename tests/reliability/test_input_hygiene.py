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


LONE_SURROGATE = '"\\udc00"'  # as JSON text: half of an emoji, what slicing a JavaScript string can make


@pytest.mark.parametrize("path, body", [
    ("/api/auth/register/", '{"email": "s@example.org", "password": ' + LONE_SURROGATE + '}'),
    ("/api/consultations/", '{"symptoms": "sore throat ' + LONE_SURROGATE[1:-1] + '"}'),
    ("/api/diet-analyses/", '{"text": ' + LONE_SURROGATE + '}'),
    ("/api/medication-reviews/", '{"medicines": [' + LONE_SURROGATE + ']}'),
])
def test_lone_surrogates_are_refused_before_any_handler(full_app, path, body):
    response = full_app.test_client().post(path, data=body, content_type="application/json")
    error = response.get_json()
    assert response.status_code == 422 and error["error"] == "validation_error", error
    assert "surrogate" in error["details"]["json"][0]


def test_a_profile_with_a_lone_surrogate_is_refused_and_nothing_is_stored(client, auth_headers):
    refused = client.patch("/api/profile/", data='{"allergies": ["pea\\ud83dnut"]}', content_type="application/json",
                           headers=auth_headers)
    assert refused.status_code == 422
    assert client.get("/api/profile/", headers=auth_headers).get_json()["allergies"] == []


@pytest.mark.parametrize("body, words", [
    ("[" * 3000 + "]" * 3000, "nested"),
    ('{"email": "a@example.org", "password": "x", "age": ' + "9" * 5000 + "}", "digits"),
    ('{"email": "a@example.org", "password": ' + "[" * 40 + "1" + "]" * 40 + "}", "nested"),
])
def test_deep_nesting_and_huge_numbers_get_a_422_without_a_token(full_app, body, words):
    response = full_app.test_client().post("/api/auth/login/", data=body, content_type="application/json")
    error = response.get_json()
    assert response.status_code == 422 and words in error["message"], error
