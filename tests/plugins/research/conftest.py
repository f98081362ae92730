import pytest

from tests.plugins.research.literature_server import LiteratureServer


@pytest.fixture(scope="session")
def literature_server():
    server = LiteratureServer().start()
    yield server
    server.stop()


@pytest.fixture
def literature(literature_server):
    """The local E-utilities / Europe PMC / RSS server, reset for this test."""
    literature_server.reset()
    return literature_server


def research_config(server, **extra) -> dict:
    return {
        "RESEARCH_EUTILS_BASE_URL": f"{server.url}/eutils",
        "RESEARCH_EUROPEPMC_BASE_URL": f"{server.url}/europepmc",
        "RESEARCH_NEWS_FEED_URL": f"{server.url}/who/news.xml",
        "RESEARCH_NCBI_EMAIL": "maintainer@example.org",
        "RESEARCH_RETRIES": 0,
        "RESEARCH_TIMEOUT_SECONDS": 5.0,
        "NCBI_API_KEY": "test-ncbi-key",  # 10 requests/s keeps the suite quick; the throttle tests use none
        **extra,
    }


@pytest.fixture
def app(make_app, literature):
    return make_app(research_config(literature))


@pytest.fixture
def search(client, user):
    def post(query="telomere pancreatic cancer", headers=None, **fields):
        return client.post("/api/research/", json={"query": query, **fields}, headers=headers or user.headers)

    return post
