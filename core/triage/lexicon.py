"""Concepts and the words people use for them, read from data/concepts.toml and data/lexicon/<lang>.toml.

Matching is one pass over the tokens: an index of every phrase's first words
picks the few phrases worth trying at each token, and each is matched there,
anchored. Every language's phrases are tried on every text (people mix
languages); a match remembers the language it came from.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from core.triage.phrases import Phrase, PhraseError, Stem, compile_phrase
from core.triage.text import Plain, join_elisions, plain

LANGUAGES = ("en", "es", "fr")
SPELLING_MIN_LENGTH = 5
KINDS = ("symptom", "modifier", "benign", "topic", "qualifier", "mask")


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str  # symptom: a complaint or sign; modifier: a risk factor; benign: a self-limiting presentation;
    #            topic: a named condition; mask: a figure of speech that hides the concepts inside it
    group: str  # body system, for safety-netting advice
    labels: dict[str, str]
    generic: bool = False  # a vague word ("pain", "swollen") that a specific concept over it replaces
    self_limiting_days: float | None = None  # alone and mild, self-care for up to this many days
    explains: frozenset[str] = frozenset()  # complaints it accounts for ("period pain" explains a tummy ache)


@dataclass(frozen=True)
class Match:
    concept: str
    start: int  # token index of the first token
    end: int  # token index after the last token
    language: str
    words: str  # the normalised words matched


def _data(name: str) -> dict:
    return tomllib.loads(resources.files("core.triage").joinpath("data/" + name).read_text(encoding="utf-8"))


@cache
def concepts() -> dict[str, Concept]:
    catalogue = {}
    for concept_id, entry in _data("concepts.toml").items():
        if entry.get("kind") not in KINDS:
            raise ValueError(f"concept {concept_id}: kind must be one of {KINDS}")
        catalogue[concept_id] = Concept(concept_id, entry["kind"], entry.get("group", "general"),
                                        dict(entry.get("label", {})), bool(entry.get("generic", False)),
                                        entry.get("self_limiting_days"), frozenset(entry.get("explains", ())))
    return catalogue


class Lexicon:
    def __init__(self, phrases: list[tuple[str, str, Phrase]], other_words: frozenset[str] = frozenset()):
        self.phrases = phrases  # (concept, language, phrase)
        self.other_words = other_words  # known words that are no concept's (never "corrected")
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.prefix: dict[str, list[tuple[str, int]]] = defaultdict(list)  # first 3 letters -> (stem, phrase)
        self.short_prefixes: list[tuple[str, int]] = []
        self.vocabulary: set[str] = set()
        for number, (_, _, phrase) in enumerate(phrases):
            self.vocabulary |= phrase.words
            for stem in phrase.stems:
                self._index(stem, number)
        self._missing_one: dict[str, set[str]] = defaultdict(set)  # a word with one letter left out -> words
        for word in self.vocabulary:
            if len(word) >= SPELLING_MIN_LENGTH and word.isalpha():
                for i in range(len(word)):
                    self._missing_one[word[:i] + word[i + 1:]].add(word)

    def spelling(self, token: str) -> str | None:
        """The one known word ``token`` is a slip of (a letter missing, doubled or extra, or two letters
        swapped), or None. Substitutions are never guessed: "paid" must not become "pain"."""
        if len(token) < SPELLING_MIN_LENGTH or not token.isalpha() or token in self.vocabulary \
                or token in self.other_words:
            return None
        if any(token.startswith(stem) for stem, _ in self.prefix.get(token[:3], ())):
            return None  # a known word's form ("diarrhoea" for diarrh*)
        candidates = set(self._missing_one.get(token, ()))  # a letter missing from the token
        for i in range(len(token)):
            shorter = token[:i] + token[i + 1:]  # a letter too many in the token
            if shorter in self.vocabulary:
                candidates.add(shorter)
        for i in range(len(token) - 1):
            swapped = token[:i] + token[i + 1] + token[i] + token[i + 2:]
            if swapped in self.vocabulary:
                candidates.add(swapped)
        return candidates.pop() if len(candidates) == 1 else None

    def corrected(self, text: Plain) -> Plain:
        """``text`` with each slip of a known word replaced by that word."""
        tokens = text.tokens
        fixed = [self.spelling(token) or token for token in tokens]
        return text if fixed == tokens else plain(" ".join(fixed))

    def _index(self, stem: Stem, number: int) -> None:
        if not stem.prefix:
            self.exact[stem.text].append(number)
        elif len(stem.text) >= 3:
            self.prefix[stem.text[:3]].append((stem.text, number))
        else:
            self.short_prefixes.append((stem.text, number))

    def candidates(self, token: str) -> set[int]:
        found = set(self.exact.get("#" if token[:1].isdigit() else token, ()))
        if token[:1].isdigit():
            found |= set(self.exact.get(token, ()))
        for stem, number in self.prefix.get(token[:3], ()):
            if token.startswith(stem):
                found.add(number)
        for stem, number in self.short_prefixes:
            if token.startswith(stem):
                found.add(number)
        return found

    def find(self, text: Plain) -> list[Match]:
        """Every phrase match, longest first at each position."""
        matches = []
        tokens = text.tokens
        for index, token in enumerate(tokens):
            for number in self.candidates(token):
                concept, language, phrase = self.phrases[number]
                found = phrase.pattern.match(text.text, text.starts[index])
                if found:
                    end = text.token_at(found.end() - 1) + 1
                    matches.append(Match(concept, index, end, language, join_elisions(found.group(0))))
        matches.sort(key=lambda m: (m.start, -(m.end - m.start), m.concept))
        return matches


@cache
def lexicon() -> Lexicon:
    known = concepts()
    phrases = []
    for language in LANGUAGES:
        for concept_id, entry in _data(f"lexicon/{language}.toml").items():
            if concept_id not in known:
                raise ValueError(f"lexicon/{language}.toml: unknown concept {concept_id!r}")
            for source in entry.get("phrases", []):
                try:
                    phrases.append((concept_id, language, compile_phrase(source)))
                except PhraseError as error:
                    raise ValueError(f"lexicon/{language}.toml [{concept_id}] {source!r}: {error}") from None
    return Lexicon(phrases, _other_known_words())


def _other_known_words() -> frozenset[str]:
    """Context triggers, function words and numbers: real words a slip check must leave alone."""
    from core.triage.facts import NUMBER_WORDS
    from core.triage.function_words import FUNCTION_WORDS

    words = set(NUMBER_WORDS) | {w for group in FUNCTION_WORDS.values() for w in group}
    words |= {"days", "weeks", "months", "years", "hours", "minutes", "there", "their", "where", "these", "those"}
    for language_triggers in _data("context.toml").values():
        for sources in language_triggers.values():
            for source in sources:
                words |= set(re.findall(r"[a-z']+", source))
    return frozenset(words)
