"""Medicine, class and condition names as people write them, found in free text.

Every name in the tables (generic names per language, brands, products, the
words for a class or a condition) is normalised the way the triage engine reads
text (lower case, no accents, one space between tokens; "500mg" reads "500 mg")
and indexed by its tokens. Finding names is one pass, longest name first at each
token. A word no name and no dose word knows is corrected only when it is a
plain slip of exactly one known name word (one letter wrong, missing, extra or
two swapped; two slips in a long word); anything else stays unrecognised, never
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extract

from core.medicines.table import table
from core.triage.text import plain

_NUMBER_THEN_LETTERS = re.compile(r"(?<![a-z])(\d+(?:\.\d+)?)([a-z]+)")
_WORD = re.compile(r"[a-z0-9']+")
MAX_NAME_TOKENS = 7
MIN_CORRECTED_LENGTH = 5


@dataclass(frozen=True)
class Target:
    kind: str  # product, ingredient (a generic name), brand (of one ingredient), class, family (of products)
    id: str  # ingredient id, class id, the product's index in the table, or the family's words


@dataclass(frozen=True)
class Found:
    target: Target
    start: int  # token index
    end: int
    words: str  # the text's (corrected) words that matched


def tokens(text: str) -> list[str]:
    """The words of ``text`` as names are matched: folded, numbers split from their units."""
    spaced = _NUMBER_THEN_LETTERS.sub(r"\1 \2", plain(text).text)
    return _WORD.findall(spaced)


class NameIndex:
    """Names (token tuples) to targets, with the vocabulary that slips are corrected to."""

    def __init__(self, names: list[tuple[str, Target]], protected: frozenset[str]):
        self.entries: dict[tuple[str, ...], list[Target]] = {}
        for name, target in names:
            key = tuple(tokens(name))
            if key and target not in self.entries.setdefault(key, []):
                self.entries[key].append(target)
        self.vocabulary = {word for key in self.entries for word in key}
        self.protected = protected | self.vocabulary
        self._correctable = sorted(w for w in self.vocabulary if len(w) >= MIN_CORRECTED_LENGTH and w.isalpha())

    def correct(self, word: str) -> str | None:
        """The one known name word ``word`` is a slip of, or None."""
        if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha() or word in self.protected:
            return None
        allowed = 2 if len(word) >= 9 else 1
        close = extract(word, self._correctable, scorer=DamerauLevenshtein.distance, score_cutoff=allowed,
                        limit=4)
        close = [(candidate, distance) for candidate, distance, _ in close if candidate[0] == word[0]]
        if not close:
            return None
        best = min(distance for _, distance in close)
        winners = [candidate for candidate, distance in close if distance == best]
        return winners[0] if len(winners) == 1 else None

    def find(self, words: list[str], free_text: bool = False) -> list[Found]:
        """Names in ``words`` (already corrected), longest first, not overlapping. In ``free_text`` (a
        question, a chat message) a one-word brand that is also an everyday word ("Moment", "Next") or
        shorter than four letters is not taken for a medicine."""
        found, index = [], 0
        while index < len(words):
            for length in range(min(MAX_NAME_TOKENS, len(words) - index), 0, -1):
                key = tuple(words[index:index + length])
                targets = self.entries.get(key)
                if targets and free_text and length == 1:
                    targets = [t for t in targets if t.kind not in ("brand", "class")
                               or (len(key[0]) >= 4 and key[0] not in everyday_words())]
                    targets = [t for t in targets if len(key[0]) >= 4 or t.kind == "product"]
                if targets:
                    for target in targets:
                        found.append(Found(target, index, index + length, " ".join(key)))
                    index += length
                    break
            else:
                index += 1
        return found


@cache
def product_families() -> dict[tuple[str, ...], list[int]]:
    """A product name's words before its first number ("augmentin" of "Augmentin 875/125") -> the products
    of that family, for names written with another strength or form than the ones listed."""
    families: dict[tuple[str, ...], list[int]] = {}
    for number, product in enumerate(table().products):
        for name in product.names:
            words = tokens(name)
            cut = next((i for i, word in enumerate(words) if word[0].isdigit()), len(words))
            if 0 < cut < len(words) and len(words[0]) >= 4 and number not in families.get(tuple(words[:cut]), []):
                families.setdefault(tuple(words[:cut]), []).append(number)
    return families


def _medicine_names() -> list[tuple[str, Target]]:
    data = table()
    names: list[tuple[str, Target]] = []
    for number, product in enumerate(data.products):
        names += [(name, Target("product", str(number))) for name in product.names]
    for ingredient in data.ingredients.values():
        names.append((ingredient.id.replace("_", " "), Target("ingredient", ingredient.id)))
        for language_names in ingredient.names.values():
            names += [(name, Target("ingredient", ingredient.id)) for name in language_names]
        names += [(brand, Target("brand", ingredient.id)) for brand in ingredient.brands]
    for drug_class in data.classes.values():
        for words in drug_class.words.values():
            names += [(word, Target("class", drug_class.id)) for word in words]
    taken = {tuple(tokens(name)) for name, _ in names}
    names += [(" ".join(key), Target("family", " ".join(key))) for key in product_families() if key not in taken]
    return names


@cache
def medicine_index() -> NameIndex:
    from core.medicines.doses import DOSE_WORDS
    from core.triage.function_words import FUNCTION_WORDS

    protected = frozenset(DOSE_WORDS) | {w for group in FUNCTION_WORDS.values() for w in group}
    return NameIndex(_medicine_names(), protected)


@cache
def condition_index() -> NameIndex:
    names = [(word, Target("condition", condition.id)) for condition in table().conditions.values()
             for words in condition.words.values() for word in words]
    names += [(label, Target("condition", condition.id)) for condition in table().conditions.values()
              for label in condition.labels.values()]
    return NameIndex(names, frozenset())


@cache
def everyday_words() -> frozenset[str]:
    """Words of ordinary speech in the three languages: the triage engine's function words and context
    triggers, dose words, and the list in data/everyday_words.toml."""
    import tomllib
    from importlib import resources

    from core.medicines.doses import DOSE_WORDS
    from core.triage.lexicon import lexicon

    listed = tomllib.loads(resources.files("core.medicines").joinpath("data/everyday_words.toml")
                           .read_text(encoding="utf-8"))
    words = {w for group in listed.values() for w in group}
    return frozenset(words | set(DOSE_WORDS) | lexicon().other_words)


def mentioned_medicines(text: str) -> list[str]:
    """The medicine names a free text (a question, a chat message) contains, as written, in order."""
    index = medicine_index()
    words, _ = corrected(tokens(text), index)
    names = []
    for match in index.find(words, free_text=True):
        if match.target.kind != "class" and match.words not in names:
            names.append(match.words)
    return names


def corrected(words: list[str], index: NameIndex) -> tuple[list[str], dict[str, str]]:
    """``words`` with slips of known name words fixed, and what was fixed (written -> read as)."""
    fixed, changes = [], {}
    for word in words:
        replacement = index.correct(word)
        if replacement:
            changes[word] = replacement
        fixed.append(replacement or word)
    return fixed, changes
