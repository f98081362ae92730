"""Security headers on every kind of answer, HSTS only over TLS, restrictive CORS, request size limits."""

from __future__ import annotations

import pytest

BASE_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


@pytest.mark.parametrize("path, status", [("/api/health/", 200), ("/api/openapi.json", 200),
                                          ("/api/nowhere/", 404), ("/api/profile/", 401)])
def test_every_answer_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    for name, value in BASE_HEADERS.items():
        assert response.headers[name] == value, name
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_answers_to_signed_in_users_are_never_cached(client, auth_headers):
    assert client.get("/api/profile/", headers=auth_headers).headers["Cache-Control"] == "no-store"


def test_hsts_over_tls_and_behind_a_counted_tls_proxy_only(make_app):
    direct = make_app().test_client()
    assert "max-age=" in direct.get("/api/health/", base_url="https://api.example.org").headers[
        "Strict-Transport-Security"]
    # X-Forwarded-Proto is a client's word unless a proxy is counted: no HSTS from a forged header.
    assert "Strict-Transport-Security" not in direct.get(
        "/api/health/", headers={"X-Forwarded-Proto": "https"}).headers
    proxied = make_app({"HYGEIA_PROXY_COUNT": 1, "HSTS_SECONDS": 3600}).test_client()
    hsts = proxied.get("/api/health/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert hsts.headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"


def test_no_cross_origin_access_unless_configured(client):
    response = client.get("/api/health/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options("/api/profile/", headers={"Origin": "https://evil.example",
                                                         "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_configured_origins_only_and_never_with_credentials(make_app):
    client = make_app({"CORS_ORIGINS": "https://app.example.org, https://admin.example.org/"}).test_client()
    allowed = client.options("/api/profile/", headers={"Origin": "https://app.example.org",
                                                       "Access-Control-Request-Method": "GET",
                                                       "Access-Control-Request-Headers": "Authorization"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "authorization" in allowed.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    assert "Retry-After" in client.get("/api/health/", headers={"Origin": "https://admin.example.org"}).headers[
        "Access-Control-Expose-Headers"]
    refused = client.get("/api/health/", headers={"Origin": "https://app.example.org.evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_origins_follow_allowed_hosts_when_not_set(make_app):
    client = make_app({"TRUSTED_HOSTS": ["hygeia.example.org"]}).test_client()
    response = client.get("/api/health/", headers={"Origin": "https://hygeia.example.org",
                                                   "Host": "hygeia.example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://hygeia.example.org"
    assert "Access-Control-Allow-Origin" not in client.get(
        "/api/health/", headers={"Origin": "http://hygeia.example.org", "Host": "hygeia.example.org"}).headers


def test_bodies_over_the_limit_get_413_in_the_error_shape(make_app, make_user):
    app = make_app({"MAX_CONTENT_LENGTH": 2048})
    client = app.test_client()
    user = make_user()
    big = {"allergies": ["x" * 90] * 40}
    response = client.patch("/api/profile/", json=big, headers=user.headers)
    assert response.status_code == 413
    assert response.get_json()["error"] == "payload_too_large"
    assert client.get("/api/profile/", headers=user.headers).get_json()["allergies"] == []


def test_a_chunked_body_is_cut_at_the_same_limit_on_a_real_server(make_app, make_user, serve):
    import httpx

    app = make_app({"MAX_CONTENT_LENGTH": 2048})
    user = make_user()
    base = serve(app)

    def body():  # no Content-Length: sent with Transfer-Encoding: chunked
        yield b'{"allergies": ["'
        for _ in range(8):
            yield b"y" * 512
        yield b'"]}'

    response = httpx.patch(f"{base}/api/profile/", content=body(), timeout=10,
                           headers={**user.headers, "Content-Type": "application/json"})
    # Werkzeug stops reading at the limit; the cut body is refused as such (400) or as too large (413).
    assert response.status_code in (400, 413) and response.json()["status"] == response.status_code
    assert httpx.get(f"{base}/api/profile/", headers=user.headers).json()["allergies"] == []
