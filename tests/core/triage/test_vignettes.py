"""The vignette sets (tests/core/triage/vignettes): the test part is frozen, both parts are well formed,
and with no LLM no vignette is answered self-care unless the engine recognised a self-limiting
presentation. The accuracy figures are printed by bench/triage_accuracy.py."""

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from core.triage import LEVELS, triage

HERE = Path(__file__).parent / "vignettes"
FROZEN_TEST_SHA256 = "03a3ac4c44552a696fb6a19114c14d8253744e4e1fb73b53d17fabc8db1897fd"
FROZEN_INTERVIEW_TEST_SHA256 = "1992b44c84d597b9b896fdb36f3543ba5c377da7d66c999ae1e57567f2bb4f07"
KINDS = {"lay_phrasing", "proxy", "atypical", "pregnancy", "child", "metabolic_toxic", "gi_bleed", "neuro",
         "allergy", "mental_health", "negation", "figure_of_speech", "shared_word", "information_question",
         "common", "typo", "mixed_language", "minimising"}


def load(part: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / f"{part}.jsonl").read_text("utf-8").splitlines() if line]


def test_the_test_parts_are_frozen():
    assert hashlib.sha256((HERE / "test.jsonl").read_bytes()).hexdigest() == FROZEN_TEST_SHA256
    assert hashlib.sha256((HERE / "interview_test.jsonl").read_bytes()).hexdigest() == FROZEN_INTERVIEW_TEST_SHA256


@pytest.mark.parametrize("part", ["interview_test", "interview_dev", "interview_dev2"])
def test_interview_vignettes_hold_back_a_fact_the_engine_can_ask_about(part):
    from core.triage.interview import NUMBERS
    from core.triage.lexicon import concepts

    rows = load(part)
    assert len({row["id"] for row in rows}) == len(rows) and {row["lang"] for row in rows} == {"en", "es", "fr"}
    for row in rows:
        assert row["gold"] in LEVELS and row["held_back"] in row["answers"], row["id"]
        assert all(key in concepts() or key in NUMBERS for key in row["answers"]), row["id"]
    development = load("interview_dev") + load("interview_dev2")
    assert len(development) >= 100 and len({row["id"] for row in development + load("interview_test")}) == \
        len(development) + len(load("interview_test"))


@pytest.mark.parametrize("part", ["test", "dev", "dev2", "dev3", "dev4"])
def test_each_part_is_well_formed_and_covers_every_level_and_language(part):
    languages = {"en"} if part == "dev4" else {"en", "es", "fr"}  # dev4: English voices of many kinds
    rows = load(part)
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["gold"] in LEVELS and row["lang"] in ("en", "es", "fr") and row["kind"] in KINDS, row["id"]
        assert row["text"].strip() and row["guidance"].strip(), row["id"]
    assert set(Counter(row["gold"] for row in rows)) == set(LEVELS)
    assert set(Counter(row["lang"] for row in rows)) == languages


def test_the_sets_are_large_enough_and_a_quarter_spanish_and_french():
    rows = load("test") + load("dev")
    assert len(rows) >= 400
    assert sum(row["lang"] != "en" for row in rows) >= len(rows) / 4
    assert not {row["id"] for row in load("test")} & {row["id"] for row in load("dev")}


@pytest.mark.parametrize("part", ["test", "dev", "dev2", "dev3", "dev4"])
def test_no_vignette_is_self_care_unless_a_self_limiting_presentation_was_recognised(part):
    for row in load(part):
        result = triage(row["text"], profile=row.get("profile") or {}, duration=row.get("duration"),
                        severity=row.get("severity"))
        if result.level == "self_care":
            assert result.rule["id"] in ("self_limiting", "information_only"), row["id"]
            assert any(f.affirmed for f in result.findings) or result.rule["id"] == "information_only", row["id"]
