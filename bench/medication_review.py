"""Medication-review findings against the evaluation lists, with no LLM: the sourced tables alone.

    python bench/medication_review.py                 # both parts: dev (tuned on) and test (frozen)
    python bench/medication_review.py --part dev --misses

Prints, per part: recall and precision of the findings (a finding counts when its kind and its
ingredients are the expected ones), the same per kind and per language, how many clean lists got a
finding, how many overdoses were answered as emergencies, and the time per review. The lists and their
licence are described in tests/core/medicines/reviews/README.md. ``--misses`` lists the dev part's
misses only: the frozen test part is never looked at case by case.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.medicines import InvalidMedicine, ingredients_of, review  # noqa: E402

LISTS = ROOT / "tests" / "core" / "medicines" / "reviews"
KINDS = ("interaction", "condition", "allergy", "age", "pregnancy", "duplicate", "max_dose", "overdose",
         "unrecognised")


def load(part: str) -> list[dict]:
    return [json.loads(line) for line in (LISTS / f"{part}.jsonl").read_text("utf-8").splitlines() if line]


def profile_of(case: dict) -> dict:
    profile = dict(case.get("profile") or {})
    return {"age": profile.get("age"), "pregnant": profile.get("pregnant"),
            "allergies": profile.get("allergies") or [], "conditions": profile.get("conditions") or [],
            "medications": profile.get("medications") or []}


def _ids(name: str) -> frozenset[str]:
    """An expected medicine name as ingredient ids (the INN the set uses may be written otherwise)."""
    found = ingredients_of(name)
    return frozenset(i["id"] for i in found) if found else frozenset((name.strip().lower().replace(" ", "_"),))


def expected_keys(case: dict) -> list[tuple[str, frozenset]]:
    keys = []
    for finding in case["expected"]:
        if finding["kind"] == "unrecognised":
            keys.append(("unrecognised", frozenset(m.strip().lower() for m in finding["medicines"])))
        else:
            keys.append((finding["kind"], frozenset().union(*(_ids(m) for m in finding["medicines"]))))
    return keys


def found_keys(result) -> list[tuple[str, frozenset]]:
    keys = []
    for finding in result.findings:
        if finding.kind == "unrecognised":
            keys.append(("unrecognised", frozenset(m.strip().lower() for m in finding.medicines)))
        else:
            keys.append((finding.kind, frozenset(finding.medicines)))
    return keys


def score(cases: list[dict]) -> dict:
    totals = {"tp": 0, "expected": 0, "found": 0}
    per_kind = {kind: Counter() for kind in KINDS}
    per_language: dict[str, Counter] = {}
    clean_flagged = clean = overdoses = overdose_emergency = refused = 0
    times, misses = [], []
    for case in cases:
        start = time.perf_counter()
        try:
            result = review(case["medicines"], person=profile_of(case), question=case.get("question"),
                            language=case.get("language"))
        except InvalidMedicine:
            refused += 1
            result = None
        times.append((time.perf_counter() - start) * 1000)
        expected = expected_keys(case)
        found = found_keys(result) if result else []
        unmatched_found = list(found)
        missed = []
        for key in expected:
            if key in unmatched_found:
                unmatched_found.remove(key)
                per_kind[key[0]]["tp"] += 1
                totals["tp"] += 1
            else:
                missed.append(key)
            per_kind.setdefault(key[0], Counter())["expected"] += 1
        for key in found:
            per_kind.setdefault(key[0], Counter())["found"] += 1
        language = per_language.setdefault(case["language"], Counter())
        language["tp"] += len(expected) - len(missed)
        language["expected"] += len(expected)
        language["found"] += len(found)
        totals["expected"] += len(expected)
        totals["found"] += len(found)
        if not case["expected"]:
            clean += 1
            clean_flagged += bool(found)
        if any(f["kind"] == "overdose" for f in case["expected"]):
            overdoses += 1
            overdose_emergency += bool(result and result.outcome == "emergency")
        if missed or unmatched_found:
            misses.append((case, missed, unmatched_found, result))
    return {"n": len(cases), "totals": totals, "per_kind": per_kind, "per_language": per_language,
            "clean": (clean_flagged, clean), "overdose": (overdose_emergency, overdoses), "refused": refused,
            "times": times, "misses": misses}


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def report(part: str, figures: dict) -> None:
    t = figures["totals"]
    print(f"\n== {part}: {figures['n']} lists, {t['expected']} expected findings, {t['found']} found")
    print(f"recall     {ratio(t['tp'], t['expected'])}")
    print(f"precision  {ratio(t['tp'], t['found'])}")
    print(f"clean lists given a finding: {ratio(*figures['clean'])}")
    print(f"overdoses answered as emergencies: {ratio(*figures['overdose'])}")
    if figures["refused"]:
        print(f"refused as impossible doses: {figures['refused']}")
    print("per kind           recall        precision")
    for kind, c in figures["per_kind"].items():
        if c["expected"] or c["found"]:
            print(f"  {kind:16} {ratio(c['tp'], c['expected']):13} {ratio(c['tp'], c['found'])}")
    print("per language       recall        precision")
    for language, c in sorted(figures["per_language"].items()):
        print(f"  {language:16} {ratio(c['tp'], c['expected']):13} {ratio(c['tp'], c['found'])}")
    times = sorted(figures["times"])
    print(f"time per review: p50 {statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95) - 1]:.2f} ms")


def show_misses(figures: dict) -> None:
    for case, missed, extra, result in figures["misses"]:
        print(f"\n{case['id']} ({case['language']}) {case['medicines']} profile={case.get('profile')} "
              f"q={case.get('question')!r}")
        for kind, meds in missed:
            print(f"   missed  {kind} {sorted(meds)}")
        for kind, meds in extra:
            print(f"   extra   {kind} {sorted(meds)}")
        if result:
            print("   read:", [(m["input"], [i["id"] for i in m["ingredients"]], m["dose"]["units_per_day"])
                              for m in result.as_dict()["medicines"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the dev part's misses")
    args = parser.parse_args()
    review(["paracetamol"])  # load the tables first, so the timings are per review
    for part in (("dev", "test") if args.part == "both" else (args.part,)):
        figures = score(load(part))
        report(part, figures)
        if args.misses and part == "dev":
            show_misses(figures)


if __name__ == "__main__":
    main()
