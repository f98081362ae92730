"""Pytest fixtures for Hygeia and its plugins (registered as the ``hygeia`` pytest plugin).

Backend: PostgreSQL and Redis when reachable (CI), else SQLite and the in-process
fallbacks. ``HYGEIA_TEST_BACKEND=sqlite`` or ``=postgres`` forces one. ``HYGEIA_TEST_STORAGE=s3``
(or ``pytest --storage=s3``) stores every app's files in a local S3 server (moto's, in its own
process) instead of the instance folder, and fails a test whose app wrote a file there. Each test
session gets its own database and Redis key prefix, so several suites can run
at once on one machine; tables and keys are emptied after every test.

Fixtures: ``hygeia_backend``, ``make_app``, ``app``, ``client``, ``make_user``,
``user``, ``auth_headers``; ``serve`` runs an app on a real local HTTP/WebSocket server;
``smtp_server`` is a real local SMTP server that receives the app's mail; ``s3_server`` a real local
S3 server (core.storage.testing.LocalS3Server).
"""

from __future__ import annotations

import os
import secrets
import socket
import tempfile
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

PG_ADMIN_URL = os.environ.get("HYGEIA_TEST_PG_ADMIN", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("HYGEIA_TEST_REDIS", "redis://127.0.0.1:6379/0")
TEST_PASSWORD = "correct horse battery 9"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Backend:
    """Where this test session keeps its data."""

    name: str  # "postgres" or "sqlite"
    database_url: str
    redis_url: str | None
    prefix: str
    cleanup: list = field(default_factory=list)
    engine: Any = None  # for emptying tables between tests
    s3: Any = None  # the LocalS3Server when files go to an object store (HYGEIA_TEST_STORAGE=s3)
    bucket: str | None = None

    def overrides(self) -> dict[str, Any]:
        return {
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "REDIS_URL": self.redis_url,
            "REDIS_KEY_PREFIX": self.prefix,
            "JOBS_SYNC": True,
            **(self.s3.config(self.bucket) if self.s3 else {}),
        }


def pytest_addoption(parser):
    parser.addoption("--storage", choices=("local", "s3"), default=None,
                     help="Where the apps under test store files (default: HYGEIA_TEST_STORAGE, else local).")


def pytest_configure(config):
    if config.getoption("--storage", default=None):
        os.environ["HYGEIA_TEST_STORAGE"] = config.getoption("--storage")


def start_s3_server():
    """A local S3 server, with boto3's credentials for it in this process's environment."""
    from core.storage.testing import CREDENTIALS, LocalS3Server

    for name, value in CREDENTIALS.items():
        os.environ.setdefault(name, value)
    return LocalS3Server().start()


def _with_storage(backend: Backend) -> Backend:
    if os.environ.get("HYGEIA_TEST_STORAGE", "local") == "s3":
        backend.s3 = start_s3_server()
        backend.bucket = backend.s3.new_bucket()
        backend.cleanup.append(backend.s3.stop)
    return backend


def _choose_backend() -> Backend:
    wanted = os.environ.get("HYGEIA_TEST_BACKEND", "auto")
    prefix = f"hygeia-test-{os.getpid()}-{secrets.token_hex(3)}"
    use_pg = wanted == "postgres" or (wanted == "auto" and _reachable("127.0.0.1", 5432)
                                      and _reachable("127.0.0.1", 6379))
    if use_pg:
        import sqlalchemy as sa

        name = prefix.replace("-", "_")
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        return _with_storage(Backend("postgres", url, REDIS_TEST_URL, prefix, [drop]))
    fd, path = tempfile.mkstemp(prefix="hygeia-test-", suffix=".sqlite3")
    os.close(fd)
    return _with_storage(Backend("sqlite", f"sqlite:///{path}", None, prefix,
                                 [lambda: os.path.exists(path) and os.remove(path)]))


def _migrate(app) -> None:
    import flask_migrate

    from core.migrations import enabled_branches

    with app.app_context():
        for branch in enabled_branches(app):
            flask_migrate.upgrade(revision=f"{branch}@head")


def _empty(backend: Backend) -> None:
    """Delete every row and every Redis key of this session, keeping the schema.

    DELETE, not TRUNCATE: for the few rows a test writes it is many times faster on
    PostgreSQL (TRUNCATE swaps every table's files).
    """
    import sqlalchemy as sa

    from core.extensions import db

    if backend.engine is None:
        backend.engine = sa.create_engine(backend.database_url, poolclass=sa.pool.NullPool)
        backend.cleanup.insert(0, backend.engine.dispose)
    with backend.engine.begin() as conn:
        existing = set(sa.inspect(conn).get_table_names())
        for table in reversed(db.metadata.sorted_tables):
            if table.name in existing:
                conn.execute(table.delete())
    if backend.redis_url:
        import redis

        client = redis.Redis.from_url(backend.redis_url)
        keys = list(client.scan_iter(match=f"*{backend.prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    if backend.s3:
        backend.s3.empty(backend.bucket)


@pytest.fixture(scope="session")
def hygeia_backend():
    backend = _choose_backend()
    from core.app import create_app, warm_offline_engines

    _migrate(create_app(backend.overrides(), env="testing"))
    warm_offline_engines()  # once per session, so no timed test pays for the first read
    yield backend
    for step in backend.cleanup:
        step()


@pytest.fixture
def make_app(hygeia_backend):
    """Build an app on the session's backend: ``make_app({"HYGEIA_PLUGINS": ["diet"]}, plugins=(...))``."""
    from core.app import create_app

    made, before = [], {}

    def factory(overrides: dict[str, Any] | None = None, **kwargs):
        app = create_app({**hygeia_backend.overrides(), **(overrides or {})}, env="testing", **kwargs)
        made.append(app)
        before[app] = _files_in_local_store([app])
        return app

    yield factory
    from core.extensions import db

    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    _empty(hygeia_backend)
    if hygeia_backend.s3:
        written = sorted(set(_files_in_local_store(made)) - {f for files in before.values() for f in files})
        assert not written, f"with files in the object store, the app wrote under its instance folder: {written}"


def _files_in_local_store(apps) -> list[str]:
    from core.storage import get_storage, local_folder

    found = []
    for app in apps:
        if get_storage(app).name == "local":  # a test that chose the local store itself
            continue
        for folder, _dirs, names in os.walk(local_folder(app)):
            found += [os.path.join(folder, name) for name in names]
    return found


@pytest.fixture(scope="session")
def s3_server(hygeia_backend):
    """A real S3 server on 127.0.0.1 (moto's standalone server, in its own process) for the session:
    ``make_app(s3_server.config(s3_server.new_bucket()))`` stores the app's files there."""
    if hygeia_backend.s3:
        yield hygeia_backend.s3
        return
    server = start_s3_server()
    yield server
    server.stop()


@pytest.fixture
def fresh_database(hygeia_backend):
    """The URL of an empty database of the session's kind (PostgreSQL or SQLite), dropped after the test."""
    from core.contract.migrations import fresh_database as make

    with make(hygeia_backend) as url:
        yield url


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def serve():
    """``serve(app)`` -> base URL of a real threaded server on 127.0.0.1 (stopped after the test)."""
    import threading

    from werkzeug.serving import make_server

    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


@dataclass
class TestUser:
    id: uuid.UUID
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@pytest.fixture
def make_user(app):
    """Register and log in a user through the API: ``make_user()`` or ``make_user("a@b.org")``."""

    def factory(email: str | None = None, password: str = TEST_PASSWORD) -> TestUser:
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.org"
        client = app.test_client()
        registered = client.post("/api/auth/register/", json={"email": email, "password": password})
        assert registered.status_code == 201, registered.get_json()
        tokens = client.post("/api/auth/login/", json={"email": email, "password": password}).get_json()
        return TestUser(uuid.UUID(registered.get_json()["id"]), email, password,
                        tokens["access_token"], tokens["refresh_token"])

    return factory


@pytest.fixture
def user(make_user) -> TestUser:
    return make_user()


@pytest.fixture
def auth_headers(user) -> dict[str, str]:
    return user.headers


@pytest.fixture
def llm_server():
    """A local OpenAI-compatible server (core.llm.fake_server): pass
    ``{"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"}`` to make_app."""
    from core.llm.fake_server import FakeLLMServer

    server = FakeLLMServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (core.mail.testing, aiosmtpd) that parses what it receives:
    ``make_app(smtp_server.config())`` sends the app's mail there; ``smtp_server.wait_for(n)``."""
    from core.mail.testing import LocalSMTPServer

    server = LocalSMTPServer()
    server.start()
    yield server
    server.stop()
