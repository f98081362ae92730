"""The deterministic red-flag check: emergency patterns in en/es/fr, no network, no model.

Every language's patterns are tried whatever the requested language (people
mix languages); the advice comes in the requested one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.safety.advice import TITLES, emergency_advice
from core.safety.patterns import CATEGORIES, COMPILED

LANGUAGES = ("en", "es", "fr")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RedFlagResult:
    category: str  # the most specific category matched (see core.safety.patterns.CATEGORIES)
    advice: str  # what to do now, in ``language``
    language: str
    title: str = ""
    categories: tuple[str, ...] = ()  # every category matched
    triage_level: str = "emergency"


def normalise(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def matched_categories(text: str) -> tuple[str, ...]:
    plain = normalise(text)
    return tuple(category for category in CATEGORIES
                 if any(all(group.search(plain) for group in rule) for rule in COMPILED[category]))


def check_red_flags(text: str, language: str = "en") -> RedFlagResult | None:
    """The emergency found in ``text``, with advice in ``language`` (en, es or fr; others get English), or None."""
    categories = matched_categories(text or "")
    if not categories:
        return None
    lang = language if language in LANGUAGES else "en"
    category = categories[0]
    return RedFlagResult(category=category, advice=emergency_advice(category, lang), language=lang,
                         title=TITLES[lang][category], categories=categories)
