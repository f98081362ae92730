import pytest

from tests.plugins.symptoms.medlineplus_server import MedlinePlusServer


@pytest.fixture
def medlineplus():
    server = MedlinePlusServer().start()
    yield server
    server.stop()


@pytest.fixture
def symptoms_app(make_app, llm_server, medlineplus):
    """An app with only this plugin, the local LLM server and the local MedlinePlus server."""

    def build(plugins=(), **overrides):
        settings = {"HYGEIA_PLUGINS": ["symptoms"], "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key",
                    "LLM_BACKOFF_SECONDS": 0.01, "SYMPTOMS_MEDLINEPLUS_URL": medlineplus.url}
        return make_app({**settings, **overrides}, plugins=plugins)

    return build


@pytest.fixture
def app(symptoms_app):
    return symptoms_app()
