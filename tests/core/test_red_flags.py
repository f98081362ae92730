"""The deterministic red-flag layer: emergencies in English, Spanish and French, and everyday complaints left alone."""

import pytest

from core.api import RedFlagResult, check_red_flags
from core.safety.advice import CALL_NOW, TITLES, WHILE_WAITING
from core.safety.patterns import CATEGORIES
from core.safety.red_flags import normalise

EMERGENCIES = [
    # English
    ("en", "I have crushing chest pain and I'm sweating a lot", "cardiac"),
    ("en", "Tightness in my chest, short of breath since an hour", "cardiac"),
    ("en", "chest pain going down my left arm", "cardiac"),
    ("en", "My dad's face is drooping on one side", "stroke"),
    ("en", "her speech is slurred and she seems confused", "stroke"),
    ("en", "sudden weakness in my left arm", "stroke"),
    ("en", "worst headache of my life, came on suddenly", "sudden_severe_headache"),
    ("en", "I cut my hand and it's bleeding heavily", "severe_bleeding"),
    ("en", "I've been vomiting blood this morning", "severe_bleeding"),
    ("en", "My throat is swelling after I ate shrimp", "anaphylaxis"),
    ("en", "stung by a bee and now I can't breathe properly", "anaphylaxis"),
    ("en", "I want to kill myself", "suicidal_intent"),
    ("en", "I don't want to live anymore", "suicidal_intent"),
    ("en", "high fever and a stiff neck, light hurts my eyes", "meningitis"),
    ("en", "a rash that doesn't fade under a glass", "meningitis"),
    ("en", "My 6 month old baby is struggling to breathe", "child_breathing"),
    ("en", "my son's lips are turning blue", "child_breathing"),
    ("en", "I can't breathe", "severe_breathing"),
    ("en", "he collapsed and is unresponsive", "unconscious_or_seizure"),
    ("en", "I took too many sleeping pills", "poisoning_or_overdose"),
    ("en", "my toddler swallowed a button battery", "poisoning_or_overdose"),
    ("en", "hit my head on the stairs and now I keep vomiting", "head_injury"),
    ("en", "I'm 30 weeks pregnant with heavy bleeding", "pregnancy_emergency"),
    # Spanish (with and without accents)
    ("es", "Tengo dolor en el pecho y me falta el aire", "cardiac"),
    ("es", "opresión en el pecho y estoy sudando frío", "cardiac"),
    ("es", "A mi madre se le cayó la cara de un lado", "stroke"),
    ("es", "tiene el habla arrastrada desde hace una hora", "stroke"),
    ("es", "el peor dolor de cabeza de mi vida", "sudden_severe_headache"),
    ("es", "me corté y no para de sangrar", "severe_bleeding"),
    ("es", "se me hincha la garganta después de comer maní", "anaphylaxis"),
    ("es", "quiero morir, no quiero seguir viviendo", "suicidal_intent"),
    ("es", "fiebre alta y rigidez de cuello", "meningitis"),
    ("es", "mi bebé de 3 meses tiene dificultad para respirar", "child_breathing"),
    ("es", "no puedo respirar", "severe_breathing"),
    ("es", "está inconsciente y no responde", "unconscious_or_seizure"),
    ("es", "tomé demasiadas pastillas", "poisoning_or_overdose"),
    ("es", "estoy embarazada y tengo un sangrado abundante", "pregnancy_emergency"),
    # French
    ("fr", "J'ai une douleur à la poitrine et je transpire", "cardiac"),
    ("fr", "oppression dans la poitrine, très essoufflé", "cardiac"),
    ("fr", "son visage est affaissé et il parle mal", "stroke"),
    ("fr", "le pire mal de tête de ma vie", "sudden_severe_headache"),
    ("fr", "je saigne abondamment d'une plaie au bras", "severe_bleeding"),
    ("fr", "ma gorge gonfle après une piqûre de guêpe", "anaphylaxis"),
    ("fr", "je veux mourir, je pense au suicide", "suicidal_intent"),
    ("fr", "fièvre et nuque raide depuis ce matin", "meningitis"),
    ("fr", "mon bébé a du mal à respirer", "child_breathing"),
    ("fr", "je n’arrive pas à respirer", "severe_breathing"),
    ("fr", "il a perdu connaissance", "unconscious_or_seizure"),
    ("fr", "elle a avalé trop de comprimés", "poisoning_or_overdose"),
    ("fr", "enceinte, j'ai une douleur intense au ventre", "pregnancy_emergency"),
]

NOT_EMERGENCIES = [
    ("en", "mild headache and a runny nose for two days"),
    ("en", "sore throat and cough, no fever"),
    ("en", "I can't breathe through my nose because of a cold"),
    ("en", "food poisoning after sushi, diarrhoea since yesterday"),
    ("en", "my knee hurts when I run"),
    ("en", "I had chest pain last year, now I just want advice about diet"),
    ("es", "tengo la garganta inflamada y tos"),
    ("es", "me duele la cabeza un poco y tengo mocos"),
    ("es", "no puedo respirar por la nariz, estoy resfriado"),
    ("fr", "j'ai mal à la gorge et le nez qui coule"),
    ("fr", "une petite toux depuis trois jours"),
    ("fr", "intoxication alimentaire, j'ai la diarrhée"),
]


