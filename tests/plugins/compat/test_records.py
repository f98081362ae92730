"""The original's chat, consultation, research and X-ray endpoints over Hygeia's plugins, with the
load script's texts and form-encoded bodies."""

import json

import pytest

from tests.plugins.compat.conftest import Original
from tests.plugins.research.literature_server import LiteratureServer
from tests.plugins.research.conftest import research_config

FEATURES = ["chat", "symptoms", "research", "xray", "compat"]


@pytest.fixture(scope="module")
def literature_server():
    server = LiteratureServer().start()
    yield server
    server.stop()


@pytest.fixture
def app(make_app, compat_tables, literature_server, llm_server):
    literature_server.reset()
    return make_app({"HYGEIA_PLUGINS": FEATURES, "RATELIMIT_ENABLED": False,
                     "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key",
                     **research_config(literature_server)})


def test_a_features_routes_exist_only_with_its_plugin(make_app, compat_tables):
    rules = {r.rule for r in make_app({"HYGEIA_PLUGINS": ["chat", "compat"]}).url_map.iter_rules()}
    assert "/api/compat/chat-sessions/" in rules and "/api/compat/consultations/" not in rules


def test_chat_sessions_as_the_original_served_them(signed_in, client, llm_server):
    llm_server.reply("A headache with a fever is often a viral infection. Rest and drink fluids.")
    created = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, data={"title": "Head"})
    assert created.status_code == 201
    session = created.get_json()
    assert session["title"] == "Head" and session["messages"] == []
    untitled = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()
    assert untitled["title"] == "New Chat"

    sent = client.post(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=signed_in.headers,
                       data={"content": "I have a headache and fever"})
    assert sent.status_code == 200
    exchange = sent.get_json()
    assert set(exchange) == {"user_message", "ai_message"}
    assert exchange["user_message"]["role"] == "user"
    assert exchange["user_message"]["content"] == "I have a headache and fever"
    ai = exchange["ai_message"]
    assert ai["role"] == "assistant" and set(ai) == {"id", "role", "content", "created_at"}
    document = json.loads(ai["content"])
    assert set(document["diagnosis"]) == {"conditions", "next_steps", "urgent", "advice", "clarification"}
    assert "viral infection" in document["diagnosis"]["advice"]

    listed = client.get("/api/compat/chat-sessions/", headers=signed_in.headers).get_json()
    assert [s["id"] for s in listed][0] == session["id"]
    assert listed[0]["last_message"]["role"] == "assistant"
    assert [s for s in listed if s["id"] == untitled["id"]][0]["last_message"] is None
    assert [s["id"] for s in client.get("/api/compat/chat-sessions/?title=Head",
                                        headers=signed_in.headers).get_json()] == [session["id"]]
    created = [s for s in listed if s["id"] == untitled["id"]][0]["created_at"]
    by_time = client.get("/api/compat/chat-sessions/", query_string={"created_at": created}, headers=signed_in.headers)
    assert [s["id"] for s in by_time.get_json()] == [untitled["id"]]
    assert client.get("/api/compat/chat-sessions/?created_at=2001-01-01T00:00:00Z",
                      headers=signed_in.headers).get_json() == []
    assert client.get("/api/compat/chat-sessions/?created_at=yesterday", headers=signed_in.headers).status_code == 400

    detail = client.get(f"/api/compat/chat-sessions/{session['id']}/", headers=signed_in.headers).get_json()
    assert [m["role"] for m in detail["messages"]] == ["user", "assistant"]
    messages = client.get(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=signed_in.headers)
    assert messages.status_code == 200 and messages.get_json() == detail["messages"]

    renamed = client.put(f"/api/compat/chat-sessions/{session['id']}/", headers=signed_in.headers,
                         json={"title": "Headache"})
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Headache"
    assert client.delete(f"/api/compat/chat-sessions/{session['id']}/", headers=signed_in.headers) \
        .status_code == 204
    assert client.get(f"/api/compat/chat-sessions/{session['id']}/", headers=signed_in.headers).status_code == 404


def test_chat_refusals(signed_in, client):
    session = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()
    empty = client.post(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=signed_in.headers,
                        json={"content": "  "})
    assert empty.status_code == 400
    assert empty.get_json() == {"error": "Either message content or X-ray image is required"}
    other = Original(client)
    other.login(other.register())
    assert client.get(f"/api/compat/chat-sessions/{session['id']}/", headers=other.headers).status_code == 404
    assert client.post(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=other.headers,
                       json={"content": "hello"}).status_code == 404


