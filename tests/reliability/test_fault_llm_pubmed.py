"""The LLM server down, slow and answering garbage; PubMed (and Europe PMC) down. Real local servers
(core.llm.fake_server, the research suite's literature server) or a closed port: the breaker opens
at its configured threshold, then fallbacks answer fast without calling out; nothing is a 500."""

from __future__ import annotations

import time

import pytest

from core.breakers import THRESHOLDS
from core.llm.fake_server import Answer
from tests.reliability.processes import free_port

LLM_FAILURES_TO_OPEN = THRESHOLDS["together_ai"][0]


def _llm_app(make_app, llm_server, scenario: str):
    url = f"http://127.0.0.1:{free_port()}/v1" if scenario == "down" else llm_server.url
    if scenario == "slow":
        llm_server.always("late answer", delay=3.0)
    if scenario == "garbage":
        llm_server.respond_with(lambda body: Answer("raw", body=b"<html>502 upstream</html>",
                                                    content_type="text/html"))
    return make_app({"LLM_BASE_URL": url, "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0,
                     "LLM_TIMEOUT_SECONDS": 0.5, "RATELIMIT_ENABLED": False,
                     "HYGEIA_PLUGINS": ["symptoms", "chat"], "SYMPTOMS_MEDLINEPLUS_URL": url})


@pytest.mark.parametrize("scenario", ["down", "slow", "garbage"])
def test_llm_faults_open_the_breaker_and_fallbacks_answer_fast(make_app, make_user, llm_server, scenario):
    app = _llm_app(make_app, llm_server, scenario)
    client = app.test_client()
    user = make_user()
    timings, sources = [], []
    for n in range(LLM_FAILURES_TO_OPEN + 3):
        started = time.perf_counter()
        response = client.post("/api/consultations/", headers=user.headers,
                               json={"symptoms": f"dull headache for {n + 2} days, no fever"})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 201, response.get_json()
        sources.append(response.get_json()["source"])
    assert sources == ["fallback"] * len(sources)
    reached = len(llm_server.requests)
    with app.app_context():
        assert app.extensions["hygeia.breakers"].states()["together_ai"] == "open"
    # Open: answers no longer wait for the model, and the model is not called.
    assert max(timings[LLM_FAILURES_TO_OPEN:]) < 0.5, timings
    chat = client.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    started = time.perf_counter()
    exchange = client.post(f"/api/chat-sessions/{chat['id']}/messages/", headers=user.headers,
                           json={"content": "Can I take ibuprofen for a headache?"})
    assert exchange.status_code == 201 and time.perf_counter() - started < 0.5
    reply = client.get(f"/api/chat-sessions/{chat['id']}/messages/", headers=user.headers).get_json()["items"]
    assert [m["status"] for m in reply if m["role"] == "assistant"] == ["fallback"]
    assert len(llm_server.requests) == reached
    if scenario != "down":  # the server saw exactly the calls that opened the breaker
        assert reached >= LLM_FAILURES_TO_OPEN
    print(f"\nLLM {scenario}: {len(timings)} consultations, breaker open after {LLM_FAILURES_TO_OPEN} failures, "
          f"slowest before {max(timings[:LLM_FAILURES_TO_OPEN]):.2f} s, slowest after "
          f"{max(timings[LLM_FAILURES_TO_OPEN:]):.3f} s")


def test_pubmed_and_europepmc_down_answer_503_fast_and_the_rest_keeps_working(make_app, make_user):
    dead = f"http://127.0.0.1:{free_port()}"
    app = make_app({"RESEARCH_EUTILS_BASE_URL": f"{dead}/eutils", "RESEARCH_EUROPEPMC_BASE_URL": f"{dead}/epmc",
                    "RESEARCH_NEWS_FEED_URL": f"{dead}/news.xml", "RESEARCH_RETRIES": 0,
                    "RESEARCH_NCBI_EMAIL": "maintainer@example.org", "RATELIMIT_ENABLED": False,
                    "HYGEIA_PLUGINS": ["research"]})
    client = app.test_client()
    user = make_user()
    threshold = THRESHOLDS["pubmed"][0]
    timings = []
    for n in range(threshold + 2):
        started = time.perf_counter()
        response = client.post("/api/research/", json={"query": f"statin myopathy {n}"}, headers=user.headers)
        timings.append(time.perf_counter() - started)
        body = response.get_json()
        assert response.status_code == 503 and body["error"] and "PubMed" in body["message"] + str(body), body
    with app.app_context():
        assert app.extensions["hygeia.breakers"].states()["pubmed"] == "open"
    assert max(timings) < 2.0, timings
    listing = client.get("/api/research/", headers=user.headers)
    assert listing.status_code == 200 and listing.get_json()["total"] == 0
    print(f"\nPubMed down: {len(timings)} searches answered 503, slowest {max(timings):.3f} s, breaker open")
