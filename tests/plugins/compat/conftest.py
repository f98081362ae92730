import uuid

import pytest

COMPAT = ["compat"]
PASSWORD = "a long passphrase 42"


@pytest.fixture(scope="session")
def compat_tables(hygeia_backend):
    """The compat branch in the session's database, as `flask db upgrade` runs it with the plugin on."""
    from core.app import create_app

    app = create_app({**hygeia_backend.overrides(), "HYGEIA_PLUGINS": COMPAT}, env="testing")
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def app(make_app, compat_tables):
    return make_app({"HYGEIA_PLUGINS": COMPAT, "RATELIMIT_ENABLED": False})


@pytest.fixture
def outbox(app):
    """The mails the app wrote (the outbox backend), newest last, as text."""
    from pathlib import Path

    folder = Path(app.config["MAIL_OUTBOX_DIR"])

    def read():
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime)] \
            if folder.exists() else []

    return read


class Original:
    """A client of the original backend: its paths (under /api/compat/), its fields, its headers."""

    def __init__(self, client):
        self.client = client
        self.access_token = self.refresh_token = self.session_key = None

    @property
    def headers(self):
        return {"Authorization": f"Bearer {self.access_token}", "X-Session-Key": self.session_key}

    def post(self, path, body=None, form=False, auth=False, **kwargs):
        headers = {**(self.headers if auth else {}), **kwargs.pop("headers", {})}
        if form:
            return self.client.post(f"/api/compat{path}", data=body or {}, headers=headers, **kwargs)
        return self.client.post(f"/api/compat{path}", json=body or {}, headers=headers, **kwargs)

    def get(self, path, auth=True, **kwargs):
        return self.client.get(f"/api/compat{path}", headers=self.headers if auth else {}, **kwargs)

    def register(self, email=None, password=PASSWORD, form=False):
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.org"
        response = self.post("/auth/register/", {"full_name": "Ana Wanjiru", "email": email, "password": password,
                                                 "password2": password}, form=form)
        assert response.status_code == 201, response.get_json()
        return email

    def login(self, email, password=PASSWORD, form=False):
        response = self.post("/auth/login/", {"email": email, "password": password}, form=form)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        self.access_token, self.refresh_token, self.session_key = (
            body["access_token"], body["refresh_token"], body["session_key"])
        return body


@pytest.fixture
def original(client):
    return Original(client)


@pytest.fixture
def signed_in(original):
    email = original.register()
    original.login(email)
    original.email = email
    return original
