"""The triage engine first (its emergencies answered at once, its level a floor for the model), the model's
JSON validated and retried once, and the honest fallbacks: the engine's own answer."""

from core.api import get_breaker
from tests.plugins.symptoms.helpers import model_answer, user_prompt

URL = "/api/consultations/"


def post(client, user, **body):
    return client.post(URL, json=body, headers=user.headers)


RED_FLAGS = [  # (language, symptoms, category, how the advice starts)
    ("en", "Crushing chest pain and I'm sweating", "cardiac", "This may be a medical emergency."),
    ("es", "Mi hijo de 2 años tiene dificultad para respirar", "child_breathing",
     "Esto puede ser una emergencia médica."),
    ("fr", "Son visage est affaissé et il parle mal", "stroke", "Il peut s'agir d'une urgence médicale."),
    ("en", "I want to kill myself", "suicidal_intent", "This may be a medical emergency."),
    ("fr", "fièvre et nuque raide depuis ce matin", "meningitis", "Il peut s'agir d'une urgence médicale."),
]


def test_red_flags_answer_an_emergency_at_once_without_the_model(app, client, user, llm_server):
    for language, symptoms, category, advice_start in RED_FLAGS:
        response = post(client, user, symptoms=symptoms, language=language)
        assert response.status_code == 201
        body = response.get_json()
        assert (body["triage_level"], body["source"], body["status"]) == ("emergency", "red_flag", "complete")
        assert body["red_flag"]["category"] == category
        assert body["red_flag"]["advice"].startswith(advice_start)
        assert body["analysis"]["next_steps"] == [body["red_flag"]["advice"]]
        assert body["language"] == language
        assert body["triage"]["engine_level"] == "emergency" and body["triage"]["model_level"] is None
        assert body["triage"]["rule"]["id"] == body["red_flag"]["rule"] and body["triage"]["rule"]["source"]
        assert any(f["origin"] == "text" and not f["negated"] for f in body["triage"]["findings"])
    assert llm_server.requests == []


def test_red_flags_work_with_no_model_configured(symptoms_app, make_user):
    app = symptoms_app(TOGETHER_AI_API_KEY=None, LLM_BASE_URL="https://api.together.xyz/v1")
    user = make_user()
    body = app.test_client().post(URL, json={"symptoms": "throat swelling after peanuts"},
                                  headers=user.headers).get_json()
    assert (body["triage_level"], body["red_flag"]["category"]) == ("emergency", "anaphylaxis")


def test_a_model_calling_it_an_emergency_is_kept(app, client, user, llm_server):
    llm_server.reply(model_answer(triage_level="Emergency"))
    body = post(client, user, symptoms="odd tingling all over").get_json()
    assert (body["triage_level"], body["source"], body["red_flag"]) == ("emergency", "llm", None)


def test_the_persons_own_severe_rating_is_never_self_care(app, client, user, llm_server):
    llm_server.reply(model_answer(triage_level="self care"))
    body = post(client, user, symptoms="sore throat", severity="severe").get_json()
    assert body["triage_level"] == body["triage"]["engine_level"] == "urgent"
    assert body["triage"]["model_level"] == "self_care"
    assert {f["concept"] for f in body["triage"]["findings"]} >= {"sore_throat", "severe_intensity"}


def test_the_model_can_raise_the_engines_level_never_lower_it(app, client, user, llm_server):
    llm_server.reply(model_answer(triage_level="self_care"))
    lowered = post(client, user, symptoms="my calf is swollen, red and painful").get_json()
    assert (lowered["triage_level"], lowered["triage"]["engine_level"], lowered["triage"]["model_level"]) == (
        "urgent", "urgent", "self_care")
    llm_server.reply(model_answer(triage_level="urgent"))
    raised = post(client, user, symptoms="blocked nose and sneezing").get_json()
    assert (raised["triage_level"], raised["triage"]["engine_level"], raised["triage"]["model_level"]) == (
        "urgent", "self_care", "urgent")
    prompt = user_prompt(llm_server.requests[0])
    assert "Offline triage rules rated this at least: urgent" in prompt


