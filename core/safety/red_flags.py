"""The deterministic red-flag check: emergency patterns in en/es/fr, no network, no model.

Every language's patterns are tried whatever the requested language (people
mix languages); the advice comes in the requested one.

Plain negations are recognised, narrowly, because a false alarm also withholds
the AI analysis: a term is ignored when one of the three words just before it,
in the same clause, is a negation ("no chest pain", "sin fiebre", "pas de
fièvre"). "never" is not one ("never had pain like this" is an alarm), "not
only"/"not just" is not one, "and", "or", "but" and punctuation end a clause,
and mentions of suicide or self-harm are never discounted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.safety.advice import TITLES, emergency_advice
from core.safety.patterns import CATEGORIES, COMPILED, SUBSUMES

LANGUAGES = ("en", "es", "fr")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RedFlagResult:
    category: str  # the most specific category matched (see core.safety.patterns.CATEGORIES)
    advice: str  # what to do now, in ``language`` (for every category matched, the first one first)
    language: str
    title: str = ""
    categories: tuple[str, ...] = ()  # every category matched
    triage_level: str = "emergency"


def normalise(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


NEGATIONS = frozenset({
    "no", "not", "without", "denies", "denied", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt",
    "haven't", "havent", "hasn't", "hasnt", "isn't", "isnt", "aren't", "arent",  # en
    "sin", "ni", "tampoco",  # es ("no" above)
    "pas", "sans", "aucun", "aucune",  # fr
})
NOT_NEGATING_AFTER = frozenset({"only", "just", "simply", "solo", "solamente", "seulement"})
NEVER_NEGATED = frozenset({"suicidal_intent"})
_CLAUSE_END = re.compile(r"[.,;:!?()]|\b(?:and|or|but|y|o|pero|sino|et|ou|mais)\b")
_WORD = re.compile(r"[\w']+")


def _negated(plain: str, start: int) -> bool:
    clause = _CLAUSE_END.split(plain[:start])[-1]
    words = _WORD.findall(clause)[-3:]
    for i, word in enumerate(words):
        if word in NEGATIONS and not (i + 1 < len(words) and words[i + 1] in NOT_NEGATING_AFTER):
            return True
    return False


def _found(group: re.Pattern, plain: str, negations: bool) -> bool:
    return any(not (negations and _negated(plain, m.start())) for m in group.finditer(plain))


def matched_categories(text: str) -> tuple[str, ...]:
    plain = normalise(text)
    return tuple(category for category in CATEGORIES
                 if any(all(_found(group, plain, category not in NEVER_NEGATED) for group in rule)
                        for rule in COMPILED[category]))


def check_red_flags(text: str, language: str = "en") -> RedFlagResult | None:
    """The emergency found in ``text``, with advice in ``language`` (en, es or fr; others get English), or None."""
    categories = matched_categories(text or "")
    if not categories:
        return None
    lang = language if language in LANGUAGES else "en"
    category = categories[0]
    covered = {other for c in categories for other in SUBSUMES.get(c, ())}
    advised = tuple(c for c in categories if c not in covered)
    return RedFlagResult(category=category, advice=emergency_advice(advised, lang), language=lang,
                         title=TITLES[lang][category], categories=categories)
