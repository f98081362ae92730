"""POST/GET/DELETE /api/research/: searching, ranking, storing, caching, fallbacks."""

import uuid

import pytest
from sqlalchemy import func, select

from core.api import db
from plugins.research.models import ResearchArticle, ResearchQuery


def stored_queries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ResearchQuery))


def test_a_search_returns_ranked_articles_with_abstracts_and_dois(search, literature, client, user):
    response = search("telomere pancreatic cancer", max_results=3)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["query"], body["source"], body["total_found"], body["from_cache"]) == (
        "telomere pancreatic cancer", "pubmed", 42249, False)
    articles = body["articles"]
    assert [a["rank"] for a in articles] == [1, 2, 3]
    top = articles[0]
    assert top["pmid"] == "27797938" and top["doi"] == "10.1136/gutjnl-2016-312510"
    assert top["url"] == "https://pubmed.ncbi.nlm.nih.gov/27797938/"
    assert [s["label"] for s in top["abstract_sections"]] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert top["abstract"].startswith("OBJECTIVE: Telomere shortening")
    assert "Pancreatic Neoplasms" in top["mesh_terms"] and top["journal"] == "Gut" and top["year"] == 2017
    assert [a["relevance"] for a in articles] == sorted((a["relevance"] for a in articles), reverse=True)
    assert articles[0]["relevance"] > articles[-1]["relevance"]
    assert body["summary"]["status"] == "not_requested" and body["summary"]["kind"] == "ai_summary"
    assert literature.count("esearch") == 1 and literature.count("efetch") == 1
    assert literature.last("esearch")["email"] == "maintainer@example.org"

    fetched = client.get(f"/api/research/{body['id']}/", headers=user.headers).get_json()
    assert fetched["articles"] == articles and fetched["id"] == body["id"]


def test_the_same_search_within_a_day_is_served_from_the_cache(search, literature):
    first = search("telomere pancreatic cancer").get_json()
    second = search("  Telomere   pancreatic CANCER ").get_json()
    assert (first["from_cache"], second["from_cache"]) == (False, True)
    assert [a["pmid"] for a in second["articles"]] == [a["pmid"] for a in first["articles"]]
    assert literature.count("esearch") == 1
    assert search("telomere pancreatic cancer", filters={"from_year": 2016}).get_json()["from_cache"] is False


def test_profile_conditions_raise_the_articles_about_them(client, make_user, literature):
    plain, with_profile = make_user(), make_user()
    client.patch("/api/profile/", json={"chronic_conditions": ["hypothyroidism"]}, headers=with_profile.headers)
    query = {"query": "exposure risk factors", "max_results": 5}
    neutral = client.post("/api/research/", json=query, headers=plain.headers).get_json()["articles"]
    personal = client.post("/api/research/", json=query, headers=with_profile.headers).get_json()["articles"]
    assert [a["pmid"] for a in neutral[:2]] == ["27797938", "28775130"]
    assert [a["pmid"] for a in personal[:2]] == ["28775130", "27797938"]
    assert personal[0]["matched_conditions"] == ["hypothyroidism"] and neutral[1]["matched_conditions"] == []
    assert personal[0]["relevance"] > neutral[1]["relevance"]
    assert "hypothyroidism" not in literature.last("esearch")["term"]


def test_recent_reviews_and_trials_first_when_asked(search):
    articles = search("telomere pancreatic cancer", max_results=10, sort="recent_evidence").get_json()["articles"]
    assert articles[0]["pmid"] == "12091962" and "Review" in articles[0]["publication_types"]
    relevance = search("telomere pancreatic cancer", max_results=10).get_json()["articles"]
    assert relevance[0]["pmid"] != "12091962"


def test_filters_reach_pubmed(search, literature):
    response = search("asthma inhaled steroids", filters={"from_year": 2015, "to_year": 2020,
                                                          "article_types": ["review", "clinical_trial"]})
    assert response.status_code == 201
    assert response.get_json()["filters"] == {"from_year": 2015, "to_year": 2020,
                                              "article_types": ["review", "clinical_trial"]}
    params = literature.last("esearch")
    assert params["term"] == '(asthma inhaled steroids) AND ("clinical trial"[pt] OR "review"[pt])'
    assert (params["mindate"], params["maxdate"]) == ("2015", "2020")


def test_no_match_is_stored_with_no_articles(search, literature):
    literature.esearch_file = "esearch8.xml"
    body = search("abcXYZ").get_json()
    assert (body["total_found"], body["articles"], body["source"]) == (0, [], "pubmed")