def test_invalid_output_is_retried_once_with_the_problem(app, client, user, llm_server):
    llm_server.reply("Sure! Here is my assessment: you have a cold.").reply(model_answer(triage_level="see_doctor"))
    body = post(client, user, symptoms="sore throat for a week").get_json()
    assert (body["source"], body["triage_level"]) == ("llm", "see_doctor")
    assert len(llm_server.requests) == 2
    retry = llm_server.requests[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": "Sure! Here is my assessment: you have a cold."}
    assert "not valid JSON" in retry[-1]["content"]


def test_a_schema_violation_is_retried_with_the_invalid_fields(app, client, user, llm_server):
    llm_server.reply(model_answer(triage_level="maybe", next_steps=[])).reply(model_answer())
    body = post(client, user, symptoms="blocked nose").get_json()
    assert body["source"] == "llm"
    complaint = llm_server.requests[1]["messages"][-1]["content"]
    assert "triage_level" in complaint and "next_steps" in complaint


def test_fenced_json_is_accepted(app, client, user, llm_server):
    llm_server.reply("```json\n" + model_answer() + "\n```")
    assert post(client, user, symptoms="blocked nose").get_json()["source"] == "llm"
    assert len(llm_server.requests) == 1


def test_a_server_without_json_mode_is_asked_again_without_it(app, client, user, llm_server):
    llm_server.fail(400, body={"error": {"message": "response_format is not supported"}}).reply(model_answer())
    body = post(client, user, symptoms="blocked nose").get_json()
    assert body["source"] == "llm"
    assert "response_format" in llm_server.requests[0] and "response_format" not in llm_server.requests[1]


def test_invalid_output_twice_falls_back(app, client, user, llm_server):
    llm_server.reply('{"triage_level": "self_care"}').reply("[1, 2, 3]")
    body = post(client, user, symptoms="a mild cough", severity="mild").get_json()
    assert (body["source"], body["fallback_reason"], body["triage_level"]) == ("fallback", "invalid_output",
                                                                               "self_care")
    assert len(llm_server.requests) == 2


def test_fallback_when_unconfigured_is_safe_and_useful(symptoms_app, make_user, llm_server, medlineplus):
    """A user with no API key: general guidance, cautious triage, MedlinePlus topics, stored for a re-run."""
    app = symptoms_app(TOGETHER_AI_API_KEY=None, LLM_BASE_URL="https://api.together.xyz/v1")
    user = make_user()
    response = app.test_client().post(URL, json={"symptoms": "cough and fever", "duration": "3 days"},
                                      headers=user.headers)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["source"], body["fallback_reason"], body["status"]) == ("fallback", "not_configured", "complete")
    assert body["triage_level"] == "self_care" and body["triage"]["rule"]["id"] == "self_limiting"
    assert {"cough", "fever"} <= {f["concept"] for f in body["triage"]["findings"]}
    assert "offline triage rules" in body["analysis"]["summary"]
    assert "No AI model is configured on this server" in body["analysis"]["summary"]
    assert "try again" not in body["analysis"]["summary"].lower()  # retrying never helps here
    assert len(body["analysis"]["next_steps"]) >= 2 and body["analysis"]["watch_for"]
    assert body["analysis"]["possible_conditions"] == []
    assert [t["title"] for t in body["health_topics"]] == ["Cough", "Common Cold", "Fever"]
    assert {r["mainSearchCriteria.v.c"] for r in medlineplus.requests} == {"R05.9", "R50.9"}
    assert llm_server.requests == []


def test_fallback_when_the_model_is_unreachable(app, client, user, llm_server):
    llm_server.fail(500, times=3)
    body = post(client, user, symptoms="a rash on my arm", severity="moderate").get_json()
    assert (body["source"], body["fallback_reason"]) == ("fallback", "server_error")
    assert "Please try again later" in body["analysis"]["summary"]
    assert "No AI model is configured" not in body["analysis"]["summary"]
    assert body["triage_level"] == "see_doctor"
    assert len(llm_server.requests) == 3
    listed = client.get(URL, headers=user.headers).get_json()["items"]
    assert [item["source"] for item in listed] == ["fallback"]


def test_fallback_when_the_breaker_is_open(app, client, user, llm_server):
    with app.app_context():
        breaker = get_breaker("together_ai")
        breaker.open()
    body = post(client, user, symptoms="tired all the time", severity="severe").get_json()
    assert (body["source"], body["fallback_reason"], body["triage_level"]) == ("fallback", "breaker_open",
                                                                               "see_doctor")
    assert "Please try again later" in body["analysis"]["summary"]
    assert body["triage"]["rule"]["id"] == "recognised_needs_review"
    assert llm_server.requests == []


def test_fallback_when_the_model_times_out(symptoms_app, make_user, llm_server):
    app = symptoms_app(LLM_TIMEOUT_SECONDS=0.3)
    user = make_user()
    llm_server.reply(model_answer(), delay=1.0)
    body = app.test_client().post(URL, json={"symptoms": "earache"}, headers=user.headers).get_json()
    assert (body["source"], body["fallback_reason"]) == ("fallback", "timeout")


def test_fallback_triage_is_cautious_for_people_at_risk(app, client, user, llm_server):
    client.patch("/api/profile/", json={"age": 80}, headers=user.headers)
    llm_server.fail(503, times=3)
    body = post(client, user, symptoms="a mild cough", severity="mild").get_json()
    assert (body["source"], body["triage_level"]) == ("fallback", "see_doctor")
    assert {"cough", "age_75_plus"} <= {f["concept"] for f in body["triage"]["findings"]}


