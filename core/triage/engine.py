"""The triage engine: free text and what is known of the person in, a level with its reasons out.

Steps, in order: normalise the text; find concepts (lexicon) and drop those a
figure of speech or a more specific concept covers; mark each as negated,
hypothetical or historical (context); read who it is about, their age,
pregnancy, temperature, duration and tablets taken (facts); add what the
profile says when the text is about the writer; fire the rules; and when no
rule fires, decide between a recognised self-limiting presentation
(self-care), recognised findings that need a doctor, and too little to go on.
Deterministic, offline, and a few milliseconds per text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from core.triage import advice
from core.triage.context import scopes
from core.triage.facts import TextFacts, duration_days, read_facts
from core.triage.interview import Question, next_questions
from core.triage.language import detect_language
from core.triage.lexicon import Match, concepts, lexicon
from core.triage.rules import LEVELS, Rule, defaults, rank, rules
from core.triage.text import Plain, plain

RISK_AGE_UNDER = 1.0  # years: an infant never gets self-care from the engine
RISK_AGE_FROM = 75.0
SEVERITIES = ("mild", "moderate", "severe")


@dataclass(frozen=True)
class Finding:
    concept: str
    label: str
    words: str
    origin: str = "text"  # text, profile or facts (age, temperature, tablets read from the text)
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    subject: str = "self"  # self, or other when the writer speaks for someone else

    @property
    def affirmed(self) -> bool:
        return not (self.negated or self.hypothetical or self.historical)


@dataclass
class TriageResult:
    level: str
    confidence: str  # high, moderate, low, or insufficient (not enough to go on)
    rule: dict  # id, complaint, level, source of the rule that set the level
    findings: list[Finding]
    language: str  # the language of the advice
    detected_language: str | None
    subject: str
    advice: list[str]
    safety_net: list[str]
    title: str
    category: str | None = None  # the emergency advice category, when the level is emergency
    crisis: dict | None = None  # helplines, whenever the text speaks of suicide or self-harm
    also: list[str] = field(default_factory=list)  # other rules that fired, highest level first
    questions: list[Question] = field(default_factory=list)  # what would change the answer, most decisive first
    facts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def record(self, model_level: str | None = None) -> dict:
        """What a response stores and shows: the assessment without its raw facts, the engine's level and
        the model's, and the level given (the model's only when it is higher)."""
        data = self.to_dict()
        del data["facts"]
        level = max(self.level, model_level or self.level, key=rank)
        return {**data, "level": level, "engine_level": self.level, "model_level": model_level}


def _profile_findings(profile: dict, language: str) -> list[Finding]:
    """Modifiers (diabetes, anticoagulants, pregnancy...) named in the profile's conditions and medicines."""
    catalogue, found = concepts(), {}
    for key in ("chronic_conditions", "current_medications", "conditions", "medications"):
        for item in profile.get(key) or []:
            for match in lexicon().find(plain(str(item))):
                if catalogue[match.concept].kind == "modifier" and match.concept not in found:
                    found[match.concept] = Finding(match.concept, _label(match.concept, language), str(item),
                                                   origin="profile")
    if profile.get("pregnant") and "pregnancy" not in found:
        found["pregnancy"] = Finding("pregnancy", _label("pregnancy", language), "pregnant", origin="profile")
    return list(found.values())


def _label(concept: str, language: str) -> str:
    labels = concepts()[concept].labels
    return labels.get(language) or labels.get("en") or concept.replace("_", " ")


GENERIC_REACH = 3  # tokens: a vague word this close to a specific concept is taken as part of it


def _kept(matches: list[Match]) -> list[Match]:
    """Drop matches inside a figure of speech, generic ones next to a specific concept, and those that
    a longer match of the same concept, or of a concept that explains them, already holds."""
    catalogue = concepts()
    masks = [m for m in matches if catalogue[m.concept].kind == "mask"]
    specific = [(i, m) for i, m in enumerate(matches) if not catalogue[m.concept].generic
                and catalogue[m.concept].kind in ("symptom", "benign", "topic")
                and not any(k.start <= m.start and m.end <= k.end for k in masks)]

    def held(i: int, match: Match) -> bool:
        for j, other in specific:
            if j == i or not (other.start <= match.start and match.end <= other.end):
                continue
            if match.concept in catalogue[other.concept].explains:
                return True
            if other.concept == match.concept and (other.end - other.start > match.end - match.start or j < i):
                return True
        return False

    kept = []
    for i, match in enumerate(matches):
        concept = catalogue[match.concept]
        if concept.kind == "mask" or any(m.start <= match.start and match.end <= m.end for m in masks):
            continue
        if concept.generic and any(o.start - GENERIC_REACH < match.end and match.start < o.end + GENERIC_REACH
                                   for _, o in specific):
            continue
        if held(i, match):
            continue
        kept.append(match)
    return kept


