"""Triage accuracy on the vignette sets, with no LLM: the engine alone, as every first answer is made.

    python bench/triage_accuracy.py            # both parts: dev (tuned on) and test (frozen)
    python bench/triage_accuracy.py --part test --misses

Prints, per part: exact accuracy, sensitivity per level, under- and over-triage, the same per
language and per kind of case, a confusion matrix, self-care answers that the engine did not
recognise as self-limiting (must be none) and the time per text. The vignettes and their licence
are described in tests/core/triage/vignettes/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.triage import LEVELS, rank, triage  # noqa: E402

VIGNETTES = ROOT / "tests" / "core" / "triage" / "vignettes"
ORDER = tuple(reversed(LEVELS))  # emergency first


def load(part: str) -> list[dict]:
    return [json.loads(line) for line in (VIGNETTES / f"{part}.jsonl").read_text("utf-8").splitlines() if line]


def run(case: dict, answers: dict | None = None):
    """The engine's answer to the case's first message (and to ``answers`` given to its questions)."""
    profile = dict(case.get("profile") or {})
    return triage(case["text"], profile=profile, duration=case.get("duration"), severity=case.get("severity"),
                  answers=answers)


def summary(rows: list[tuple[dict, object]]) -> dict:
    n = len(rows)
    exact = sum(r.level == c["gold"] for c, r in rows)
    under = sum(rank(r.level) < rank(c["gold"]) for c, r in rows)
    over = sum(rank(r.level) > rank(c["gold"]) for c, r in rows)
    low = [(c, r) for c, r in rows if c["gold"] in ("see_doctor", "self_care")]
    sent_up = sum(rank(r.level) >= rank("urgent") for c, r in low)
    sensitivity = {}
    for level in ORDER:
        cases = [(c, r) for c, r in rows if c["gold"] == level]
        if cases:
            sensitivity[level] = (sum(r.level == level for c, r in cases), len(cases))
    emergencies = [(c, r) for c, r in rows if c["gold"] == "emergency"]
    return {"n": n, "exact": exact, "under": under, "over": over, "sensitivity": sensitivity,
            "emergency_missed": sum(r.level != "emergency" for c, r in emergencies),
            "low_sent_up": (sent_up, len(low))}


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def show(title: str, s: dict) -> None:
    sens = ", ".join(f"{level} {pct(*s['sensitivity'][level])}" for level in ORDER if level in s["sensitivity"])
    print(f"{title}: exact {pct(s['exact'], s['n'])}; under-triage {pct(s['under'], s['n'])}, "
          f"over-triage {pct(s['over'], s['n'])}; emergencies missed {s['emergency_missed']}; "
          f"see_doctor/self_care sent to urgent or emergency {pct(*s['low_sent_up'])}")
    print(f"    sensitivity per level: {sens}")


def report(part: str, misses: bool) -> None:
    cases = load(part)
    rows, times = [], []
    for case in cases:
        started = time.perf_counter()
        result = run(case)
        times.append((time.perf_counter() - started) * 1000)
        rows.append((case, result))
    print(f"\n=== {part} part: {len(cases)} vignettes ===")
    show("all", summary(rows))
    for key in ("lang", "kind"):
        groups = defaultdict(list)
        for case, result in rows:
            groups[case.get(key, "?")].append((case, result))
        print(f"  per {key}:")
        for name in sorted(groups):
            s = summary(groups[name])
            print(f"    {name:<22} exact {pct(s['exact'], s['n']):<14} under {s['under']:<3} over {s['over']:<3} "
                  f"emergencies missed {s['emergency_missed']}")
    matrix = Counter((case["gold"], result.level) for case, result in rows)
    print("  confusion (rows: gold, columns: engine):")
    print("    " + " " * 12 + "".join(f"{level:>12}" for level in ORDER))
    for gold in ORDER:
        print(f"    {gold:<12}" + "".join(f"{matrix[(gold, level)]:>12}" for level in ORDER))
    unrecognised_self_care = sum(r.level == "self_care" and r.rule["id"] not in ("self_limiting", "information_only")
                                 for c, r in rows)
    information = sum(r.rule["id"] == "information_only" for c, r in rows)
    print(f"  self-care answers not from a recognised self-limiting presentation: {unrecognised_self_care} "
          f"(questions about a condition with no symptom, answered as information: {information})")
    insufficient = sum(r.confidence == "insufficient" for c, r in rows)
    print(f"  'not enough to go on' answers: {insufficient}")
    times.sort()
    print(f"  time per text: p50 {statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms, "
          f"max {times[-1]:.2f} ms")
    if misses:
        for case, result in rows:
            if result.level != case["gold"]:
                found = ", ".join(f.concept + ("(neg)" if f.negated else "") + ("(hyp)" if f.hypothetical else "")
                                  for f in result.findings)
                print(f"  MISS {case['id']} gold={case['gold']} got={result.level} rule={result.rule['id']}"
                      f"\n       {case['text']}\n       found: {found}")


def interview(case: dict, max_questions: int = 3):
    """Answer the engine's most decisive question from the case's facts (don't know when they do not say),
    up to ``max_questions`` times; the gold level is never looked at."""
    answers: dict = {}
    result = run(case)
    asked = 0
    while result.questions and asked < max_questions:
        question = result.questions[0]
        answers[question.id] = case["answers"].get(question.id, "dont_know")
        asked += 1
        result = run(case, answers)
    return result, asked


INTERVIEW_FILES = {"dev": ("interview_dev", "interview_dev2"), "test": ("interview_test",)}


def report_interview(part: str):
    files = INTERVIEW_FILES[part]
    cases = [case for name in files for case in load(name)]
    single = [(case, run(case)) for case in cases]
    rows, asked = [], []
    for case in cases:
        result, count = interview(case)
        rows.append((case, result))
        asked.append(count)
    print(f"\n=== interview, {part} part: {len(cases)} vignettes with a decisive fact held back ===")
    show("first message alone", summary(single))
    show("after at most 3 questions", summary(rows))
    reached = [(c, r, n) for (c, r), n in zip(rows, asked) if r.level == c["gold"]]
    print(f"  reached the gold level within 3 questions: {pct(len(reached), len(cases))}; mean questions asked "
          f"{statistics.mean(asked):.2f} (over the cases that reached it: "
          f"{statistics.mean(n for _, _, n in reached) if reached else 0:.2f})")
    for language in ("en", "es", "fr"):
        part = [(c, r) for c, r in rows if c["lang"] == language]
        print(f"    {language}: exact {pct(sum(r.level == c['gold'] for c, r in part), len(part))}")
    if len(files) > 1:
        for name in files:
            ids = {case["id"] for case in load(name)}
            part = [(c, r) for c, r in rows if c["id"] in ids]
            print(f"    {name}.jsonl: exact {pct(sum(r.level == c['gold'] for c, r in part), len(part))}")
    return rows, asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "dev2", "dev3", "dev4", "test", "both", "interview"), default="both",
                        help="dev, dev2 (atypical and pregnancy cases), dev3 and dev4 (emergencies in lay words), test or both "
                             "(all five): the single-message sets; interview: both interview parts")
    parser.add_argument("--misses", action="store_true", help="list every case answered at another level")
    args = parser.parse_args()
    triage("warm up")  # load the data files once, outside the timings
    for part in (("dev", "dev2", "dev3", "dev4", "test") if args.part == "both" else () if args.part == "interview"
                 else (args.part,)):
        report(part, args.misses)
    if args.part in ("both", "interview"):
        for part in ("dev", "test"):
            rows, asked = report_interview(part)
            if not args.misses or part == "test":
                continue  # the frozen part's misses are never listed: nobody tunes on them
            for (case, result), count in zip(rows, asked):
                if result.level != case["gold"]:
                    print(f"  MISS {case['id']} gold={case['gold']} got={result.level} asked={count} "
                          f"held_back={case['held_back']}\n       {case['text']}\n       questions now: "
                          f"{[q.id for q in result.questions]}")


if __name__ == "__main__":
    main()
