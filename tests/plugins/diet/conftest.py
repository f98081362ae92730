import pytest


@pytest.fixture
def app(make_app):
    """The diet plugin alone, rate limits off (one test turns them on)."""
    return make_app({"HYGEIA_PLUGINS": ["diet"], "RATELIMIT_ENABLED": False})


@pytest.fixture
def set_profile(client):
    def apply(user, **fields):
        response = client.patch("/api/profile/", headers=user.headers, json=fields)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return apply


@pytest.fixture
def analyse(client, user):
    """POST a meal for ``user`` (or another user) and return the response."""

    def post(payload, who=None):
        body = payload if isinstance(payload, dict) else {"text": payload}
        return client.post("/api/diet-analyses/", headers=(who or user).headers, json=body)

    return post
