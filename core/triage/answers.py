"""Answers to the triage engine's open questions, checked before anything is re-triaged or stored."""

from __future__ import annotations

from core.errors import abort
from core.triage.interview import YES_NO

NUMBER_RANGES = {"age": (0, 120), "temperature": (30, 45), "gestation": (1, 45), "duration": (0, 3650)}


def _checked(question: dict, value):
    if question["answer_type"] == "yes_no":
        if value not in YES_NO:
            abort(422, f"Question {question['id']!r} takes one of {', '.join(YES_NO)}.", error="invalid_answer")
        return value
    if value == "dont_know":
        return value
    low, high = NUMBER_RANGES[question["id"]]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        abort(422, f"Question {question['id']!r} takes a number of {question['unit']} from {low} to {high}, "
                   "or dont_know.", error="invalid_answer")
    return float(value)


def checked_answers(questions: list[dict], items: list[dict]) -> dict:
    """{question id: answer} for answers to ``questions`` (the open ones); 409 when there are none, 422 for
    an unknown question or an answer of the wrong type."""
    open_questions = {q["id"]: q for q in questions}
    if not open_questions:
        abort(409, "There are no open questions to answer.", error="interview_finished")
    unknown = [item["question_id"] for item in items if item["question_id"] not in open_questions]
    if unknown:
        abort(422, f"Not an open question: {', '.join(unknown)}.", error="unknown_question")
    return {item["question_id"]: _checked(open_questions[item["question_id"]], item["answer"]) for item in items}
