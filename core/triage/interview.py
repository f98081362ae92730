"""The follow-up questions that would change the answer, chosen from the rules themselves.

A question asks about a discriminator that is still unknown and would, if
present, complete a rule of a higher level than the current one, a rule the
findings have started on or one of the same body system. The most decisive
first: the larger the rise in level, the earlier; then numbers the rules need;
then the concepts that complete the most rules on their own (a rule's only
missing part weighs more than one of many alternatives); then file order. Concepts already
answered, found, or denied in the text are never asked again. Numbers the
rules depend on (age, temperature, duration, weeks of pregnancy) are asked as
numbers. Text the engine does not recognise at all gets the screening
questions for the commonest emergencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.triage.lexicon import concepts
from core.triage.rules import ask_first, rank, rules

MAX_QUESTIONS = 3
YES_NO = ("yes", "no", "dont_know")
SCREENING = ("severe_breathing", "chest_pain", "confusion")
ASKABLE_KINDS = ("symptom", "modifier")
NUMERIC = {  # question id: (unit, the derived concepts it answers)
    "age": ("years", {"age_under_3_months", "infant", "child_under_5", "child", "older_adult", "age_75_plus"}),
    "temperature": ("°C", {"temperature_38", "temperature_39", "temperature_40", "temperature_low"}),
    "gestation": ("weeks", {"pregnancy_20_weeks"}),
}
NOT_ASKED = {"severe_intensity", "tablets_many", "figure_of_speech", "information_request"}

TEXTS = {
    "en": {"self": "Do you have this: {label}?", "other": "Does the person you are writing about have this: {label}?",
           "age": "How old is the person, in years? (For a baby, give months as a fraction: 6 weeks is 0.12.)",
           "temperature": "What is the temperature, in °C?",
           "gestation": "How many weeks pregnant?", "duration": "How many days has this been going on?"},
    "es": {"self": "¿Tiene esto: {label}?", "other": "La persona por la que pregunta, ¿tiene esto: {label}?",
           "age": "¿Qué edad tiene la persona, en años? (Para un bebé, en fracción: 6 semanas son 0,12.)",
           "temperature": "¿Qué temperatura tiene, en °C?",
           "gestation": "¿De cuántas semanas de embarazo?", "duration": "¿Cuántos días lleva así?"},
    "fr": {"self": "Avez-vous ceci : {label} ?", "other": "La personne concernée a-t-elle ceci : {label} ?",
           "age": "Quel âge a la personne, en années ? (Pour un bébé, en fraction : 6 semaines font 0,12.)",
           "temperature": "Quelle est la température, en °C ?",
           "gestation": "Enceinte de combien de semaines ?", "duration": "Depuis combien de jours ?"},
}
UNITS = {"duration": "days"}
NUMBERS = {*NUMERIC, "duration"}


@dataclass(frozen=True)
class Question:
    id: str  # a concept id, or age, temperature, gestation, duration
    text: str
    answer_type: str  # yes_no (yes, no, dont_know) or number
    unit: str | None
    concept: str | None  # the concept it asks about (None for a number)
    would_raise_to: str  # the level a "yes" (or the number) could lead to


def _question_for(missing: str) -> str | None:
    """The question id that settles ``missing`` (a concept, or the rule's duration), if it can be asked."""
    for question_id, (_, derived) in NUMERIC.items():
        if missing in derived:
            return question_id
    concept = concepts().get(missing)
    if missing == "duration":
        return "duration"
    if concept is None or concept.generic or concept.kind not in ASKABLE_KINDS or missing in NOT_ASKED:
        return None
    return missing


def next_questions(present: set[str], known: set[str], asked: set[str], level: str, language: str,
                   subject: str, long_course: bool = False) -> list[Question]:
    """Up to MAX_QUESTIONS questions, the most decisive first.

    ``present``: affirmed concepts; ``known``: concepts found in any form (negated too) or answered;
    ``asked``: question ids answered already, and the numbers the text gave (age, temperature, gestation,
    duration); ``level``: the current level; ``long_course``: the text says it has lasted a while
    without saying how long, so its duration comes first when a rule of the complaint depends on it.
    """
    if level == "emergency":
        return []  # nothing can rise above it: the advice comes first, and alone
    catalogue = concepts()
    groups = {catalogue[c].group for c in present if catalogue[c].kind == "symptom"} - {"general"}
    votes: dict[str, list] = {}  # question id -> [best gain, weight, first rule, level]
    for order, rule in enumerate(rules()):
        gain = rank(rule.level) - rank(level)
        started = (rule.all | rule.any) & present
        related = started or any(catalogue[c].group in groups for c in rule.all | rule.any)
        if gain <= 0 or rule.none & present or not related:
            continue  # a rule of another body system says nothing about this complaint
        candidates = _missing(rule, present, known, asked)
        for question_id in candidates:
            vote = votes.setdefault(question_id, [gain, 0.0, order, rule.level])
            vote[1] += (1.0 if started else 0.5) / len(candidates)  # a rule's only missing part weighs most
            if gain > vote[0]:
                vote[0], vote[3] = gain, rule.level
    first = _asked_first(present, known, asked, level)
    if not present and not asked & set(SCREENING):
        for order, concept in enumerate(SCREENING):
            votes.setdefault(concept, [3, 1, -100 + order, "emergency"])
    ranked = sorted(votes.items(), key=lambda item: (-item[1][0], item[0] not in NUMBERS, -item[1][1],
                                                     item[1][2]))
    chosen = first + [(q, vote[3]) for q, vote in ranked if q not in dict(first)]
    if long_course and "duration" in votes:
        chosen = [("duration", votes["duration"][3])] + [item for item in chosen if item[0] != "duration"]
    return [_question(question_id, level_to, language, subject) for question_id, level_to in chosen[:MAX_QUESTIONS]]


def _level_if(present: set[str]) -> str:
    fired = [rule.level for rule in rules() if rule.fires(present, None, None)]
    return max(fired, key=rank) if fired else "self_care"


def _asked_first(present: set[str], known: set[str], asked: set[str], level: str) -> list[tuple[str, str]]:
    """The presentations' own discriminators ([ask] in the rules file: a concept, or "a+b" when both are
    present) whose "yes" would raise the level, in the file's order; a number, or the duration of a
    self-care answer, always counts."""
    chosen: dict[str, str] = {}
    for presentation, questions in ask_first().items():
        if not set(presentation.split("+")) <= present:
            continue
        for question_id in questions:
            if question_id in asked or question_id in chosen or (question_id in known and question_id not in NUMBERS):
                continue
            if question_id in NUMBERS:
                if question_id != "duration" or level == "self_care":
                    chosen[question_id] = "see_doctor" if question_id == "duration" else level
                continue
            raised = _level_if(present | {question_id})
            if rank(raised) > rank(level):
                chosen[question_id] = raised
    return list(chosen.items())


def _missing(rule, present: set[str], known: set[str], asked: set[str]) -> list[str]:
    """The questions that could complete ``rule``: its one missing concept, or the numbers it needs first."""
    missing = [c for c in rule.all - present]
    if rule.any and not rule.any & present:
        missing.append(tuple(sorted(rule.any - known)))
    if "duration" not in asked and "duration_days_over" in rule.when:
        missing.append("duration")
    numbers = {q for item in missing if isinstance(item, str) for q in [_question_for(item)] if q in NUMERIC
               or q == "duration"}
    others = [item for item in missing if not (isinstance(item, str) and _question_for(item) in numbers)]
    if numbers:  # a number the rule needs comes first; it settles the most
        return [q for q in numbers if q not in asked] if len(others) <= 1 else []
    if len(others) != 1:
        return []
    wanted = others[0] if isinstance(others[0], tuple) else (others[0],)
    found = [_question_for(concept) for concept in wanted if concept not in known]
    return [q for q in found if q and q not in asked]


def _question(question_id: str, level_to: str, language: str, subject: str) -> Question:
    texts = TEXTS[language]
    if question_id in NUMERIC or question_id == "duration":
        unit = NUMERIC[question_id][0] if question_id in NUMERIC else UNITS["duration"]
        return Question(question_id, texts[question_id], "number", unit, None, level_to)
    concept = concepts()[question_id]
    label = concept.labels.get(language) or concept.labels["en"]
    return Question(question_id, texts["other" if subject == "other" else "self"].format(label=label), "yes_no",
                    None, question_id, level_to)
