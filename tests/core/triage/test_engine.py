"""The triage engine on cases written here: emergencies in three languages, context (negation,
hypotheticals, history, someone else), facts read from the text, the profile, and the safe default."""

import pytest

from core.api import check_red_flags, detect_text_language, triage
from core.triage.advice import CALL_NOW, TITLES, WHILE_WAITING, crisis_resources
from core.triage.phrases import PhraseError, compile_phrase
from core.triage.text import plain

EMERGENCIES = [  # (language, text, emergency category)
    ("en", "I have crushing chest pain and I'm sweating a lot", "cardiac"),
    ("en", "Tightness in my chest, short of breath since an hour", "cardiac"),
    ("en", "chest pain going down my left arm", "cardiac"),
    ("en", "My dad's face is drooping on one side", "stroke"),
    ("en", "her speech is slurred and she seems confused", "stroke"),
    ("en", "worst headache of my life, came on suddenly", "sudden_severe_headache"),
    ("en", "I cut my hand and it's bleeding heavily", "severe_bleeding"),
    ("en", "I've been vomiting blood this morning", "severe_bleeding"),
    ("en", "My throat is swelling after I ate shrimp", "anaphylaxis"),
    ("en", "stung by a bee and now I can't breathe properly", "severe_breathing"),
    ("en", "I want to kill myself", "suicidal_intent"),
    ("en", "high fever and a stiff neck, light hurts my eyes", "meningitis"),
    ("en", "a rash that doesn't fade under a glass", "meningitis"),
    ("en", "My 6 month old baby is struggling to breathe", "severe_breathing"),
    ("en", "he collapsed and is unresponsive", "unconscious_or_seizure"),
    ("en", "I took too many sleeping pills", "poisoning_or_overdose"),
    ("en", "my toddler swallowed a button battery", "poisoning_or_overdose"),
    ("en", "hit my head on the stairs and now I keep vomiting", "head_injury"),
    ("en", "I'm 30 weeks pregnant with heavy bleeding", "pregnancy_emergency"),
]


@pytest.mark.parametrize("language,text,category", EMERGENCIES)
def test_emergencies_give_their_category_and_advice_in_the_language(language, text, category):
    result = triage(text, language=language)
    assert result.level == "emergency", (text, result.rule, [f.concept for f in result.findings])
    assert result.advice[0].startswith(CALL_NOW[language])
    assert result.title == TITLES[language][result.category]
    assert WHILE_WAITING[language][category] in result.advice[0] or result.category == category


@pytest.mark.parametrize("text", [
    "mild headache and a runny nose for two days", "sore throat and cough, no fever",
    "I can't breathe through my nose because of a cold", "my knee hurts when I run",
    "I had chest pain last year, now I just want advice about diet",
    "No chest pain, no shortness of breath, just a cough", "I do not have chest pain or sweating",
    "my feet are killing me after the wedding", "I nearly died laughing at the film",
    "heartburn after a spicy curry", "what are the signs of a stroke? just curious",
    "my mum died of a heart attack years ago",
])
def test_everyday_complaints_negations_figures_of_speech_and_questions_are_not_emergencies(text):
    assert triage(text).level != "emergency", [f.concept for f in triage(text).findings]


@pytest.mark.parametrize("text", [
    "never had chest pain like this before, and sweating", "not only chest pain but I am sweating",
    "chest pain and no sweating but short of breath", "my baby is not breathing",
    "I don't know if it's a stroke but his face is drooping",
])
def test_what_only_looks_negated_or_uncertain_is_still_an_emergency(text):
    assert triage(text).level == "emergency", [(f.concept, f.negated) for f in triage(text).findings]


def test_each_finding_carries_its_words_and_its_context():
    result = triage("No fever. What are the signs of meningitis? My husband had a stroke years ago; my chest hurts")
    by_concept = {f.concept: f for f in result.findings}
    assert by_concept["fever"].negated and not by_concept["fever"].affirmed
    assert by_concept["stroke"].historical
    assert by_concept["chest_pain"].affirmed and by_concept["chest_pain"].words == "chest hurts"
    assert result.level == "emergency" and result.rule["id"] == "chest_pain_now"


def test_someone_speaking_for_another_is_recognised_with_the_age_they_give():
    result = triage("my six week old son has a temperature of 38.4", profile={"age": 40})
    assert result.subject == "other" and result.facts["age_years"] == pytest.approx(0.115, abs=0.01)
    assert (result.level, result.rule["id"]) == ("emergency", "fever_infant_under_3_months")


def test_the_profile_counts_only_when_the_text_is_about_the_writer():
    diabetic = {"age": 30, "chronic_conditions": ["type 1 diabetes"]}
    mine = triage("I've been throwing up all day and feel rough", profile=diabetic)
    assert mine.level == "emergency" and mine.category == "diabetic_emergency"
    assert any(f.concept == "diabetes" and f.origin == "profile" for f in mine.findings)
    assert triage("I've been throwing up all day and feel rough").level == "urgent"
    theirs = triage("my friend has been throwing up all day and feels rough", profile=diabetic)
    assert theirs.level == "urgent" and not any(f.origin == "profile" for f in theirs.findings)


