import pytest

from core.llm.fake_server import FakeLLMServer
from tests.plugins.chat import servers


@pytest.fixture
def chat_app(make_app, llm_server):
    """An in-process app whose LLM is the test's local OpenAI-compatible server (no retries: fast fallbacks)."""
    return make_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0})


@pytest.fixture
def api(chat_app):
    return chat_app.test_client()


@pytest.fixture
def new_session(api):
    def create(user, **body):
        response = api.post("/api/chat-sessions/", json=body, headers=user.headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


@pytest.fixture(scope="module")
def cluster_llm():
    """The LLM server the server processes talk to (one per module, reset before each test)."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture(scope="module")
def cluster(hygeia_backend, cluster_llm):
    """Real processes: with Redis two web servers and a chat worker, without it one web server."""
    with_redis = hygeia_backend.redis_url is not None
    config = {"LLM_MAX_RETRIES": 0, "LLM_BACKOFF_SECONDS": 0.01, "CHAT_REPLY_TIMEOUT_SECONDS": 20}
    if with_redis:
        config["CHAT_GENERATION"] = "worker"  # the web processes never generate: the worker does
    running = servers.start(hygeia_backend, cluster_llm.url, web=2 if with_redis else 1, worker=with_redis,
                            config=config)
    yield running
    running.stop()


@pytest.fixture
def llm(cluster_llm):
    cluster_llm.reset()
    return cluster_llm
