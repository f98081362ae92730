"""Rules as data: every rule loads, names real concepts and a source, and each of its examples fires it."""

import pytest

from core.triage import triage
from core.triage.lexicon import concepts, lexicon
from core.triage.rules import LEVELS, defaults, rules

RULES = rules()
EXAMPLES = [(rule.id, text) for rule in RULES for text in rule.examples]


def test_every_rule_has_a_source_a_complaint_and_at_least_one_example():
    for rule in RULES:
        assert rule.source.strip() and rule.complaint.strip() and rule.examples, rule.id
        assert rule.level in LEVELS


@pytest.mark.parametrize("rule_id,text", EXAMPLES, ids=[f"{r}:{i}" for i, (r, _) in enumerate(EXAMPLES)])
def test_each_example_fires_its_rule(rule_id, text):
    result = triage(text)
    fired = [result.rule["id"], *result.also]
    assert rule_id in fired, f"{text!r} fired {fired}; findings {[f.concept for f in result.findings]}"


def test_every_rule_is_tested_by_an_example():
    assert {rule.id for rule in RULES} == {rule_id for rule_id, _ in EXAMPLES}


def test_the_defaults_never_make_unrecognised_text_self_care():
    fallback = defaults()
    assert fallback["unrecognised"].level == "see_doctor" and fallback["recognised"].level == "see_doctor"
    assert fallback["self_limiting"].level == "self_care"


def test_every_concept_has_words_in_every_language_it_claims_and_a_label_in_three():
    catalogue = concepts()
    used = {concept for concept, _, _ in lexicon().phrases}
    derived = {"age_under_3_months", "infant", "child_under_5", "child", "older_adult", "age_75_plus",
               "temperature_38", "temperature_39", "temperature_40", "temperature_low", "temperature_under_38",
               "pulse_under_50",
               "pregnancy_20_weeks",
               "pregnancy_before_24_weeks",
               "tablets_many"}
    assert set(catalogue) - used - derived == set()
    for concept in catalogue.values():
        assert set(concept.labels) == {"en", "es", "fr"}, concept.id
