"""Searching is limited to 20 an hour per user; reading one's history is not counted against it."""


def test_the_twenty_first_search_in_an_hour_is_refused(client, make_user, search, literature):
    user, other = make_user(), make_user()
    for n in range(20):
        assert search("telomere pancreatic cancer", headers=user.headers).status_code == 201, n
    refused = search("telomere pancreatic cancer", headers=user.headers)
    assert refused.status_code == 429 and refused.get_json()["error"] == "rate_limited"
    assert "20 per 1 hour" in refused.get_json()["message"]
    assert client.get("/api/research/", headers=user.headers).get_json()["total"] == 20
    assert search("telomere pancreatic cancer", headers=other.headers).status_code == 201
    assert literature.count("esearch") == 1  # the other 20 came from the cache
