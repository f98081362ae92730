"""The LLM's explanation around the findings: kept only when it explains every finding and softens none."""

import json

import pytest


@pytest.fixture
def app(make_app, llm_server):
    return make_app({"HYGEIA_PLUGINS": ["medications"], "RATELIMIT_ENABLED": False,
                     "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key"})


WARFARIN_AND_ADVIL = {"medicines": ["warfarin 5 mg daily", "Advil 200 mg twice a day"], "language": "en"}


def answer(points, summary="Ibuprofen and warfarin together make bleeding more likely."):
    return json.dumps({"summary": summary, "points": points, "ask_pharmacist": ["Which painkiller can I use?"]})


def test_the_explanation_is_stored_beside_unchanged_findings(post_review, user, llm_server):
    llm_server.reply(answer([{"finding": 0, "text": "Ask before taking ibuprofen with warfarin."}]))
    body = post_review(WARFARIN_AND_ADVIL, user).get_json()
    assert body["explanation_status"] == "ready" and body["source"] == "llm"
    assert body["explanation"]["points"] == [{"finding": 0, "text": "Ask before taking ibuprofen with warfarin."}]
    assert [f["kind"] for f in body["findings"]] == ["interaction"]
    sent = json.loads(llm_server.requests[-1]["messages"][1]["content"])
    assert sent["findings"][0]["message"] == body["findings"][0]["message"]
    assert "email" not in json.dumps(sent) and user.email not in json.dumps(sent)


@pytest.mark.parametrize("reply", [
    answer([]),  # a finding left out
    answer([{"finding": 0, "text": "x"}, {"finding": 1, "text": "an invented one"}]),
    answer([{"finding": 0, "text": "It is perfectly safe to take these together."}]),
    "not json at all",
])
def test_an_explanation_that_drops_invents_or_softens_a_finding_is_refused(post_review, user, llm_server, reply):
    llm_server.always(reply)
    body = post_review(WARFARIN_AND_ADVIL, user).get_json()
    assert body["explanation_status"] == "unavailable" and body["explanation"] is None
    assert body["explanation_reason"] == "malformed_response" and body["source"] == "tables"
    assert [f["kind"] for f in body["findings"]] == ["interaction"]


def test_without_an_llm_the_findings_are_the_answer(make_app):
    app = make_app({"HYGEIA_PLUGINS": ["medications"], "RATELIMIT_ENABLED": False})
    body = app.test_client().post("/api/medication-reviews/", json=WARFARIN_AND_ADVIL).get_json()
    assert body["explanation_status"] == "unavailable" and body["explanation_reason"] == "not_configured"
    assert "no ai model is configured" in body["explanation_notice"].lower()
    assert body["findings"][0]["advice"].startswith("Talk to a doctor or pharmacist")
