"""A medication review: a person's medicines, as they wrote them, checked against each other and
against what is known of the person, offline and deterministically.

Order: each medicine is read into ingredients and a dose (items.py); the
profile's regular medicines join them; the question is read for medicines and
conditions it names; the triage engine reads the words for overdose wording
("I took the whole box") and any emergency; then every check in checks.py. The
outcome is the most serious finding's, and a list with anything unrecognised is
never reported as fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.medicines import checks, messages
from core.medicines.checks import Finding, Person, SEVERITY_ORDER
from core.medicines.doses import AbsurdDose
from core.medicines.items import Item, read_item
from core.medicines.names import condition_index, medicine_index, tokens
from core.medicines.table import table
from core.triage import triage
from core.triage.facts import read_facts
from core.triage.language import detect_text_language
from core.triage.text import plain

LANGUAGES = ("en", "es", "fr")
OUTCOMES = ("emergency", "avoid", "caution", "incomplete", "none_found")
_PREGNANT = re.compile(r"\b(?:pregnan\w*|expecting a baby|embarazad\w*|embarazo|encinta|enceinte|grossesse)\b")


class InvalidMedicine(ValueError):
    """A medicine whose dose is impossible: ``index`` is its place in the list."""

    def __init__(self, index: int, reason: str):
        super().__init__(reason)
        self.index = index


@dataclass
class Review:
    language: str
    items: list[Item]
    findings: list[Finding]
    outcome: str
    not_checked: list[dict] = field(default_factory=list)
    triage: dict | None = None  # the triage engine's record, when the words are an emergency

    @property
    def summary(self) -> str:
        return messages.say(messages.SUMMARIES, self.outcome, self.language)

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "summary": self.summary, "language": self.language,
                "medicines": [_item_dict(item, self.language) for item in self.items],
                "findings": [finding.as_dict() for finding in self.findings],
                "not_checked": list(self.not_checked), "triage": self.triage,
                "disclaimer": messages.DISCLAIMER[self.language]}


def _item_dict(item: Item, language: str) -> dict:
    data = table()
    ingredients = []
    for part in item.parts:
        entry = data.ingredients[part.ingredient]
        ingredients.append({"id": entry.id, "name": entry.label(language), "strength_mg": part.strength_mg,
                            "atc": entry.atc, "rxnorm": entry.rxnorm, "classes": sorted(entry.classes),
                            "max_daily_mg": entry.max_daily_mg})
    return {"input": item.text, "origin": item.origin, "recognised": item.recognised, "read_as": item.name,
            "product": item.product, "ingredients": ingredients, "corrected": dict(item.corrections),
            "dose": item.dose.as_dict()}


def _list(value) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _person(profile: dict, question: str | None) -> tuple[Person, list[dict]]:
    conditions = _list(profile.get("conditions"))
    known, unknown = checks.read_conditions(conditions)
    if question:
        for match in condition_index().find(tokens(question)):
            known.setdefault(match.target.id, match.words)
    words = plain(" ".join([*conditions, question or ""])).text
    facts = read_facts(words)
    pregnant = bool(profile.get("pregnant")) or facts.pregnant or bool(_PREGNANT.search(words))
    week = profile.get("pregnancy_week") or facts.gestation_weeks
    unknown = [entry for entry in unknown if not _PREGNANT.search(plain(entry).text)]
    age = profile.get("age")
    person = Person(age=float(age) if isinstance(age, (int, float)) else None, pregnant=pregnant,
                    pregnancy_week=float(week) if week else None,
                    allergies=_list(profile.get("allergies")), conditions=known)
    not_checked = [{"field": "conditions", "value": entry} for entry in unknown]
    for allergy in person.allergies:
        if not any(checks.allergy_targets(allergy)):
            not_checked.append({"field": "allergies", "value": allergy})
    return person, not_checked


def _items(medicines: list[str], profile: dict, question: str | None) -> list[Item]:
    items = []
    for number, text in enumerate(medicines):
        try:
            items.append(read_item(text, "list"))
        except AbsurdDose as error:
            raise InvalidMedicine(number, str(error)) from None
    listed = {frozenset(item.ingredients) for item in items if item.recognised}
    for text in _list(profile.get("medications")):
        try:
            item = read_item(text, "profile")
        except AbsurdDose:
            continue  # a profile entry is the person's own record: never a reason to refuse the review
        if not item.recognised or frozenset(item.ingredients) not in listed:
            items.append(item)
    if question:
        item = read_item(question, "question")
        known = {i for existing in items for i in existing.ingredients}
        if item.recognised and not set(item.ingredients) <= known:
            item.parts = [part for part in item.parts if part.ingredient not in known]
            item.dose.taken_units, item.dose.whole_container = None, False
            items.append(item)
    return items


def _language_of(text: str) -> str | None:
    """The language of the words around the medicines' names ("cada 8 horas"): names say nothing of it."""
    names = medicine_index().vocabulary
    words = [word for word in tokens(text) if word not in names and not word[0].isdigit()]
    return detect_text_language(" ".join(words)) if words else None


