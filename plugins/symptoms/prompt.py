"""The messages sent to the model for one consultation."""

from __future__ import annotations

import json
from collections.abc import Sequence

from core.api import ContextItem, assistant_identity

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French"}

TASK = """Task: assess the symptoms below for this person. Reply with one JSON object only, no other text:
{
  "triage_level": "emergency" | "urgent" | "see_doctor" | "self_care",
  "summary": "two or three sentences in plain language",
  "possible_conditions": [
    {"name": "...", "likelihood": "likely" | "possible" | "less likely",
     "explanation": "why, in one or two sentences", "icd10": "its ICD-10-CM code, e.g. J06.9"}
  ],
  "next_steps": ["what to do now, most important first"],
  "watch_for": ["signs that mean getting care sooner"],
  "medications": [{"name": "generic name of an over-the-counter medicine that may help", "note": "how, and cautions"}],
  "disclaimer": "a one-sentence reminder that this is not a diagnosis"
}
Triage levels: emergency = call emergency services now; urgent = see a doctor today; see_doctor = book an
appointment in the coming days; self_care = can be managed at home with the advice given.
List at most five possible conditions, most likely first. Suggest no medicine the person is allergic to and
mention interactions with their current medicines. Write every text value in {language}; keep the JSON keys,
triage levels and codes as shown."""

RETRY = ("Your previous reply could not be used: {problem}. Reply again with the JSON object only, "
         "exactly in the format asked.")


def person_lines(facts: dict) -> list[str]:
    lines = []
    if facts.get("age") is not None:
        lines.append(f"Age: {facts['age']}")
    if facts.get("gender"):
        lines.append(f"Sex/gender: {facts['gender']}")
    for key, label in (("allergies", "Allergies"), ("chronic_conditions", "Chronic conditions"),
                       ("current_medications", "Current medications")):
        if facts.get(key):
            lines.append(f"{label}: {', '.join(facts[key])}")
    return lines


def build_messages(symptoms: str, duration: str | None, severity: str | None, language: str, facts: dict,
                   context: Sequence[ContextItem], assessment=None) -> list[dict[str, str]]:
    system = assistant_identity() + "\n\n" + TASK.replace("{language}", LANGUAGE_NAMES[language])
    parts = [f"Symptoms: {symptoms}"]
    if duration:
        parts.append(f"Duration: {duration}")
    if severity:
        parts.append(f"Severity (the person's own rating): {severity}")
    if assessment is not None:
        parts.append(f"Offline triage rules rated this at least: {assessment.level} ({assessment.rule['complaint']}). "
                     "Never answer a lower triage level.")
    person = person_lines(facts)
    parts.append("About the person:\n" + ("\n".join(person) if person else "nothing known"))
    if context:
        blocks = [f"[{i}] {item.title}\n{item.text}" for i, item in enumerate(context, 1)]
        parts.append("Background from other sources (cite by number where you rely on it):\n" + "\n\n".join(blocks))
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n\n".join(parts)}]


def retry_messages(messages: list[dict[str, str]], previous: str, problem: str) -> list[dict[str, str]]:
    return [*messages, {"role": "assistant", "content": previous[:4000]},
            {"role": "user", "content": RETRY.format(problem=problem)}]


def describe_errors(errors: dict) -> str:
    """A short account of validation errors for the retry message."""
    return "invalid fields " + json.dumps(errors, ensure_ascii=False)[:400]
