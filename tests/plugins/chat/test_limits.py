"""Rate limits on the REST API: 30 a minute per user, 3 a minute per address without a token."""


def test_authenticated_limit(api, user):
    statuses = [api.get("/api/chat-sessions/", headers=user.headers).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    refused = api.get("/api/chat-sessions/", headers=user.headers)
    assert refused.get_json()["error"] == "rate_limited" and int(refused.headers["Retry-After"]) >= 1


def test_anonymous_limit(api):
    statuses = [api.get("/api/chat-sessions/").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
