"""The optional AI summary: marked as a summary, citing only the articles shown, never blocking the search."""

import pytest

from plugins.research.summary import keep_known_citations
from tests.plugins.research.conftest import research_config


@pytest.fixture
def llm_config(llm_server):
    return {"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0}


@pytest.fixture
def app(make_app, literature, llm_config):
    return make_app({**research_config(literature), **llm_config})


def test_summary_cites_the_articles_by_pmid_and_drops_invented_ones(search, llm_server, client, user):
    llm_server.reply("Shorter telomeres were linked to pancreatic cancer risk [PMID:27797938]. "
                     "Pesticides may alter thyroid function [PMID: 28775130] [PMID:99999999].")
    body = search("telomere pancreatic cancer", max_results=3, summarize=True).get_json()
    summary = body["summary"]
    assert summary["kind"] == "ai_summary" and summary["status"] == "ready"
    assert summary["text"] == ("Shorter telomeres were linked to pancreatic cancer risk [PMID:27797938]. "
                               "Pesticides may alter thyroid function [PMID:28775130].")
    assert summary["cited_pmids"] == ["27797938", "28775130"]
    assert summary["model"] and "not medical advice" in summary["notice"]
    (request,) = llm_server.requests
    prompt = request["messages"][-1]["content"]
    assert "Question: telomere pancreatic cancer" in prompt and "PMID:27797938" in prompt
    assert "[PMID:number]" in request["messages"][0]["content"]
    stored = client.get(f"/api/research/{body['id']}/", headers=user.headers).get_json()
    assert stored["summary"] == summary


def test_a_failing_model_keeps_the_articles(search, llm_server):
    llm_server.fail(500)
    response = search("telomere pancreatic cancer", summarize=True)
    body = response.get_json()
    assert response.status_code == 201 and len(body["articles"]) == 6
    assert body["summary"]["status"] == "unavailable" and body["summary"]["text"] is None
    assert "Please try again later" in body["summary"]["unavailable_notice"]
    assert "No AI model is configured" not in body["summary"]["unavailable_notice"]


@pytest.mark.parametrize("llm_config", [{}])
def test_without_a_configured_model_the_summary_is_unavailable(search):
    body = search("telomere pancreatic cancer", summarize=True).get_json()
    assert body["summary"]["status"] == "unavailable" and len(body["articles"]) == 6
    notice = body["summary"]["unavailable_notice"]
    assert "No AI model is configured on this server" in notice and "try again" not in notice.lower()


def test_no_articles_means_no_summary(search, literature, llm_server):
    literature.esearch_file = "esearch8.xml"
    assert search("abcXYZ", summarize=True).get_json()["summary"]["status"] == "not_requested"
    assert llm_server.requests == []


def test_citation_cleaning():
    text, cited = keep_known_citations("A [pmid 1] b [PMID:2] , c [PMID:1].", {"1"})
    assert (text, cited) == ("A [PMID:1] b, c [PMID:1].", ["1"])


@pytest.mark.parametrize("text, clean", [
    ("Exercise helps [PMID:1], [PMID:999].", "Exercise helps [PMID:1]."),
    ("Exercise helps [PMID:999], [PMID:1].", "Exercise helps [PMID:1]."),
    ("Exercise helps ([PMID:999]) in adults.", "Exercise helps in adults."),
    ("Exercise helps ([PMID:999], [PMID:1]).", "Exercise helps ([PMID:1])."),
    ("Two trials [PMID:1]; [PMID:998]; [PMID:999].", "Two trials [PMID:1]."),
])
def test_removing_an_invented_citation_leaves_no_stray_punctuation(text, clean):
    assert keep_known_citations(text, {"1"})[0] == clean
