"""Shared set-up of the reliability benches: an app on a private PostgreSQL and Redis (started here on
free ports, never the machine's shared servers) with every plugin wired to local servers."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.llm.fake_server import FakeLLMServer  # noqa: E402
from tests.plugins.research.literature_server import LiteratureServer  # noqa: E402
from tests.reliability.processes import PostgresProcess, RedisProcess, free_port  # noqa: E402


@contextlib.contextmanager
def bench_stack(**overrides):
    """Yield (app, servers) with private PostgreSQL, Redis, LLM and literature servers; stop them all after."""
    os.environ.setdefault("HYGEIA_INSTANCE_PATH", tempfile.mkdtemp(prefix="hygeia-bench-instance-"))
    postgres, redis_server = PostgresProcess().start(), RedisProcess().start()
    llm, literature = FakeLLMServer().start(), LiteratureServer().start()
    llm.always("Rest, drink fluids and see a clinician if it gets worse.")
    try:
        from core.app import create_app
        from core.testing import _migrate

        config = {
            "SQLALCHEMY_DATABASE_URI": postgres.create_database(), "REDIS_URL": redis_server.url,
            "REDIS_KEY_PREFIX": f"hygeia-bench-{os.getpid()}", "JOBS_SYNC": True, "RATELIMIT_ENABLED": False,
            "LLM_BASE_URL": llm.url, "TOGETHER_AI_API_KEY": "bench-key", "LLM_MAX_RETRIES": 0,
            "RESEARCH_EUTILS_BASE_URL": f"{literature.url}/eutils",
            "RESEARCH_EUROPEPMC_BASE_URL": f"{literature.url}/europepmc",
            "RESEARCH_NEWS_FEED_URL": f"{literature.url}/who/news.xml", "RESEARCH_NCBI_EMAIL": "bench@example.org",
            "NCBI_API_KEY": "bench-key", "RESEARCH_RETRIES": 0,
            "SYMPTOMS_MEDLINEPLUS_URL": f"http://127.0.0.1:{free_port()}/service", **overrides,
        }
        app = create_app(config, env="testing")
        _migrate(app)
        yield app, {"postgres": postgres, "redis": redis_server, "llm": llm, "literature": literature}
    finally:
        try:
            llm.stop()
        except Exception:  # already stopped by a "down" scenario
            pass
        literature.stop()
        redis_server.kill()
        postgres.remove()


def sign_up(client, email: str, password: str = "correct horse battery 9") -> dict:
    client.post("/api/auth/register/", json={"email": email, "password": password})
    tokens = client.post("/api/auth/login/", json={"email": email, "password": password}).get_json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}
