"""Fixtures of the reliability suite: an app with every enabled plugin wired to local servers
(LLM, PubMed/Europe PMC/WHO, X-ray weights when torch is installed), and its spec."""

from __future__ import annotations

import importlib.util

import pytest

from tests.plugins.research.conftest import literature_server  # noqa: F401 (the research suite's server)

HAS_XRAY = all(importlib.util.find_spec(name) for name in ("torch", "monai"))
if HAS_XRAY:  # the xray suite's session fixtures: generated weights installed in an instance folder
    from tests.plugins.xray.conftest import installed_instance, sample_bytes, weights_files  # noqa: F401


@pytest.fixture
def external_config(llm_server, literature_server) -> dict:
    """Every external service of every plugin pointed at a local server that speaks its protocol."""
    literature_server.reset()
    llm_server.always("Rest, drink fluids and see a clinician if it gets worse. This is not a diagnosis.")
    return {
        "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0,
        "RESEARCH_EUTILS_BASE_URL": f"{literature_server.url}/eutils",
        "RESEARCH_EUROPEPMC_BASE_URL": f"{literature_server.url}/europepmc",
        "RESEARCH_NEWS_FEED_URL": f"{literature_server.url}/who/news.xml",
        "RESEARCH_NCBI_EMAIL": "maintainer@example.org", "RESEARCH_RETRIES": 0,
        "NCBI_API_KEY": "test-ncbi-key",
        "SYMPTOMS_MEDLINEPLUS_URL": f"{literature_server.url}/medlineplus/service",  # answers 404: no links
    }


@pytest.fixture
def full_app(make_app, external_config, request, monkeypatch):
    """Every enabled plugin, rate limits off (the fuzzer and the matrix send many requests)."""
    if HAS_XRAY:
        monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(request.getfixturevalue("installed_instance")))
    return make_app({**external_config, "RATELIMIT_ENABLED": False})


@pytest.fixture
def upload_files() -> dict[str, bytes]:
    """A real chest X-ray for multipart uploads (the only binary body in the spec today)."""
    return {"/api/xray-analyses/": sample_bytes("00000001_000.png")} if HAS_XRAY else {}


@pytest.fixture
def spec(full_app) -> dict:
    return full_app.test_client().get("/api/openapi.json").get_json()
