import pytest


@pytest.fixture
def app(make_app):
    """The medications plugin alone, rate limits off."""
    return make_app({"HYGEIA_PLUGINS": ["medications"], "RATELIMIT_ENABLED": False})


@pytest.fixture
def post_review(client):
    """POST a review (as ``who``, or anonymously) and return the response."""

    def post(body, who=None):
        return client.post("/api/medication-reviews/", headers=who.headers if who else {}, json=body)

    return post