@pytest.mark.parametrize("payload, field", [
    ({}, "query"),
    ({"query": "  a "}, "query"),
    ({"query": "x" * 301}, "query"),
    ({"query": "asthma", "max_results": 21}, "max_results"),
    ({"query": "asthma", "max_results": 0}, "max_results"),
    ({"query": "asthma", "sort": "newest"}, "sort"),
    ({"query": "asthma", "filters": {"article_types": ["opinion"]}}, "filters"),
    ({"query": "asthma", "filters": {"from_year": 2020, "to_year": 2010}}, "filters"),
    ({"query": "asthma", "filters": {"from_year": 1500}}, "filters"),
    ({"query": "asthma", "colour": "red"}, "colour"),
])
def test_bad_requests_are_422_and_reach_no_source(client, user, literature, payload, field):
    response = client.post("/api/research/", json=payload, headers=user.headers)
    body = response.get_json()
    assert response.status_code == 422 and body["error"] == "validation_error"
    assert field in body["details"]["json"]
    assert literature.requests == []


def test_searching_needs_a_token(client, literature):
    response = client.post("/api/research/", json={"query": "asthma"})
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    assert literature.requests == []


def test_pubmed_failure_falls_back_to_europe_pmc(search, literature):
    literature.fail("esearch", 500)
    body = search("telomere pancreatic cancer").get_json()
    assert body["source"] == "europepmc"
    assert [a["pmid"] for a in body["articles"]] == ["27797938", "28775130"]
    assert body["articles"][0]["doi"] == "10.1136/gutjnl-2016-312510"
    assert literature.count("europepmc") == 1


def test_both_sources_failing_is_a_503_with_nothing_stored(app, search, literature):
    literature.fail("esearch", 503)
    literature.fail("europepmc", 500)
    response = search("telomere pancreatic cancer")
    body = response.get_json()
    assert response.status_code == 503 and body["error"] == "research_unavailable"
    assert "nothing was saved" in body["message"]
    assert stored_queries(app) == 0
    again = search("telomere pancreatic cancer")  # nothing half-way in the cache either
    assert again.status_code == 201 and again.get_json()["from_cache"] is False


def test_pubmed_breaker_opens_after_five_failures(search, literature):
    literature.fail("esearch", 500, times=5)
    for n in range(5):
        assert search(f"telomere query {n}").get_json()["source"] == "europepmc"
    assert literature.count("esearch") == 5
    assert search("telomere query 6").get_json()["source"] == "europepmc"
    assert literature.count("esearch") == 5  # the open breaker kept PubMed out of it


def test_list_is_paginated_and_private(client, make_user, search):
    owner, other = make_user(), make_user()
    ids = [search(f"telomere {n}", headers=owner.headers).get_json()["id"] for n in range(3)]
    page = client.get("/api/research/?page=1&page_size=2", headers=owner.headers).get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    assert [item["id"] for item in page["items"]] == ids[::-1][:2]
    assert page["items"][0]["article_count"] == 6 and "articles" not in page["items"][0]
    assert client.get("/api/research/", headers=other.headers).get_json()["total"] == 0
    foreign = client.get(f"/api/research/{ids[0]}/", headers=other.headers)
    assert foreign.status_code == 404 and foreign.get_json()["message"] == "Research query not found."
    assert client.delete(f"/api/research/{ids[0]}/", headers=other.headers).status_code == 404
    assert client.get(f"/api/research/{uuid.uuid4()}/", headers=owner.headers).status_code == 404


def test_delete_removes_the_query_and_its_articles(app, client, user, search):
    query_id = search("telomere").get_json()["id"]
    assert client.delete(f"/api/research/{query_id}/", headers=user.headers).status_code == 204
    assert client.get(f"/api/research/{query_id}/", headers=user.headers).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ResearchArticle)) == 0


def test_a_hanging_pubmed_leaves_time_for_europe_pmc(make_app, make_user, literature):
    import time

    from tests.plugins.research.conftest import research_config

    app = make_app(research_config(literature, RESEARCH_SEARCH_SECONDS=1.5))
    literature.delay("esearch", 3.0)
    user = make_user()
    started = time.monotonic()
    response = app.test_client().post("/api/research/", json={"query": "telomere"}, headers=user.headers)
    assert response.status_code == 201 and response.get_json()["source"] == "europepmc"
    assert time.monotonic() - started < 2.5
