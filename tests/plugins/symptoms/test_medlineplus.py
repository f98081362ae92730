"""Health topics from MedlinePlus Connect, against a local server answering recorded feeds."""

import json
from pathlib import Path

import pytest

from core.api import get_breaker
from plugins.symptoms.medlineplus import MedlinePlusError, health_topics, parse_feed, plain_summary
from tests.plugins.symptoms.helpers import model_answer

DATA = Path(__file__).with_name("data")
URL = "/api/consultations/"


def feed(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_parse_feed_reads_titles_links_and_a_plain_summary():
    topics = parse_feed(feed("R05.9_en.json"))
    assert [t["title"] for t in topics] == ["Cough", "Common Cold"]
    assert topics[0]["url"] == "https://medlineplus.gov/cough.html?utm_source=mplusconnect&utm_medium=service"
    assert topics[0]["summary"].startswith("Coughing is a reflex that keeps your throat and airways clear.")
    assert "<" not in topics[0]["summary"] and "cold, flu, or acute bronchitis" in topics[0]["summary"]
    assert topics[0]["summary"].endswith("Chronic coughs last longer than 2 to 3 weeks.")  # first paragraph only
    assert topics[0]["source"] == "MedlinePlus"


def test_parse_feed_of_a_code_without_topics_is_empty():
    assert parse_feed(feed("empty_en.json")) == []


@pytest.mark.parametrize("body", [[], {"error": "x"}, {"feed": "nope"}, None])
def test_parse_feed_refuses_what_is_not_a_feed(body):
    with pytest.raises(MedlinePlusError):
        parse_feed(body)


def test_plain_summary_unescapes_entities_and_shortens_at_a_word():
    assert plain_summary("<p>98.6&#176;F &amp; more</p><p>second</p>") == "98.6°F & more"
    long = plain_summary("<p>" + "word " * 200 + "</p>")
    assert len(long) <= 401 and long.endswith("word…")


def test_topics_are_looked_up_by_code_and_language_then_cached(app, medlineplus):
    with app.app_context():
        spanish = health_topics(["J06.9", "R05.9"], "es", limit=3)
        assert [t["title"] for t in spanish] == ["Resfriado común", "Tos"]
        assert spanish[0]["url"].startswith("https://medlineplus.gov/spanish/")
        assert health_topics(["J06.9", "R05.9"], "es", limit=3) == spanish
        french = health_topics(["J06.9"], "fr", limit=3)  # no French on MedlinePlus: English topics
        assert [t["title"] for t in french] == ["Common Cold"]
    assert [(r["mainSearchCriteria.v.c"], r["informationRecipient.languageCode.c"]) for r in medlineplus.requests] \
        == [("J06.9", "es"), ("R05.9", "es"), ("J06.9", "en")]
    assert all(r["mainSearchCriteria.v.cs"] == "2.16.840.1.113883.6.90"
               and r["knowledgeResponseType"] == "application/json" for r in medlineplus.requests)


def test_duplicate_topics_are_dropped_and_the_limit_kept(app, medlineplus):
    with app.app_context():
        topics = health_topics(["R05.9", "R50.9", "J02.9"], "en", limit=3)
    assert [t["title"] for t in topics] == ["Cough", "Common Cold", "Fever"]
    assert [t["code"] for t in topics] == ["R05.9", "R05.9", "R50.9"]
    assert len(medlineplus.requests) == 2  # the limit was reached before the third code


def test_a_failing_service_costs_the_topics_only_and_is_not_cached(app, client, user, llm_server, medlineplus):
    medlineplus.failures = [503] * 5
    llm_server.always(model_answer())
    body = client.post(URL, json={"symptoms": "sore throat"}, headers=user.headers).get_json()
    assert body["source"] == "llm" and body["health_topics"] == []
    medlineplus.failures = []
    again = client.post(URL, json={"symptoms": "sore throat!"}, headers=user.headers).get_json()
    assert [t["title"] for t in again["health_topics"]] == ["Common Cold", "Sore Throat"]


def test_the_breaker_opens_after_five_failures(app, medlineplus):
    medlineplus.failures = [500] * 10
    with app.app_context():
        for _ in range(5):
            assert health_topics(["R05.9"], "en", limit=3) == []
        assert get_breaker("medlineplus").current_state == "open"
        assert health_topics(["R05.9"], "en", limit=3) == []
    assert len(medlineplus.requests) == 5


def test_a_slow_service_times_out(symptoms_app, medlineplus):
    app = symptoms_app(SYMPTOMS_MEDLINEPLUS_TIMEOUT_SECONDS=0.2)
    medlineplus.delay = 0.6
    with app.app_context():
        assert health_topics(["R05.9"], "en", limit=3) == []


def test_non_json_answers_are_failures(app, medlineplus):
    with app.app_context():
        medlineplus.failures = [200]  # a 200 with an HTML body
        assert health_topics(["R05.9"], "en", limit=3) == []
        assert [t["title"] for t in health_topics(["R05.9"], "en", limit=3)] == ["Cough", "Common Cold"]


def test_enrichment_can_be_turned_off(symptoms_app, make_user, llm_server, medlineplus):
    app = symptoms_app(SYMPTOMS_ENRICH=False)
    user = make_user()
    llm_server.reply(model_answer())
    body = app.test_client().post(URL, json={"symptoms": "sore throat"}, headers=user.headers).get_json()
    assert body["health_topics"] == [] and medlineplus.requests == []
