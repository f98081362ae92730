"""Replies over REST: what the model is sent, what is stored, red flags and the honest fallback."""

import json

import pytest

from core.api import LLMUnavailable, get_llm
from tests.plugins.chat import context_plugin


def post(api, user, session, content):
    response = api.post(f"/api/chat-sessions/{session['id']}/messages/", json={"content": content},
                        headers=user.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_reply_is_streamed_from_the_model_and_stored(api, user, new_session, llm_server):
    session = new_session(user)
    llm_server.stream(["Rest ", "and ", "fluids ", "help."])
    sent = post(api, user, session, "  What helps with a cold?  ")
    assert sent["message"]["role"] == "user" and sent["message"]["content"] == "What helps with a cold?"
    reply = sent["reply"]
    assert (reply["role"], reply["status"], reply["content"]) == ("assistant", "complete", "Rest and fluids help.")
    assert reply["reply_to_id"] == sent["message"]["id"] and reply["model"] and reply["completed_at"]
    assert llm_server.requests[-1]["stream"] is True
    stored = api.get(f"/api/chat-sessions/{session['id']}/messages/{reply['id']}/", headers=user.headers)
    assert stored.get_json()["content"] == "Rest and fluids help."
    assert api.get(f"/api/chat-sessions/{session['id']}/", headers=user.headers).get_json()["title"] == \
        "What helps with a cold?"


def test_first_message_titles_the_session_once(api, user, new_session, llm_server):
    session = new_session(user)
    llm_server.stream(["ok"]).stream(["ok"])
    post(api, user, session, "I have been waking up at night with a dry cough for about three weeks now, why?")
    post(api, user, session, "Another question entirely")
    title = api.get(f"/api/chat-sessions/{session['id']}/", headers=user.headers).get_json()["title"]
    assert title.startswith("I have been waking up at night") and title.endswith("…") and len(title) <= 61


def test_prompt_has_identity_profile_history_and_no_other_users(api, chat_app, user, make_user, new_session,
                                                                llm_server):
    from core.api import assistant_identity

    api.patch("/api/profile/", json={"age": 54, "allergies": ["penicillin"], "current_medications": ["metformin"]},
              headers=user.headers)
    other = make_user()
    other_session = new_session(other)
    llm_server.stream(["noted"])
    post(api, other, other_session, "secret of another user")
    session = new_session(user)
    llm_server.stream(["First answer."]).stream(["Second answer."])
    post(api, user, session, "First question")
    post(api, user, session, "Second question")
    messages = llm_server.requests[-1]["messages"]
    system = messages[0]
    assert system["role"] == "system"
    with chat_app.app_context():
        assert system["content"].startswith(assistant_identity())
    assert "penicillin" in system["content"] and "metformin" in system["content"] and "54" in system["content"]
    assert [(m["role"], m["content"]) for m in messages[1:]] == [
        ("user", "First question"), ("assistant", "First answer."), ("user", "Second question")]
    assert "secret of another user" not in str(llm_server.requests[-1])


def test_history_is_trimmed_to_the_token_budget(make_app, make_user, llm_server):
    app = make_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "k", "CHAT_HISTORY_TOKENS": 200})
    api, user = app.test_client(), make_user()
    session = api.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    for n in range(6):
        llm_server.stream([f"Answer number {n} " + "words " * 20])
        post(api, user, session, f"Question number {n} " + "padding " * 20)
    sent = [m["content"].split(" padding")[0].split(" words")[0] for m in llm_server.requests[-1]["messages"][1:]]
    # ~56 + 43 + 56 + 43 estimated tokens fit in 200; the oldest kept turn is a user turn
    assert sent == ["Question number 4", "Answer number 4", "Question number 5"]


def test_other_plugins_context_reaches_the_prompt_and_the_sources(make_app, make_user, llm_server):
    app = make_app({"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "k",
                    "HYGEIA_PLUGINS": ["chat", "chatctx"]}, plugins=(context_plugin,))
    api, user = app.test_client(), make_user()
    session = api.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    llm_server.stream(["Take it with orange juice."])
    reply = post(api, user, session, "How do I absorb iron better?")["reply"]
    system = llm_server.requests[-1]["messages"][0]["content"]
    assert "Iron absorption improves with vitamin C" in system and "Research on iron (from chatctx)" in system
    assert reply["sources"] == [{"type": "citation", "title": "Iron and vitamin C", "year": 2021,
                                 "plugin": "chatctx", "context": "Research on iron"}]
    llm_server.stream(["Sure."])
    unrelated = post(api, user, session, "Thanks!")["reply"]
    assert unrelated["sources"] is None and "Research on iron" not in llm_server.requests[-1]["messages"][0]["content"]