def test_anticoagulant_and_head_injury_escalate_together():
    assert triage("I banged my head on a cupboard").level == "urgent"
    on_apixaban = triage("I banged my head on a cupboard", profile={"current_medications": ["Eliquis 5 mg"]})
    assert (on_apixaban.level, on_apixaban.rule["id"]) == ("emergency", "head_injury_warning")


def test_late_pregnancy_headache_and_visual_disturbance_escalate_together():
    assert triage("I'm 34 weeks pregnant with a headache and flashing lights").rule["id"] == "pre_eclampsia"
    assert triage("I'm 34 weeks pregnant with a headache").level == "urgent"


def test_a_medicine_overdose_told_as_an_amount_is_an_emergency():
    result = triage("took 24 paracetamol last night, feel fine")
    assert (result.level, result.facts["tablets"]) == ("emergency", 24)


def test_unrecognised_text_says_so_and_is_never_self_care():
    result = triage("the quantum flux capacitor whirs")
    assert (result.level, result.confidence, result.rule["id"]) == ("see_doctor", "insufficient",
                                                                    "not_enough_to_go_on")
    assert "not telling you it is nothing to worry about" in result.advice[0]
    assert result.safety_net


def test_self_care_only_for_a_recognised_self_limiting_presentation_without_risk():
    cold = triage("runny nose and sneezing for two days")
    assert (cold.level, cold.rule["id"]) == ("self_care", "self_limiting")
    assert triage("runny nose and sneezing for two days", profile={"age": 80}).level == "see_doctor"
    assert triage("runny nose and sneezing for two days", profile={"current_medications": ["chemo"]}).level != \
        "self_care"
    assert triage("a cough for five weeks").level == "see_doctor"


def test_crisis_lines_follow_the_country_and_show_even_when_intent_is_denied():
    direct = triage("I've written goodbye letters and saved up my pills", country="GB")
    assert direct.level == "emergency" and direct.crisis["lines"][0]["contact"] == "116 123"
    denied = triage("I'm not suicidal, just tired and stressed this week", language="es", country="ES")
    assert denied.level != "emergency" and denied.crisis["lines"][0]["contact"] == "024"
    assert denied.crisis["message"].startswith("Si piensa")
    assert crisis_resources("fr", None)["lines"][0]["contact"] == "findahelpline.com"


def test_advice_covers_every_emergency_found():
    result = triage("my son took too many pills and hit his head, now he keeps vomiting")
    assert WHILE_WAITING["en"]["head_injury"] in result.advice[0]
    assert WHILE_WAITING["en"]["poisoning_or_overdose"] in result.advice[0]


def test_red_flag_check_of_the_hook_contract_answers_from_the_engine():
    flag = check_red_flags("I want to end my life", language="de")
    assert flag.language == "en" and flag.category == "suicidal_intent" and "988" in flag.advice
    assert check_red_flags("a mild cough", "en") is None and check_red_flags("", "en") is None


def test_the_advice_follows_the_texts_language_unless_one_is_asked_for():
    assert triage("J'ai une douleur à la poitrine et je transpire").language == "fr"
    assert triage("J'ai une douleur à la poitrine et je transpire", language="en").language == "en"
    assert detect_text_language("I have a sore throat and a cough") == "en"


def test_text_is_normalised_for_matching():
    assert plain("Je n’ARRIVE  pas à RESPIRER, 38,5°C").text == "je n' arrive pas a respirer , 38.5 c"
    assert plain("aujourd'hui, I'm fine, don't").text == "aujourd'hui , i'm fine , don't"  # no French article there


def test_a_french_word_is_found_after_any_elided_article():
    for text in ("j'ai de l'urticaire", "de l’urticaire partout", "j'ai une urticaire"):
        assert "hives" in {f.concept for f in triage(text).findings}, text
    hives = next(f for f in triage("j'ai de l'urticaire depuis hier").findings if f.concept == "hives")
    assert hives.words == "urticaire"
    assert compile_phrase("mal (a|dans) l'(oeil|oreille)").pattern.match(plain("mal dans l'oreille").text)
    assert triage("je tousse depuis plus d'un mois").facts["duration_days"] > 28  # "d'un" is still a number


def test_the_phrase_language_compiles_and_refuses_what_it_cannot_read():
    phrase = compile_phrase("chest (pain*|hurt*) ... arm")
    assert phrase.pattern.match("chest pains going down my arm")
    assert not phrase.pattern.match("chest freezer arm")
    for bad in ("... chest", "(chest pain", "chest[0]"):
        with pytest.raises(PhraseError):
            compile_phrase(bad)


@pytest.mark.parametrize("text", ["my 1 year old keeps running a fever",
                                  "mon bébé de 2 ans a de la fièvre depuis plusieurs jours",
                                  "mi hijo de 3 años tiene fiebre desde hace varios días"])