@pytest.mark.parametrize("language,text,category", EMERGENCIES)
def test_emergency_patterns_give_the_category_and_advice_in_the_language(language, text, category):
    result = check_red_flags(text, language=language)
    assert isinstance(result, RedFlagResult), text
    assert category in result.categories
    assert result.category == result.categories[0]
    assert result.language == language
    assert result.triage_level == "emergency"
    assert result.advice.startswith(CALL_NOW[language])
    assert WHILE_WAITING[language][result.category] in result.advice
    assert result.title == TITLES[language][result.category]


@pytest.mark.parametrize("language,text", NOT_EMERGENCIES)
def test_everyday_complaints_are_not_emergencies(language, text):
    assert check_red_flags(text, language=language) is None


def test_patterns_of_every_language_are_tried_and_advice_follows_the_requested_language():
    result = check_red_flags("J'ai une douleur à la poitrine et je transpire", language="en")
    assert result.category == "cardiac" and result.language == "en"
    assert "emergency number" in result.advice


def test_unknown_language_gets_english_advice():
    result = check_red_flags("I want to end my life", language="de")
    assert result.language == "en" and result.category == "suicidal_intent"
    assert "988" in result.advice


def test_suicidal_intent_comes_first_with_crisis_line_advice():
    result = check_red_flags("I took too many pills because I want to die", language="en")
    assert result.categories[:1] == ("suicidal_intent",)
    assert "poisoning_or_overdose" in result.categories
    assert "crisis line" in result.advice


def test_every_category_has_a_title_and_advice_in_every_language():
    for language in ("en", "es", "fr"):
        assert set(TITLES[language]) == set(CATEGORIES)
        assert set(WHILE_WAITING[language]) == set(CATEGORIES)


def test_normalise_drops_accents_case_and_typographic_apostrophes():
    assert normalise("Je n’ARRIVE  pas à RESPIRER") == "je n'arrive pas a respirer"


def test_empty_text_is_no_emergency():
    assert check_red_flags("", "en") is None


NEGATED = [  # negated terms in the same clause are no alarm
    ("en", "No chest pain, no shortness of breath, just a cough"),
    ("en", "I do not have chest pain or sweating"),
    ("es", "sin fiebre ni rigidez de cuello"),
    ("es", "no tengo dolor en el pecho ni falta de aire"),
    ("fr", "pas de douleur à la poitrine, pas d'essoufflement"),
    ("fr", "pas de fièvre et pas de nuque raide"),
]

STILL_EMERGENCIES = [  # what looks negated but is not
    ("en", "never had chest pain like this before, and sweating", "cardiac"),
    ("en", "I have no appetite and chest pain with sweating", "cardiac"),
    ("en", "not only chest pain but I am sweating", "cardiac"),
    ("en", "chest pain and no sweating but short of breath", "cardiac"),
    ("en", "I'm not suicidal, but I keep thinking I'd be better off dead", "suicidal_intent"),
    ("en", "my baby is not breathing", "child_breathing"),
    ("es", "no puedo respirar", "severe_breathing"),
    ("es", "mi bebé no respira", "child_breathing"),
    ("fr", "je ne peux pas respirer", "severe_breathing"),
    ("fr", "mon bébé ne respire pas", "child_breathing"),
]


@pytest.mark.parametrize("language,text", NEGATED)
def test_plainly_negated_symptoms_raise_no_alarm(language, text):
    assert check_red_flags(text, language) is None


@pytest.mark.parametrize("language,text,category", STILL_EMERGENCIES)
def test_what_only_looks_negated_still_raises_the_alarm(language, text, category):
    result = check_red_flags(text, language)
    assert result is not None and category in result.categories


def test_a_mention_of_suicide_is_never_discounted():
    assert check_red_flags("I'm not suicidal", "en").category == "suicidal_intent"


def test_not_wanting_to_die_during_a_heart_attack_gets_cardiac_advice():
    result = check_red_flags("I have chest pain and sweating, I don't want to die", "en")
    assert result.categories == ("cardiac",)
    assert "crisis line" not in result.advice


def test_advice_covers_every_category_found_without_repeating_a_covered_one():
    result = check_red_flags("my son took too many pills and hit his head, now he keeps vomiting", "en")
    assert set(result.categories) == {"poisoning_or_overdose", "head_injury"}
    for category in result.categories:
        assert WHILE_WAITING["en"][category] in result.advice
    child = check_red_flags("my baby is not breathing", "en")
    assert child.categories == ("child_breathing", "severe_breathing")
    assert WHILE_WAITING["en"]["severe_breathing"] not in child.advice and "CPR" in child.advice