def _outcome(findings: list[Finding], emergency: bool) -> str:
    severities = {finding.severity for finding in findings}
    if emergency or "emergency" in severities:
        return "emergency"
    if severities & {"contraindicated", "major"}:
        return "avoid"
    if "moderate" in severities:
        return "caution"
    if "unknown" in severities:
        return "incomplete"
    return "none_found"


# The review's names for the lists, and the names core.profile's facts give them.
LIST_KEYS = {"allergies": "allergies", "conditions": "chronic_conditions", "medications": "current_medications"}


def _merged(profile: dict | None, person: dict | None, question: str | None) -> dict:
    """What is known of the person the medicines are for: ``person`` (said for them) over the writer's
    ``profile``, which does not count when the question speaks for someone else ("for my son"); an age
    the question gives ("my 10 year old") when none is said."""
    asked = read_facts(plain(question).text) if question else None
    writer = {} if asked and asked.subject == "other" else dict(profile or {})
    merged = {**writer, **{k: v for k, v in (person or {}).items() if v not in (None, [], "")}}
    for key, profile_key in LIST_KEYS.items():
        merged[key] = [*_list(writer.get(key) or writer.get(profile_key)), *_list((person or {}).get(key))]
    if merged.get("age") is None and asked:
        merged["age"] = asked.age_years
    return merged


def review(medicines: list[str], *, profile: dict | None = None, person: dict | None = None,
           question: str | None = None, language: str | None = None, country: str | None = None) -> Review:
    """Check ``medicines`` (texts as people write them) for the person they are for.

    ``profile``: the writer's (age, pregnant, pregnancy_week, allergies, conditions or chronic_conditions,
    medications or current_medications, preferred_language), used unless the question speaks for someone
    else; ``person``: the same keys said for the person the medicines are for, always used. Raises
    InvalidMedicine for an impossible dose.
    """
    preferred = (profile or {}).get("preferred_language")
    profile = _merged(profile, person, question)
    profile["preferred_language"] = preferred
    words = " ".join([*medicines, question or ""])
    language = language if language in LANGUAGES else (
        _language_of(words) or profile.get("preferred_language") or "en")
    language = language if language in LANGUAGES else "en"
    items = _items(medicines, profile, question)
    person, not_checked = _person(profile, question)
    findings = (checks.doses(items, language) + checks.allergies(items, person, language)
                + checks.interactions(items, language) + checks.duplicates(items, language)
                + checks.conditions(items, person, language) + checks.populations(items, person, language)
                + checks.unrecognised(items, language))
    findings.sort(key=lambda f: SEVERITY_ORDER.index(f.severity))
    assessment = triage(words, profile={"age": person.age}, language=language, country=country)
    emergency = assessment.level == "emergency"
    return Review(language, items, findings, _outcome(findings, emergency), not_checked,
                  assessment.record() if emergency else None)


def warnings_for(medicines: list[str], profile: dict | None, language: str | None = None) -> list[dict]:
    """What the tables say about medicines someone suggested or mentioned, for the person ``profile``
    describes (profile_facts or the review's keys): every finding but "not recognised", as dicts."""
    if not medicines:
        return []
    try:
        result = review(medicines, profile=profile, language=language)
    except InvalidMedicine:
        return []
    return [{**finding.as_dict(), "items": []} for finding in result.findings if finding.kind != "unrecognised"]