def test_a_complaint_said_to_have_lasted_asks_how_long_first(text):
    result = triage(text)
    assert result.questions[0].id == "duration"
    assert triage(text, answers={"duration": 6}).level == "urgent"  # NICE NG143: fever for 5 days or more


def test_a_febrile_child_is_asked_about_a_fit_early():
    ids = [q.id for q in triage("my 18 month old has a fever of 39.5").questions]
    assert "seizure" in ids
    assert triage("my 18 month old has a fever of 39.5", answers={"seizure": "yes"}).level == "emergency"


def test_every_presentation_in_the_ask_table_names_known_concepts_and_askable_questions():
    from core.triage.interview import ASKABLE_KINDS, NUMBERS
    from core.triage.lexicon import concepts
    from core.triage.rules import ask_first

    for presentation, questions in ask_first().items():
        assert set(presentation.split("+")) <= set(concepts()), presentation
        for question in questions:
            assert question in NUMBERS or concepts()[question].kind in ASKABLE_KINDS + ("qualifier",), \
                (presentation, question)  # a qualifier such as sudden_onset is asked when a chart names it


@pytest.mark.parametrize("text,first", [
    ("my 2 year old has a cough and a fever", "child_breathing_signs"),  # child+cough, before fever's own
    ("my mum is 84 and has had diarrhoea since yesterday", "no_urine"),  # older_adult+diarrhoea
    ("mi marido tiene 38,4 y una tiritona que no para", "chemotherapy"),  # rigors: neutropenic sepsis first
    ("mon mari est epileptique et il est en train de faire une crise", "seizure_long"),
])
def test_a_presentation_asks_its_own_discriminators_first(text, first):
    assert triage(text).questions[0].id == first


def test_a_feverish_adult_is_not_asked_a_childs_questions():
    ids = [q.id for q in triage("I've had a fever of 38.5 since yesterday, I'm 40").questions]
    assert ids and not {"seizure", "child_breathing_signs", "child_breathing_amber", "not_feeding"} & set(ids)
    assert "immunosuppressed" in ids


def test_a_measured_temperature_under_38_is_no_long_fever():
    assert triage("I've had a fever for 6 days").rule["id"] == "fever_five_days"
    assert triage("a cold for 6 days, 37.6 of fever").level != "urgent"


def test_a_gap_in_a_phrase_never_runs_over_a_negation():
    assert "black_stool" not in {f.concept for f in triage("blood on the paper, poo isnt black").findings}
    assert "black_stool" in {f.concept for f in triage("my poo is black and sticky").findings}


def test_a_minor_head_injury_is_cleared_once_its_warning_signs_are_denied():
    assert triage("banged my head on the cupboard").level == "urgent"
    cleared = triage("banged my head on the cupboard, not on blood thinners, didnt black out, not been sick")
    assert cleared.level == "self_care" and cleared.rule["id"] == "self_limiting"
    answered = triage("banged my head on the cupboard", answers={"anticoagulant": "no", "faint": "no", "vomiting": "no"})
    assert answered.level == "self_care"
    assert triage("banged my head on the cupboard", answers={"anticoagulant": "no", "faint": "no",
                                                             "vomiting": "dont_know"}).level == "urgent"


@pytest.mark.parametrize("text", ["nearly had a heart attack when i saw my energy bill, anyway i have a wart",
                                  "this deadline is literally killing me, tension headache in the evenings",
                                  "did a test, faint positive, no pain, feel fine"])
def test_figures_of_speech_are_no_emergency(text):
    assert triage(text).level != "emergency"


def test_a_chest_that_hurts_when_pressed_after_a_strain_is_no_heart_attack_alone():
    assert triage("chest hurts when i press on it, started after bench press at the gym, im 29").level == "self_care"
    assert triage("chest hurts when i press on it since the gym and now im sweaty and short of breath").level == \
        "emergency"


def test_a_count_of_weeks_is_an_age_only_when_it_follows_a_person():
    assert triage("tengo un retraso de 3 semanas y dolor en un lado").facts["age_years"] is None
    assert triage("mi bebe de 6 semanas tiene fiebre").facts["age_years"] < 0.25
    assert triage("daughter 3 has a barking cough").facts["age_years"] == 3


def test_fillers_do_not_break_a_phrase_and_dread_is_not_a_wish_to_die():
    assert "testicle_pain" in {f.concept for f in triage("pain in his, um, left testicle").findings}
    panic = {f.concept for f in triage("heart racing and I feel like I'm going to die").findings}
    assert "impending_doom" in panic and "suicidal_intent" not in panic


def test_a_slow_pulse_is_read_from_the_text():
    result = triage("took her tablets twice, now she's dizzy and her pulse is only 42")
    assert "pulse_under_50" in {f.concept for f in result.findings} and result.level == "emergency"
    assert "pulse_under_50" not in {f.concept for f in triage("my resting pulse is 62").findings}
