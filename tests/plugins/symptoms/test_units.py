"""The plugin's pure parts: medicine warnings, the fallback answer, symptom codes, cache keys, output schema."""

import json

import pytest

from core.api import triage
from plugins.symptoms.analysis import Request
from plugins.symptoms.cache import cache_key
from plugins.symptoms.fallback import fallback_analysis
from plugins.symptoms.medicine_warnings import medicine_warnings
from plugins.symptoms.model import InvalidOutput, parse_reply
from plugins.symptoms.symptom_codes import codes_for
from tests.plugins.symptoms.helpers import model_answer


def analysis(**changes):
    base = {"summary": "", "next_steps": [], "watch_for": [], "medications": []}
    return {**base, **changes}


@pytest.mark.parametrize("allergy,medicine", [
    ("penicillin", "amoxicillin"), ("Pénicilline", "amoxicillin"), ("aspirin", "ibuprofen"),
    ("NSAIDs", "naproxen"), ("sulfa drugs", "sulfamethoxazole"), ("ibuprofeno", "diclofenac"),
])
def test_an_allergy_flags_its_drug_family(allergy, medicine):
    result = analysis(medications=[{"name": medicine.title(), "note": ""}])
    warnings, findings = medicine_warnings(result, {"allergies": [allergy]}, "en")
    assert [w["medication"] for w in warnings] == [medicine]
    assert result["medications"][0]["allergy_warning"] == warnings[0]["message"]
    assert findings[0]["kind"] == "allergy" and findings[0]["source"]


def test_a_drug_named_only_in_the_text_is_flagged_in_the_answers_language():
    warnings, _ = medicine_warnings(analysis(next_steps=["Take ibuprofen 400 mg twice a day."]),
                                    {"allergies": ["aspirin"]}, "es")
    assert warnings[0]["medication"] == "ibuprofen" and warnings[0]["message"].startswith("Indicó alergia a aspirin")


def test_food_allergies_and_unrelated_drugs_are_not_flagged():
    result = analysis(next_steps=["Avoid peanuts.", "Paracetamol helps."],
                      medications=[{"name": "Paracetamol", "note": ""}])
    assert medicine_warnings(result, {"allergies": ["peanuts", "penicillin"]}, "en") == ([], [])
    assert "allergy_warning" not in result["medications"][0]


def test_a_suggestion_that_clashes_with_the_persons_own_medicines_or_conditions_is_warned():
    result = analysis(medications=[{"name": "Ibuprofen", "note": "for the pain"}],
                      next_steps=["Paracetamol can help too."])
    facts = {"current_medications": ["warfarin 5 mg", "co-codamol 30/500"], "chronic_conditions": ["asthma"]}
    _, findings = medicine_warnings(result, facts, "en")
    found = {(f["kind"], tuple(sorted(f["medicines"]))) for f in findings}
    assert ("interaction", ("ibuprofen", "warfarin")) in found
    assert ("duplicate", ("paracetamol",)) in found  # co-codamol holds paracetamol already
    assert ("condition", ("ibuprofen",)) in found


@pytest.mark.parametrize("language,text", [
    ("en", "just a runny nose and sneezing"), ("es", "no se que me pasa"), ("fr", "je tousse un peu"),
])
def test_the_fallback_is_the_engines_answer_and_says_so(language, text):
    assessment = triage(text, language=language)
    answer = fallback_analysis(language, assessment, "server_error")
    assert answer["next_steps"] == assessment.advice and answer["watch_for"] == assessment.safety_net
    assert assessment.title in answer["summary"] and answer["disclaimer"] and answer["possible_conditions"] == []


@pytest.mark.parametrize("language,configured,later", [
    ("en", "No AI model is configured on this server", "Please try again later"),
    ("es", "Este servidor no tiene configurado ningún modelo de IA", "Inténtalo de nuevo más tarde"),
    ("fr", "Aucun modèle d'IA n'est configuré sur ce serveur", "Réessayez plus tard"),
])
def test_the_fallback_says_why_there_is_no_ai_analysis(language, configured, later):
    assessment = triage("a mild cough", language=language)
    unconfigured = fallback_analysis(language, assessment, "not_configured")["summary"]
    assert configured in unconfigured and later not in unconfigured
    for reason in ("network_error", "breaker_open", "timeout", "invalid_output"):
        summary = fallback_analysis(language, assessment, reason)["summary"]
        assert later in summary and configured not in summary, reason


def test_symptom_codes_in_three_languages():
    assert codes_for("Sore throat and a cough") == ["R05.9", "J02.9"]
    assert codes_for("tengo fiebre y dolor de cabeza") == ["R50.9", "R51.9"]
    assert codes_for("j'ai mal au ventre et la diarrhée") == ["R19.7", "R10.9"]
    assert codes_for("a strange feeling in my knee") == []


def test_cache_key_normalises_text_and_ignores_profile_list_order():
    request = Request("Sore  Throat.", "2 Days", "mild", "en")
    same = Request("sore throat", "2 days", "mild", "en")
    facts = {"age": 30, "allergies": ["b", "A"]}
    assert cache_key(request, facts) == cache_key(same, {"age": 30, "allergies": ["a", "B"]})
    assert cache_key(request, facts) != cache_key(Request("sore throat", "2 days", "severe", "en"), facts)
    assert cache_key(request, facts) != cache_key(request, {**facts, "age": 31})


def test_parse_reply_accepts_variants_and_drops_bad_codes():
    data = parse_reply(model_answer(triage_level="See a doctor", possible_conditions=[
        {"name": "Cold", "likelihood": "likely", "icd10": "not-a-code", "extra": 1}], unknown_key=True))
    assert data["triage_level"] == "see_doctor"
    assert data["possible_conditions"] == [{"name": "Cold", "likelihood": "likely", "explanation": "",
                                            "icd10": None}]
    assert "unknown_key" not in data


@pytest.mark.parametrize("text,problem", [
    ("not json", "not valid JSON"),
    ("[]", "not a JSON object"),
    (json.dumps({"triage_level": "self_care", "possible_conditions": [], "next_steps": []}), "next_steps"),
    (model_answer(possible_conditions=[{"name": "Cold"}]), "likelihood"),
    (model_answer(next_steps="rest"), "next_steps"),
])
def test_parse_reply_refuses_invalid_output(text, problem):
    with pytest.raises(InvalidOutput, match=problem):
        parse_reply(text)
