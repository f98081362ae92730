"""The LLM explanation (marked, cached 24 h, optional), the chat context hook and rate limits."""

import json

import pytest

from core.api import gather_ai_context

BREAKFAST = "2 large eggs, a slice of whole wheat toast with butter, a cup of orange juice"


@pytest.fixture
def llm_app(make_app, llm_server):
    return make_app({"HYGEIA_PLUGINS": ["diet"], "RATELIMIT_ENABLED": False, "LLM_BASE_URL": llm_server.url,
                     "TOGETHER_AI_API_KEY": "test-key", "LLM_MAX_RETRIES": 0})


def test_without_an_llm_everything_but_the_explanation_works(analyse):
    body = analyse(BREAKFAST).get_json()
    notice = body["explanation"].pop("unavailable_notice")
    assert body["explanation"] == {"status": "unavailable", "text": None, "source": None, "model": None,
                                   "generated_at": None}
    assert "No AI model is configured on this server" in notice and "try again" not in notice.lower()
    assert body["recommendations"] and all(r["source"] == "rules" for r in body["recommendations"])
    assert body["totals"]["energy_kcal"]["amount"] > 0


def test_explanation_is_written_by_the_llm_marked_and_cached(llm_app, llm_server, make_user):
    client, user = llm_app.test_client(), make_user()
    llm_server.always("Your breakfast is rich in protein; swap the juice for a whole orange.")
    first = client.post("/api/diet-analyses/", headers=user.headers, json={"text": BREAKFAST})
    body = first.get_json()
    assert first.status_code == 201
    assert body["explanation"]["status"] == "ready" and body["explanation"]["source"] == "llm"
    assert body["explanation"]["text"].startswith("Your breakfast is rich in protein")
    assert body["explanation"]["model"] and body["explanation"]["generated_at"]
    sent = llm_server.requests[0]["messages"]
    assert sent[0]["role"] == "system" and "USDA" in sent[0]["content"]
    summary = json.loads(sent[1]["content"])
    assert "Egg, whole, raw, fresh: 100 g" in summary["foods"] and summary["totals"]["sodium_mg"]["amount"] > 0
    assert user.email not in sent[1]["content"]
    again = client.post("/api/diet-analyses/", headers=user.headers, json={"text": BREAKFAST}).get_json()
    assert again["explanation"]["text"] == body["explanation"]["text"]
    assert len(llm_server.requests) == 1  # the second identical assessment came from the 24 h cache
    stored = client.get(f"/api/diet-analyses/{again['id']}/", headers=user.headers).get_json()
    assert stored["explanation"]["status"] == "ready"


def test_the_llm_names_items_the_rules_cannot_match_and_usda_gives_the_figures(llm_app, llm_server, make_user):
    client, user = llm_app.test_client(), make_user()

    def answer(body):
        if body.get("response_format") == {"type": "json_object"}:
            asked = json.loads(body["messages"][1]["content"])
            return json.dumps({"foods": {text: "coffee, brewed" for text in asked if "joe" in text}})
        return "Coffee and eggs: a protein-rich start."

    llm_server.respond_with(answer)
    body = client.post("/api/diet-analyses/", headers=user.headers,
                       json={"text": "2 large eggs, a cup of joe, 3 zorbleflumps"}).get_json()
    eggs, coffee, nonsense = body["items"]
    assert (coffee["status"], coffee["match_source"], coffee["llm_query"]) == ("matched", "llm", "coffee, brewed")
    assert coffee["food"]["id"] == "14209" and coffee["grams"] == 237.0  # USDA: 1 cup brewed coffee = 237 g
    assert coffee["confidence"] < 1 and eggs["match_source"] == "rules"
    assert nonsense["status"] == "unmatched" and [u["text"] for u in body["unmatched"]] == ["3 zorbleflumps"]
    assert body["totals"]["energy_kcal"]["amount"] == pytest.approx(143 + 1 * 2.37, abs=0.01)  # coffee: 1 kcal/100 g
    assert body["explanation"]["text"] == "Coffee and eggs: a protein-rich start."
    asked = [json.loads(r["messages"][1]["content"]) for r in llm_server.requests if r.get("response_format")]
    assert asked == [["a cup of joe", "3 zorbleflumps"]]


def test_without_an_llm_the_same_item_stays_unmatched(analyse):
    body = analyse("2 large eggs, a cup of joe").get_json()
    assert body["items"][1]["status"] == "unmatched" and body["items"][1]["match_source"] == "rules"


def test_a_failing_llm_leaves_the_rule_based_assessment(llm_app, llm_server, make_user):
    client, user = llm_app.test_client(), make_user()
    llm_server.fail(503, times=5)
    response = client.post("/api/diet-analyses/", headers=user.headers, json={"text": "1 medium banana"})
    body = response.get_json()
    assert response.status_code == 201
    assert body["explanation"]["status"] == "unavailable" and body["explanation"]["text"] is None
    assert "Please try again later" in body["explanation"]["unavailable_notice"]
    assert body["recommendations"] and body["totals"]["energy_kcal"]["amount"] == pytest.approx(89 * 1.18)


def test_the_unavailable_notice_speaks_the_profiles_language(client, user, set_profile, analyse):
    set_profile(user, preferred_language="es")
    created = analyse(BREAKFAST).get_json()
    assert "Este servidor no tiene configurado ningún modelo de IA" in created["explanation"]["unavailable_notice"]
    listed = client.get(f"/api/diet-analyses/{created['id']}/", headers=user.headers).get_json()
    assert listed["explanation"]["unavailable_notice"] == created["explanation"]["unavailable_notice"]


def test_no_explanation_when_not_asked(llm_app, llm_server, make_user):
    client, user = llm_app.test_client(), make_user()
    body = client.post("/api/diet-analyses/", headers=user.headers,
                       json={"text": "1 medium banana", "explain": False}).get_json()
    assert body["explanation"]["status"] == "not_requested" and llm_server.requests == []


def test_chat_gets_the_latest_assessment_when_the_question_is_about_food(app, analyse, user, make_user):
    analyse("an apple")
    analyse("3 slices bacon, 2 slices of whole wheat toast")
    with app.app_context():
        items = gather_ai_context("Is my sodium intake too high?", user.id, requester="chat")
        assert [(i.plugin, i.title) for i in items] == [("diet", "Your recent diet assessment")]
        assert "bacon" in items[0].text and "Sodium" in items[0].text and "apple" not in items[0].text.lower()
        assert items[0].sources[0]["type"] == "diet_analysis"
        assert gather_ai_context("My knee hurts when I run", user.id, requester="chat") == []
        assert [i.plugin for i in gather_ai_context("¿Cuánta sal comí?", user.id, requester="chat")] == ["diet"]
        assert [i.plugin for i in gather_ai_context("Mon régime est-il équilibré ?", user.id, "chat")] == ["diet"]
        assert gather_ai_context("what should I eat for dinner?", make_user().id, requester="chat") == []
        assert gather_ai_context("what should I eat?", None, requester="chat") == []


def test_rate_limits_per_user_and_anonymous(make_app, make_user):
    app = make_app({"HYGEIA_PLUGINS": ["diet"]})
    client, user = app.test_client(), make_user()
    statuses = [client.post("/api/diet-analyses/", headers=user.headers, json={"text": "an apple"}).status_code
                for _ in range(21)]
    assert statuses == [201] * 20 + [429]
    assert client.get("/api/diet-analyses/", headers=user.headers).status_code == 200  # reads have their own limit
    anonymous = [client.post("/api/diet-analyses/", json={"text": "an apple"}).status_code for _ in range(4)]
    assert anonymous == [401, 401, 401, 429]