def _derived(facts: TextFacts, age: float | None, profile_pregnant: bool) -> dict[str, str]:
    """Concepts that follow from numbers: age bands, temperature, gestation, tablets taken."""
    out: dict[str, str] = {}
    band = facts.age_band
    if age is not None:
        if age < 0.25:
            out["age_under_3_months"] = f"{age:g} years"
        if age < 1:
            out["infant"] = f"{age:g} years"
        if age < 5:
            out["child_under_5"] = f"{age:g} years"
        if age < 16:
            out["child"] = f"{age:g} years"
        if age >= 65:
            out["older_adult"] = f"{age:g} years"
        if age >= RISK_AGE_FROM:
            out["age_75_plus"] = f"{age:g} years"
    elif band == "infant":
        out.update(infant="baby", child_under_5="baby", child="baby")
    elif band == "toddler":
        out.update(child_under_5="toddler", child="toddler")
    elif band == "child":
        out["child"] = "child"
    elif band == "older":
        out["older_adult"] = "older relative"
    if facts.temperature_c is not None:
        t = facts.temperature_c
        if t >= 38.0:
            out["fever"] = f"{t:g} °C"
        for threshold, concept in ((38.0, "temperature_38"), (39.0, "temperature_39"), (40.0, "temperature_40")):
            if t >= threshold:
                out[concept] = f"{t:g} °C"
        if t < 35.5:
            out["temperature_low"] = f"{t:g} °C"
        elif t < 38.0:
            out["temperature_under_38"] = f"{t:g} °C"
    if facts.pulse is not None and 20 <= facts.pulse < 50:
        out["pulse_under_50"] = f"pulse {facts.pulse}"
    if facts.pregnant or profile_pregnant:
        out["pregnancy"] = "pregnant"
    if facts.gestation_weeks is not None and facts.gestation_weeks >= 20:
        out["pregnancy_20_weeks"] = f"{facts.gestation_weeks:g} weeks"
    if facts.gestation_weeks is not None and facts.gestation_weeks < 24:
        out["pregnancy_before_24_weeks"] = f"{facts.gestation_weeks:g} weeks"
    if facts.tablets is not None and facts.tablets >= 8:
        out["tablets_many"] = f"{facts.tablets} tablets"
    return out


def triage(text: str, *, profile: dict | None = None, duration: str | None = None, severity: str | None = None,
           language: str | None = None, country: str | None = None, answers: dict | None = None) -> TriageResult:
    """Triage ``text`` (en, es or fr, mixed or not).

    ``profile``: what is known of the writer (core.profile.services.profile_facts, or any dict with age,
    gender, chronic_conditions, current_medications, pregnant, preferred_language, country); used only
    when the text is about the writer. ``language``: the answer's language (default: the text's own when
    it can be told, else the profile's, else English). ``answers``: replies to earlier questions
    (core.triage.interview): a concept id to "yes", "no" or "dont_know", or age, temperature, gestation
    or duration to a number.
    """
    answers = dict(answers or {})
    profile = profile or {}
    text_plain = lexicon().corrected(plain(text or ""))
    matches = lexicon().find(text_plain)
    detected = detect_language(text_plain, matches)
    answer = language or detected or profile.get("preferred_language") or "en"
    answer = answer if answer in advice.LANGUAGES else "en"
    severity = severity if severity in SEVERITIES else None
    facts = _text_facts(text_plain, matches, duration, answers)
    age = facts.age_years if facts.age_years is not None else (
        profile.get("age") if facts.subject == "self" else None)
    if _is_number(answers.get("age")):
        age = float(answers["age"])
    findings = _findings(text_plain, matches, facts, profile, age, severity, answer) + _answered(answers, answer,
                                                                                               facts.subject)
    return _decide(findings, facts, age, severity, answer, detected, country or profile.get("country"),
                   set(answers))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _answered(answers: dict, language: str, subject: str) -> list[Finding]:
    """Findings from yes/no answers ("don't know" adds none: the concept stays unknown)."""
    return [Finding(concept, _label(concept, language), "yes" if value == "yes" else "no", origin="answer",
                    negated=value == "no", subject=subject)
            for concept, value in answers.items() if concept in concepts() and value in ("yes", "no")]


def _text_facts(text: Plain, matches: list[Match], duration: str | None, answers: dict) -> TextFacts:
    facts = read_facts(text.text)
    if facts.age_band == "infant" and facts.age_years is None and any(
            m.concept in ("pregnancy", "reduced_fetal_movement") for m in matches):
        facts.age_band = None  # "the baby hasn't moved": the unborn baby, not an infant
    if duration:
        facts.duration_days = duration_days(plain(duration).text) or facts.duration_days
    for question_id, attribute in (("temperature", "temperature_c"), ("duration", "duration_days"),
                                   ("gestation", "gestation_weeks")):
        if _is_number(answers.get(question_id)):
            setattr(facts, attribute, float(answers[question_id]))
    facts.pregnant = facts.pregnant or facts.gestation_weeks is not None
    return facts