def test_red_flag_message_gets_urgent_advice_without_the_model(api, user, new_session, llm_server):
    session = new_session(user)
    sent = post(api, user, session, "I have crushing chest pain spreading to my left arm")
    assert sent["message"]["red_flag"]
    assert sent["reply"]["status"] == "red_flag" and sent["reply"]["content"]
    assert llm_server.requests == []
    history = api.get(f"/api/chat-sessions/{session['id']}/messages/", headers=user.headers).get_json()
    assert [m["status"] for m in history["items"]] == ["complete", "red_flag"]


def test_every_user_message_carries_the_engines_triage_and_the_prompt_states_it(api, user, new_session,
                                                                              llm_server):
    session = new_session(user)
    llm_server.stream(["Please get it checked today."])
    sent = post(api, user, session, "my left calf is swollen, red and painful")
    triage = sent["message"]["triage"]
    assert (triage["level"], triage["rule"]["id"]) == ("urgent", "calf_swelling") and triage["rule"]["source"]
    assert "calf_swelling" in {f["concept"] for f in triage["findings"]}
    assert sent["reply"]["triage"] is None
    assert "rated the user's last message: urgent" in llm_server.requests[-1]["messages"][0]["content"]


def test_an_emergency_reply_carries_the_crisis_lines_of_the_users_country(api, user, new_session, llm_server):
    api.patch("/api/profile/", json={"country": "GB"}, headers=user.headers)
    sent = post(api, user, new_session(user), "I've written goodbye letters and I've been saving up my pills")
    assert sent["message"]["triage"]["rule"]["id"] == "suicidal_intent"
    assert sent["reply"]["status"] == "red_flag" and "Samaritans: 116 123" in sent["reply"]["content"]
    assert llm_server.requests == []


def test_the_fallback_carries_the_engines_advice_in_the_messages_language(api, user, new_session, llm_server):
    llm_server.fail(500)
    reply = post(api, user, new_session(user), "my left calf is swollen, red and painful")["reply"]
    assert reply["status"] == "fallback"
    assert "offline triage rules say: Get medical help today." in reply["content"]
    assert "within the next few hours" in reply["content"]


NOT_CONFIGURED = "No AI model is configured on this server"
TRY_LATER = "Please try again later"


@pytest.mark.parametrize("failure", ["server_error", "timeout", "unreachable", "breaker_open", "unconfigured"])
def test_model_down_gives_an_honest_stored_fallback(make_app, make_user, llm_server, failure):
    config = {"LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "k", "LLM_MAX_RETRIES": 0,
              "LLM_TIMEOUT_SECONDS": 0.3}
    if failure == "unconfigured":
        config = {"LLM_BASE_URL": "https://api.together.xyz/v1", "TOGETHER_AI_API_KEY": None}
    elif failure == "unreachable":
        config["LLM_BASE_URL"] = "http://127.0.0.1:9/v1"
    elif failure in ("server_error", "breaker_open"):
        llm_server.fail(503, times=3)
    else:
        llm_server.stream(["late"], delay=1.0)
    app = make_app(config)
    if failure == "breaker_open":  # three failed calls open the LLM breaker; the reply then never reaches it
        with app.app_context():
            for _ in range(3):
                with pytest.raises(LLMUnavailable):
                    get_llm().chat([{"role": "user", "content": "hi"}])
    api, user = app.test_client(), make_user()
    session = api.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    asked = len(llm_server.requests)
    reply = post(api, user, session, "Is ibuprofen safe with food?")["reply"]
    assert reply["status"] == "fallback" and reply["content"].startswith("I have no AI answer to this message.")
    if failure == "unconfigured":  # retrying would never help: say so, and who can change it
        assert NOT_CONFIGURED in reply["content"] and "administrator" in reply["content"]
        assert "try again" not in reply["content"].lower() and "minutes" not in reply["content"]
    else:
        assert TRY_LATER in reply["content"] and NOT_CONFIGURED not in reply["content"]
    if failure == "breaker_open":
        assert len(llm_server.requests) == asked
    stored = api.get(f"/api/chat-sessions/{session['id']}/messages/", headers=user.headers).get_json()["items"]
    assert [(m["role"], m["status"]) for m in stored] == [("user", "complete"), ("assistant", "fallback")]
    assert stored[0]["content"] == "Is ibuprofen safe with food?"
    assert stored[1]["content"] == reply["content"]


