"""The evaluation lists: the frozen test part is unchanged, and the checker's figures on it hold."""

import hashlib
import json
from pathlib import Path

import pytest

LISTS = Path(__file__).parent / "reviews"
FROZEN_SHA256 = "a98c4116399b46c7c9cba0b2c90252bbc56d6250c9f3c17a2bdace824ced1678"
KINDS = {"duplicate", "max_dose", "allergy", "condition", "age", "pregnancy", "interaction", "unrecognised",
         "overdose"}


def load(part):
    return [json.loads(line) for line in (LISTS / f"{part}.jsonl").read_text("utf-8").splitlines() if line]


def test_the_test_part_is_frozen():
    assert hashlib.sha256((LISTS / "test.jsonl").read_bytes()).hexdigest() == FROZEN_SHA256


@pytest.mark.parametrize("part", ["test", "dev"])
def test_every_list_is_well_formed_and_in_its_part(part):
    cases = load(part)
    for case in cases:
        in_test = int(hashlib.sha256(case["id"].encode()).hexdigest(), 16) % 5 < 2
        assert in_test == (part == "test"), case["id"]
        assert case["language"] in ("en", "es", "fr") and case["medicines"] and case["guidance"]
        assert all(finding["kind"] in KINDS and finding["medicines"] for finding in case["expected"])


def test_the_checkers_figures_on_the_frozen_part_hold():
    """Floors under what docs/medications.md reports (recall 97%, precision 92%): a change that loses
    findings people need fails here, not in a user's hands."""
    from bench.medication_review import score

    figures = score(load("test"))
    totals = figures["totals"]
    assert totals["tp"] / totals["expected"] >= 0.93
    assert totals["tp"] / totals["found"] >= 0.85
    assert figures["overdose"][0] == figures["overdose"][1]  # every overdose is an emergency
    assert figures["clean"][0] <= 2
