"""The checks of a medication review, each a plain function from what is known to findings.

Every check works on ingredients, never on names: two brands of paracetamol
are one ingredient twice. A finding carries the rule's severity, its effect in
the reader's language and the public source the rule cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from core.medicines import messages
from core.medicines.items import Item
from core.medicines.names import condition_index, medicine_index, tokens
from core.medicines.table import SEVERITIES, Rule, table
from core.triage.text import fold

SEVERITY_ORDER = ("emergency", *SEVERITIES, "unknown")


@dataclass
class Finding:
    kind: str  # interaction, condition, allergy, age, pregnancy, duplicate, max_dose, overdose, unrecognised
    severity: str  # emergency, contraindicated, major, moderate, unknown
    medicines: list[str]  # ingredient ids (the written text for an unrecognised medicine)
    message: str
    advice: str
    source: str | None
    about: str | None = None  # the allergy, condition, age or "pregnancy" as the person gave it
    items: list[int] = field(default_factory=list)  # which of the reviewed medicines (0-based)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "medicines": list(self.medicines),
                "about": self.about, "message": self.message, "advice": self.advice, "source": self.source,
                "items": list(self.items)}


@dataclass
class Person:
    """What the checks know about the person the medicines are for."""

    age: float | None = None
    pregnant: bool = False
    pregnancy_week: float | None = None
    allergies: list[str] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)  # condition id -> as written


def name_of(ingredient: str, language: str) -> str:
    return table().ingredients[ingredient].label(language)


def _finding(kind: str, rule: Rule, ingredients: list[str], language: str, items: list[int], about=None,
             **values) -> Finding:
    names = {"a": name_of(ingredients[0], language)}
    if len(ingredients) > 1:
        names["b"] = name_of(ingredients[1], language)
    message = messages.say(messages.FINDINGS, kind, language, effect=rule.effect.get(language, rule.effect["en"]),
                           about=about, **names, **values)
    return Finding("allergy" if kind == "cross_reactivity" else kind, rule.severity, ingredients, message,
                   messages.say(messages.ADVICE, rule.severity, language), rule.source, about, items)


def _where(items: list[Item], ingredient: str) -> list[int]:
    return [number for number, item in enumerate(items) if ingredient in item.ingredients]


def _stronger(first: Rule | None, second: Rule) -> bool:
    return first is None or SEVERITIES.index(second.severity) < SEVERITIES.index(first.severity)


def _low_dose(items: list[Item], ingredient: str, threshold: float) -> bool:
    """Every product holding ``ingredient`` says its dose, and none is above ``threshold`` mg a day (a
    strength alone stands for the day's dose when no frequency is given)."""
    amounts = []
    for item in items:
        if ingredient not in item.ingredients:
            continue
        daily = item.daily_mg(ingredient)
        if daily is None:
            daily = next(part.strength_mg for part in item.parts if part.ingredient == ingredient)
        if daily is None:
            return False  # not said: the rule applies (err toward care)
        amounts.append(daily)
    return bool(amounts) and max(amounts) <= threshold


def covers(reference: str, ingredient: str, items: list[Item], rule: Rule | None = None) -> bool:
    """Whether a rule's drug (an ingredient or ``class:<id>``) covers ``ingredient`` as these items take it:
    not when the rule excepts it, nor below the dose a class or the rule starts at (low-dose aspirin is an
    antiplatelet, not an NSAID)."""
    data = table()
    if ingredient not in data.expand(reference) or (rule is not None and ingredient in rule.excludes):
        return False
    if reference.startswith("class:"):
        threshold = data.ingredients[ingredient].classes_from_daily_mg.get(reference[6:])
        if threshold is not None and _low_dose(items, ingredient, threshold):
            return False
    return not (rule is not None and rule.above_daily_mg is not None
                and _low_dose(items, ingredient, rule.above_daily_mg))


def interactions(items: list[Item], language: str) -> list[Finding]:
    """The most serious rule for each pair of different ingredients taken together."""
    data = table()
    present = sorted({ident for item in items for ident in item.ingredients})
    taken = set(present)
    rules = [rule for rule in data.rules_of("interaction")  # only the rules both sides of which are here
             if data.expand(rule.drug) & taken and data.expand(rule.other) & taken]
    findings = []
    for first, second in combinations(present, 2):
        if _where(items, first) == _where(items, second) and len(_where(items, first)) == 1:
            continue  # the ingredients of one product are meant together
        best, forward = None, True
        for rule in rules:
            ahead = covers(rule.drug, first, items, rule) and covers(rule.other, second, items, rule)
            behind = covers(rule.drug, second, items, rule) and covers(rule.other, first, items, rule)
            if (ahead or behind) and _stronger(best, rule):
                best, forward = rule, ahead
        if best is not None:
            pair = [first, second] if forward else [second, first]
            findings.append(_finding("interaction", best, pair, language,
                                     sorted(set(_where(items, first)) | set(_where(items, second)))))
    return findings


def duplicates(items: list[Item], language: str) -> list[Finding]:
    findings = []
    for ingredient in sorted({ident for item in items for ident in item.ingredients}):
        where = _where(items, ingredient)
        names = {(items[n].product or items[n].name or items[n].text) for n in where}
        if len(where) < 2 or (len(names) < 2 and all(items[n].origin != "list" for n in where[1:])):
            continue
        message = messages.say(messages.FINDINGS, "duplicate", language, a=name_of(ingredient, language),
                               items=", ".join(items[n].text for n in where))
        findings.append(Finding("duplicate", "major", [ingredient], message,
                                messages.say(messages.ADVICE, "major", language),
                                table().ingredients[ingredient].source, None, where))
    return findings


def _mg(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


MANY_AT_ONCE = 10  # units taken at once of a medicine with no known maximum: treated as an overdose


def _taken_too_much(item: Item, ingredient: str) -> bool:
    """An amount taken at once at or over the day's maximum (or many units of one with no known maximum)."""
    if item.dose.taken_units is None or item.origin != "list":
        return False
    maximum, taken = table().ingredients[ingredient].max_daily_mg, item.taken_mg(ingredient)
    if maximum is not None and taken is not None:
        return taken >= maximum
    return item.dose.taken_units >= MANY_AT_ONCE


def doses(items: list[Item], language: str) -> list[Finding]:
    """A daily total over the usual adult maximum, and an amount taken at once that is an overdose."""
    findings = []
    for ingredient in sorted({ident for item in items for ident in item.ingredients}):
        entry = table().ingredients[ingredient]
        where = _where(items, ingredient)
        overdose = [n for n in where if items[n].dose.whole_container or _taken_too_much(items[n], ingredient)]
        if overdose:
            message = messages.say(messages.FINDINGS, "overdose", language, a=name_of(ingredient, language))
            findings.append(Finding("overdose", "emergency", [ingredient], message,
                                    messages.say(messages.ADVICE, "emergency", language),
                                    entry.max_daily_source or entry.source, None, sorted(set(overdose))))
            continue
        if entry.max_daily_mg is None:
            continue
        daily = [items[n].daily_mg(ingredient) for n in where]
        total = sum(mg for mg in daily if mg is not None)
        if total > entry.max_daily_mg * 1.001:
            message = messages.say(messages.FINDINGS, "max_dose", language, a=name_of(ingredient, language),
                                   daily=_mg(total), maximum=_mg(entry.max_daily_mg))
            findings.append(Finding("max_dose", "major", [ingredient], message,
                                    messages.say(messages.ADVICE, "major", language),
                                    entry.max_daily_source or entry.source, None,
                                    [n for n, mg in zip(where, daily) if mg is not None]))
    return findings


def allergy_targets(allergy: str) -> tuple[set[str], set[str]]:
    """The ingredients and classes an allergy, as written, names."""
    index = medicine_index()
    words = tokens(allergy)
    words = [index.correct(word) or word for word in words]
    ingredients, classes = set(), set()
    for found in index.find(words):
        if found.target.kind == "class":
            classes.add(found.target.id)
        elif found.target.kind == "product":
            ingredients |= set(table().products[int(found.target.id)].ingredients)
        else:
            ingredients.add(found.target.id)
    return ingredients, classes


_INTOLERANCE = re.compile(
    r"\b(?:nause\w*|vomit\w*|sick|upset stomach|stomach upset|diarrh\w*|drows\w*|dizz\w*|constipat\w*|"
    r"intoleran\w*|side effects?|nausea\w*|vomito\w*|mareo\w*|efectos? secundarios?|estrenimiento|"
    r"nausee\w*|vomissement\w*|intolerance|effets? secondaires?|somnolence|vertiges?)\b")


def allergies(items: list[Item], person: Person, language: str) -> list[Finding]:
    """The medicines an allergy names and its allergy classes; cross-reactive classes too, unless what
    the person wrote is an intolerance ("codeine (nausea)"), which concerns that medicine only."""
    data = table()
    findings, seen = [], set()
    for allergy in person.allergies:
        named, named_classes = allergy_targets(allergy)
        intolerance = bool(_INTOLERANCE.search(fold(allergy)))
        for ident in named:  # an allergy to one member is an allergy to its allergy classes
            named_classes |= {c for c in data.ingredients[ident].classes
                              if c in data.classes and data.classes[c].allergy_class}
        direct = set(named) if intolerance else set(named) | {i for c in named_classes for i in data.members.get(c, ())}
        for ingredient in sorted({i for item in items for i in item.ingredients}):
            if (ingredient, allergy) in seen:
                continue
            if ingredient in direct:
                seen.add((ingredient, allergy))
                message = messages.say(messages.FINDINGS, "allergy", language, a=name_of(ingredient, language),
                                       about=allergy)
                findings.append(Finding("allergy", "contraindicated", [ingredient], message,
                                        messages.say(messages.ADVICE, "contraindicated", language),
                                        data.ingredients[ingredient].source, allergy, _where(items, ingredient)))
                continue
            best = None
            for rule in ([] if intolerance else data.rules_of("cross_reactivity")):
                allergic_to = rule.other
                names_it = (allergic_to.startswith("class:") and allergic_to[6:] in named_classes) or \
                    allergic_to in named or bool(data.expand(allergic_to) & named)
                if names_it and covers(rule.drug, ingredient, items, rule) and _stronger(best, rule):
                    best = rule
            if best is not None:
                seen.add((ingredient, allergy))
                findings.append(_finding("cross_reactivity", best, [ingredient], language,
                                         _where(items, ingredient), about=allergy))
    return findings


def read_conditions(entries: list[str]) -> tuple[dict[str, str], list[str]]:
    """Condition ids for profile entries (id -> as written), and the entries no condition knows."""
    index, known, unknown = condition_index(), {}, []
    for entry in entries:
        found = index.find(tokens(entry))
        for match in found:
            known.setdefault(match.target.id, entry)
        if not found:
            unknown.append(entry)
    return known, unknown


def conditions(items: list[Item], person: Person, language: str) -> list[Finding]:
    data = table()
    findings = []
    for ingredient in sorted({i for item in items for i in item.ingredients}):
        for condition, written in person.conditions.items():
            best = None
            for rule in data.rules_of("condition"):
                if rule.other == condition and covers(rule.drug, ingredient, items, rule) and _stronger(best, rule):
                    best = rule
            if best is not None:
                label = data.conditions[condition].labels.get(language, written)
                findings.append(_finding("condition", best, [ingredient], language, _where(items, ingredient),
                                         about=label))
    return findings


def _age_words(age: float, language: str) -> str:
    if age < 2:
        return messages.AGE_MONTHS[language].format(n=max(1, round(age * 12)))
    return messages.AGE[language].format(n=f"{age:g}")


def populations(items: list[Item], person: Person, language: str) -> list[Finding]:
    """Age and pregnancy restrictions."""
    data = table()
    findings = []
    for ingredient in sorted({i for item in items for i in item.ingredients}):
        where = _where(items, ingredient)
        if person.age is not None:
            best = None
            for rule in data.rules_of("age"):
                applies = (rule.under_years is not None and person.age < rule.under_years) or \
                          (rule.over_years is not None and person.age >= rule.over_years)
                if applies and covers(rule.drug, ingredient, items, rule) and _stronger(best, rule):
                    best = rule
            if best is not None:
                findings.append(_finding("age", best, [ingredient], language, where,
                                         about=_age_words(person.age, language)))
        if person.pregnant:
            best = None
            for rule in data.rules_of("pregnancy"):
                week = person.pregnancy_week
                applies = week is None or ((rule.from_week or 0) <= week <= (rule.to_week or 45))
                if applies and covers(rule.drug, ingredient, items, rule) and _stronger(best, rule):
                    best = rule
            if best is not None:
                finding = _finding("pregnancy", best, [ingredient], language, where, about="pregnancy")
                if best.from_week and person.pregnancy_week is None:
                    finding.message = finding.message[:-1] + messages.PREGNANCY_WEEKS[language].format(
                        n=f"{best.from_week:g}") + "."
                findings.append(finding)
    return findings


def unrecognised(items: list[Item], language: str) -> list[Finding]:
    findings = []
    for number, item in enumerate(items):
        if item.recognised or item.origin == "question":
            continue
        if item.ambiguous:
            names = ", ".join(name_of(i, language) for i in item.ambiguous)
            message = messages.say(messages.FINDINGS, "ambiguous", language, a=item.text, items=names)
        elif item.classes and item.origin == "profile":
            continue  # "blood pressure tablets" in a profile: a class, checked through the conditions
        else:
            message = messages.say(messages.FINDINGS, "unrecognised", language, a=item.text)
        findings.append(Finding("unrecognised", "unknown", [item.text], message,
                                messages.say(messages.ADVICE, "unknown", language), None, None, [number]))
    return findings
