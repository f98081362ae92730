"""Which of English, Spanish and French a text is written in, offline.

Short messages defeat character models alone, so common function words and
the lexicon's own matches (each phrase knows its language) vote first; when
they do not settle it, lingua's detector (restricted to the three languages,
low-accuracy mode: about 11 MB and a tenth of a millisecond) decides for texts
of three words or more. None when the text gives nothing to go on.
"""

from __future__ import annotations

from functools import cache

from core.triage.function_words import FUNCTION_WORDS
from core.triage.text import Plain

MARGIN = 2  # votes one language needs over the next to decide alone
LEXICON_VOTE = 2  # a concept phrase of one language counts as much as two function words
MIN_WORDS_FOR_MODEL = 3


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH, Language.FRENCH)
            .with_low_accuracy_mode().build())


_CODES = {"ENGLISH": "en", "SPANISH": "es", "FRENCH": "fr"}


def detect_language(text: Plain, matches=None) -> str | None:
    """``matches``: the lexicon's matches on ``text``, when the caller has them."""
    from core.triage.lexicon import lexicon

    tokens = [t for t in text.tokens if t.isalpha() or "'" in t]
    if not tokens:
        return None
    votes = {lang: sum(t in words for t in tokens) for lang, words in FUNCTION_WORDS.items()}
    for match in lexicon().find(text) if matches is None else matches:
        votes[match.language] += LEXICON_VOTE
    ranked = sorted(votes, key=votes.get, reverse=True)
    if votes[ranked[0]] - votes[ranked[1]] >= MARGIN:
        return ranked[0]
    if len(tokens) < MIN_WORDS_FOR_MODEL:
        return ranked[0] if votes[ranked[0]] > votes[ranked[1]] else None
    found = _detector().detect_language_of(text.text)
    if found is None:
        return ranked[0] if votes[ranked[0]] > votes[ranked[1]] else None
    return _CODES[found.name]


def detect_text_language(text: str) -> str | None:
    """en, es or fr for raw text, or None when it cannot be told."""
    from core.triage.text import plain

    return detect_language(plain(text or ""))