def _findings(text: Plain, matches: list[Match], facts: TextFacts, profile: dict, age: float | None,
              severity: str | None, language: str) -> list[Finding]:
    """What the text says (with its context), what the profile adds, and what follows from numbers."""
    context = scopes(text)
    findings = [Finding(m.concept, _label(m.concept, language), m.words, negated=context.applies(m, "negation"),
                        hypothetical=context.applies(m, "hypothetical"),
                        historical=context.applies(m, "historical"), subject=facts.subject)
                for m in _kept(matches)]
    if facts.subject == "self":
        findings += _profile_findings(profile, language)
    profile_pregnant = any(f.concept == "pregnancy" and f.origin == "profile" for f in findings)
    for concept, words in _derived(facts, age, profile_pregnant).items():
        if not any(f.concept == concept and f.affirmed for f in findings):
            findings.append(Finding(concept, _label(concept, language), words, origin="facts",
                                    subject=facts.subject))
    if severity == "severe":
        findings.append(Finding("severe_intensity", _label("severe_intensity", language), "severe",
                                origin="facts", subject=facts.subject))
    return findings


def _decide(findings: list[Finding], facts: TextFacts, age: float | None, severity: str | None,
            language: str, detected: str | None, country: str | None, asked: set[str]) -> TriageResult:
    """Fire the rules on the affirmed findings; the highest level wins, else the safe default."""
    catalogue = concepts()
    present = {f.concept for f in findings if f.affirmed}
    denied = frozenset(f.concept for f in findings if f.negated) - present
    fired = sorted((r for r in rules() if r.fires(present, facts.duration_days, severity, denied)),
                   key=lambda r: -rank(r.level))  # stable: file order within a level
    symptoms = {c for c in present if catalogue[c].kind in ("symptom", "benign", "topic")}
    if fired:
        rule = fired[0]
        confidence = "high" if rule.level == "emergency" or len(rule.concepts() & present) >= 2 else "moderate"
    else:
        rule = _default_rule(present, symptoms, facts, age, severity, any(f.hypothetical for f in findings))
        confidence = {"self_limiting": "moderate", "information_only": "moderate",
                      "not_enough_to_go_on": "insufficient"}.get(rule.id, "low")
    level = rule.level
    category = rule.category if level == "emergency" else None
    categories = tuple(dict.fromkeys(r.category for r in fired if r.level == "emergency" and r.category))
    crisis = advice.crisis_resources(language, country) \
        if any(f.concept == "suicidal_intent" for f in findings) else None
    return TriageResult(
        level=level, confidence=confidence,
        rule={"id": rule.id, "complaint": rule.complaint, "level": rule.level, "source": rule.source},
        findings=findings, language=language, detected_language=detected, subject=facts.subject,
        advice=advice.level_advice(level, categories, language, insufficient=confidence == "insufficient"),
        safety_net=advice.safety_net(level, {catalogue[c].group for c in present}, language),
        title=advice.title(level, category, language), category=category, crisis=crisis,
        also=[r.id for r in fired[1:]],
        questions=next_questions(present, {f.concept for f in findings}, asked | _numbers_known(facts, age), level,
                                 language, facts.subject, long_course=facts.long_course),
        facts={"age_years": age, "temperature_c": facts.temperature_c, "duration_days": facts.duration_days,
               "pregnant": "pregnancy" in present, "gestation_weeks": facts.gestation_weeks,
               "tablets": facts.tablets},
    )


def _numbers_known(facts: TextFacts, age: float | None) -> set[str]:
    known = {"age": age, "temperature": facts.temperature_c, "gestation": facts.gestation_weeks,
             "duration": None if facts.long_course else facts.duration_days}
    return {name for name, value in known.items() if value is not None}


def _default_rule(present: set[str], symptoms: set[str], facts: TextFacts, age: float | None,
                  severity: str | None, asked_about: bool) -> Rule:
    """No rule fired: self-care only for a recognised self-limiting presentation with no risk, or a
    question about a condition that describes no symptom at all."""
    catalogue, fallback = concepts(), defaults()
    if not symptoms:
        if asked_about and "information_request" in present and not facts.age_band:
            return fallback["information_only"]
        return fallback["unrecognised"]
    explained = {e for c in symptoms for e in catalogue[c].explains}
    limits = [catalogue[c].self_limiting_days for c in symptoms - explained]
    risky = any(catalogue[c].kind == "modifier" for c in present) or "pregnancy" in present \
        or (age is not None and (age < RISK_AGE_UNDER or age >= RISK_AGE_FROM)) \
        or facts.age_band in ("infant", "older") or severity == "severe"
    self_limiting = all(limit is not None for limit in limits) and (
        facts.duration_days is None or facts.duration_days <= min(limits, default=float("inf")))
    if self_limiting and not risky:
        return fallback["self_limiting"]
    return fallback["recognised"]


__all__ = ["LEVELS", "Finding", "TriageResult", "triage"]
