"""ConText for each finding: negated, hypothetical or historical, from trigger phrases in data/context.toml.

After NegEx (Chapman et al., 2001) and ConText (Harkema et al., 2009): a
trigger before a concept reaches forward over a window of tokens, one after it
reaches back, and the scope stops at a clause boundary (punctuation or a
terminator such as "but", "pero", "mais"). Pseudo-triggers ("not only",
"no better", "not sure") cancel the triggers they contain. A trigger that is
part of the concept's own words ("can't breathe", "no para de sangrar") does
not count.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from core.triage.lexicon import LANGUAGES, Lexicon, Match
from core.triage.phrases import PhraseError, compile_phrase
from core.triage.text import CLAUSE_MARKS, Plain

CONTEXTS = ("negation", "hypothetical", "historical")
WINDOW_BEFORE = {"negation": 5, "hypothetical": 8, "historical": 6}
WINDOW_AFTER = {"negation": 3, "hypothetical": 0, "historical": 5}


@dataclass(frozen=True)
class Trigger:
    context: str  # negation, hypothetical, historical, pseudo or terminator
    direction: str  # before (reaches forward) or after (reaches back)
    start: int
    end: int


@dataclass
class Scopes:
    triggers: list[Trigger]
    boundaries: frozenset[int]  # token indices that end a clause

    def _clear(self, low: int, high: int) -> bool:
        return not any(low <= b < high for b in self.boundaries)

    def applies(self, match: Match, context: str) -> bool:
        for trigger in self.triggers:
            if trigger.context != context or (trigger.start < match.end and match.start < trigger.end):
                continue
            if trigger.direction == "before" and trigger.end <= match.start:
                if match.start - trigger.end <= WINDOW_BEFORE[context] and self._clear(trigger.end, match.start):
                    return True
            elif trigger.direction == "after" and trigger.start >= match.end:
                if trigger.start - match.end <= WINDOW_AFTER[context] and self._clear(match.end, trigger.start):
                    return True
        return False


@cache
def _triggers() -> Lexicon:
    data = tomllib.loads(resources.files("core.triage").joinpath("data/context.toml").read_text("utf-8"))
    phrases = []
    for language in LANGUAGES:
        for name, entry in data[language].items():
            context, _, direction = name.partition(".")
            for source in entry:
                try:
                    phrase = compile_phrase(source)
                except PhraseError as error:
                    raise ValueError(f"context.toml [{language}] {name} {source!r}: {error}") from None
                phrases.append((f"{context}.{direction or 'before'}", language, phrase))
    return Lexicon(phrases)


def scopes(text: Plain) -> Scopes:
    found = _triggers().find(text)
    pseudo = [m for m in found if m.concept.startswith("pseudo")]
    boundaries = {i for i, token in enumerate(text.tokens) if token in CLAUSE_MARKS or token == ","}
    triggers = []
    for match in found:
        context, direction = match.concept.split(".")
        if context == "terminator":
            boundaries.update(range(match.start, match.end))
        elif context != "pseudo" and not any(p.start <= match.start and match.end <= p.end for p in pseudo):
            triggers.append(Trigger(context, direction, match.start, match.end))
    return Scopes(triggers, frozenset(boundaries))