def test_fallback_speaks_the_users_language(api, user, new_session, llm_server):
    api.patch("/api/profile/", json={"preferred_language": "es"}, headers=user.headers)
    llm_server.fail(500)
    reply = post(api, user, new_session(user), "¿Puedo tomar paracetamol?")["reply"]
    assert reply["status"] == "fallback" and "No tengo una respuesta de IA" in reply["content"]
    assert "Inténtalo de nuevo más tarde" in reply["content"]


def test_without_a_model_the_french_reply_says_none_is_configured(make_app, make_user):
    app = make_app({"LLM_BASE_URL": "https://api.together.xyz/v1", "TOGETHER_AI_API_KEY": None})
    api, user = app.test_client(), make_user()
    api.patch("/api/profile/", json={"preferred_language": "fr"}, headers=user.headers)
    session = api.post("/api/chat-sessions/", json={}, headers=user.headers).get_json()
    reply = post(api, user, session, "Puis-je prendre du paracétamol ?")["reply"]
    assert reply["status"] == "fallback"
    assert "Aucun modèle d'IA n'est configuré sur ce serveur" in reply["content"]
    assert "réessayer n'y changera rien" in reply["content"] and "plus tard" not in reply["content"]


def test_fallback_replies_are_left_out_of_later_prompts(api, user, new_session, llm_server):
    session = new_session(user)
    llm_server.fail(503)
    post(api, user, session, "First try")
    llm_server.stream(["Now it works."])
    post(api, user, session, "Second try")
    sent = [(m["role"], m["content"]) for m in llm_server.requests[-1]["messages"][1:]]
    assert sent == [("user", "First try"), ("user", "Second try")]


def test_a_messages_triage_questions_can_be_answered_in_the_session(api, user, new_session, llm_server):
    session = new_session(user)
    llm_server.stream(["Rest and gentle movement usually help."])
    sent = post(api, user, session, "my back hurts")
    questions = [q["id"] for q in sent["message"]["triage"]["questions"]]
    assert "saddle_numbness" in questions
    url = f"/api/chat-sessions/{session['id']}/messages/{sent['message']['id']}/answers/"
    bad = api.post(url, json={"answers": [{"question_id": "nope", "answer": "yes"}]}, headers=user.headers)
    assert bad.status_code == 422 and bad.get_json()["error"] == "unknown_question"
    answered = api.post(url, json={"answers": [{"question_id": "saddle_numbness", "answer": "yes"}]},
                        headers=user.headers)
    assert answered.status_code == 200, answered.get_json()
    body = answered.get_json()
    assert (body["message"]["triage"]["level"], body["message"]["triage"]["rule"]["id"]) == ("emergency",
                                                                                             "cauda_equina")
    assert body["message"]["triage"]["interview"]["steps"][0]["level_before"] == "self_care"
    assert body["reply"]["status"] == "red_flag" and body["reply"]["reply_to_id"] == sent["message"]["id"]
    again = api.post(url, json={"answers": [{"question_id": "leg_weakness", "answer": "no"}]}, headers=user.headers)
    assert again.status_code == 409
    history = api.get(f"/api/chat-sessions/{session['id']}/messages/", headers=user.headers).get_json()["items"]
    assert [m["status"] for m in history] == ["complete", "complete", "red_flag"]


def test_a_mentioned_medicine_that_clashes_with_the_profile_is_warned_even_without_the_model(api, user,
                                                                                           new_session,
                                                                                           llm_server):
    api.patch("/api/profile/", headers=user.headers, json={"current_medications": ["warfarin 5 mg daily"],
                                                            "allergies": ["penicillin"]})
    session = new_session(user)
    llm_server.fail(503)
    sent = post(api, user, session, "Can I take ibuprofen for my back? My dentist also mentioned amoxicillin.")
    warnings = {(w["kind"], tuple(sorted(w["medicines"]))) for w in sent["message"]["medicine_warnings"]}
    assert ("interaction", ("ibuprofen", "warfarin")) in warnings and ("allergy", ("amoxicillin",)) in warnings
    assert sent["reply"]["status"] == "fallback"
    assert "Hygeia's medicine tables say" in sent["reply"]["content"]
    assert all(w["message"] in sent["reply"]["content"] for w in sent["message"]["medicine_warnings"])


def test_the_model_is_given_the_medicine_tables_findings_for_a_mentioned_medicine(api, user, new_session,
                                                                                 llm_server):
    api.patch("/api/profile/", headers=user.headers, json={"current_medications": ["Coumadin 5 mg"]})
    session = new_session(user)
    llm_server.stream(["Please ask your pharmacist first."])
    post(api, user, session, "is it ok to take some Advil for my headache?")
    prompt = json.dumps(llm_server.requests[-1]["messages"])
    assert "Medicine check from sourced tables" in prompt and "bleeding" in prompt.lower()