def test_an_emergency_is_answered_as_urgent(signed_in, client):
    session = client.post("/api/compat/chat-sessions/", headers=signed_in.headers, json={}).get_json()
    sent = client.post(f"/api/compat/chat-sessions/{session['id']}/messages/", headers=signed_in.headers,
                       data={"content": "I'm experiencing chest pain spreading to my left arm and I'm sweating"})
    assert sent.status_code == 200
    document = json.loads(sent.get_json()["ai_message"]["content"])
    assert document["triage_level"] == "emergency" and document["diagnosis"]["urgent"]


@pytest.mark.parametrize("form", [False, True], ids=["json", "form"])
def test_consultations_carry_a_diagnosis_string(signed_in, client, llm_server, form):
    body = {"symptoms": "Persistent cough for 3 days with mild fever", "language": "en"}
    kwargs = {"data": body} if form else {"json": body}
    created = client.post("/api/compat/consultations/", headers=signed_in.headers, **kwargs)
    assert created.status_code == 201, created.get_json()
    consultation = created.get_json()
    assert set(consultation) == {"id", "symptoms", "diagnosis", "language", "created_at"}
    assert set(json.loads(consultation["diagnosis"])["diagnosis"]) == {
        "conditions", "next_steps", "urgent", "advice", "clarification"}
    listed = client.get("/api/compat/consultations/", headers=signed_in.headers).get_json()
    assert [c["id"] for c in listed] == [consultation["id"]]
    missing = client.post("/api/compat/consultations/", headers=signed_in.headers, data={})
    assert missing.status_code == 400 and missing.get_json() == {"symptoms": ["This field is required."]}


def test_research_results_are_real_records(signed_in, client):
    created = client.post("/api/compat/research/", headers=signed_in.headers,
                          data={"query": "telomere pancreatic cancer"})
    assert created.status_code == 201, created.get_json()
    query = created.get_json()
    assert query["query"] == "telomere pancreatic cancer" and query["results"]
    assert all(a["url"].startswith("https://") and (a["pmid"] or a["doi"]) for a in query["results"])
    listed = client.get("/api/compat/research/", headers=signed_in.headers).get_json()
    assert [q["id"] for q in listed] == [query["id"]] and listed[0]["results"] == query["results"]


def test_xray_upload_without_weights_says_so(signed_in, client):
    import io

    response = client.post("/api/compat/xray-analyses/", headers=signed_in.headers,
                           data={"image": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "chest.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 503 and "weights" in response.get_json()["message"]
    missing = client.post("/api/compat/xray-analyses/", headers=signed_in.headers, data={},
                          content_type="multipart/form-data")
    assert missing.status_code == 400 and missing.get_json() == {"image": ["This field is required."]}
    assert client.get("/api/compat/xray-analyses/", headers=signed_in.headers).get_json() == []


def test_the_load_script_mix_runs_without_errors(signed_in, client, llm_server):
    """The original load script's requests (form-encoded, after a login in the documented contract)."""
    llm_server.reply("Rest, fluids, and see a doctor if it gets worse.")
    texts = ["I have a headache and fever", "My throat hurts when I swallow", "I have a rash on my arm",
             "My stomach hurts after eating"]
    symptoms = ["Headache and dizziness when standing up quickly", "Rash on chest and back with itching"]
    client.post("/api/compat/chat-sessions/", headers=signed_in.headers, data={"title": "Load test"})
    for text in texts:
        sessions = client.get("/api/compat/chat-sessions/", headers=signed_in.headers)
        assert sessions.status_code == 200
        first = sessions.get_json()[0]["id"]
        sent = client.post(f"/api/compat/chat-sessions/{first}/messages/", headers=signed_in.headers,
                           data={"content": text})
        assert sent.status_code == 200, sent.get_json()
    for text in symptoms:
        assert client.post("/api/compat/consultations/", headers=signed_in.headers,
                           data={"symptoms": text}).status_code == 201


def test_health_news_is_public_and_limited(app, client):
    from core.api import enqueue
    from plugins.research import jobs

    with app.app_context():
        enqueue(jobs.refresh_health_news)
    response = client.get("/api/compat/health-news/?limit=2")
    assert response.status_code == 200
    news = response.get_json()
    assert len(news) == 2 and set(news[0]) == {"id", "title", "source", "url", "summary", "image_url",
                                               "published_date", "created_at"}
    assert news[0]["url"].startswith("https://www.who.int/")
    assert client.get("/api/compat/health-news/?source=cdc").get_json() == []
    assert client.get("/api/compat/health-news/?limit=x").status_code == 400  # the original answered 500