def test_unrecognised_text_is_never_self_care(app, client, user, llm_server):
    llm_server.fail(503, times=3)
    body = post(client, user, symptoms="zorblax quintic fnord").get_json()
    assert (body["source"], body["triage_level"]) == ("fallback", "see_doctor")
    assert (body["triage"]["confidence"], body["triage"]["rule"]["id"]) == ("insufficient", "not_enough_to_go_on")
    assert body["triage"]["findings"] == [] and body["analysis"]["watch_for"]


def test_a_fallback_can_be_re_run_once_the_model_is_back(app, client, user, llm_server):
    llm_server.fail(500, times=3)
    first = post(client, user, symptoms="sore throat and runny nose").get_json()
    assert first["source"] == "fallback"
    llm_server.reply(model_answer())
    rerun = client.post(f"{URL}{first['id']}/rerun/", headers=user.headers)
    assert rerun.status_code == 200
    body = rerun.get_json()
    assert body["id"] == first["id"]
    assert (body["source"], body["fallback_reason"], body["triage_level"]) == ("llm", None, "self_care")
    assert body["analysis"]["possible_conditions"][0]["name"] == "Common cold"
    assert client.get(URL, headers=user.headers).get_json()["total"] == 1


def test_profile_personalises_the_prompt_and_flags_an_allergy(app, client, user, llm_server):
    client.patch("/api/profile/", json={"age": 34, "gender": "female", "allergies": ["Penicillin"],
                                        "chronic_conditions": ["asthma"], "current_medications": ["salbutamol"]},
                 headers=user.headers)
    llm_server.reply(model_answer(
        next_steps=["See a doctor for a throat swab.", "If it is strep, a course of amoxicillin is usual."],
        medications=[{"name": "Amoxicillin", "note": "Antibiotic for strep throat."},
                     {"name": "Paracetamol", "note": "For pain."}]))
    body = post(client, user, symptoms="very sore throat with white spots").get_json()
    prompt = user_prompt(llm_server.requests[0])
    for fact in ("Age: 34", "Sex/gender: female", "Allergies: Penicillin", "Chronic conditions: asthma",
                 "Current medications: salbutamol"):
        assert fact in prompt
    assert [(w["medication"], w["allergy"]) for w in body["allergy_warnings"]] == [("amoxicillin", "Penicillin")]
    assert body["allergy_warnings"][0]["message"].startswith("You listed an allergy to Penicillin, and amoxicillin")
    assert "Do not take this" in body["allergy_warnings"][0]["message"]
    assert body["medicine_warnings"][0]["kind"] == "allergy" and body["medicine_warnings"][0]["source"]
    medications = {m["name"]: m.get("allergy_warning") for m in body["analysis"]["medications"]}
    assert medications["Amoxicillin"] == body["allergy_warnings"][0]["message"]
    assert medications["Paracetamol"] is None


def test_sources_from_other_plugins_are_used_and_returned(symptoms_app, make_user, llm_server):
    from tests.plugins.symptoms import context_plugin

    app = symptoms_app(HYGEIA_PLUGINS=["symptoms", "sympctx"], plugins=(context_plugin,))
    user = make_user()
    llm_server.reply(model_answer())
    body = app.test_client().post(URL, json={"symptoms": "a dry cough at night"}, headers=user.headers).get_json()
    assert body["sources"] == [{"type": "pubmed", "pmid": "31234567", "title": "Honey for acute cough in children",
                                "url": "https://pubmed.ncbi.nlm.nih.gov/31234567/", "plugin": "sympctx"}]
    prompt = user_prompt(llm_server.requests[0])
    assert "[1] Research citations (PubMed)" in prompt and "PMID:31234567" in prompt


def test_a_cached_answer_gathers_no_context_and_keeps_the_sources_it_was_written_from(symptoms_app, make_user,
                                                                                      llm_server):
    from tests.plugins.symptoms import context_plugin

    app = symptoms_app(HYGEIA_PLUGINS=["symptoms", "sympctx"], plugins=(context_plugin,))
    first, second = make_user(), make_user()
    llm_server.reply(model_answer())
    context_plugin.CALLS.clear()
    written = app.test_client().post(URL, json={"symptoms": "a dry cough at night"}, headers=first.headers)
    cached = app.test_client().post(URL, json={"symptoms": "a dry cough at night"}, headers=second.headers)
    assert cached.get_json()["cache_hit"] is True and len(llm_server.requests) == 1
    assert context_plugin.CALLS == ["a dry cough at night"]  # gathered for the model, not for the hit
    assert cached.get_json()["sources"] == written.get_json()["sources"] != []
