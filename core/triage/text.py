"""Text as the engine reads it: lower case, no accents, plain apostrophes, one space between tokens.

Punctuation that ends a clause is kept as a token of its own, so phrases never
run across it; hyphens and slashes become spaces ("six-week-old" reads as
"six week old"); a French elided word is a token of its own ("l'urticaire"
reads as "l' urticaire"), so "urticaire" is found after any article; fillers such as
"um" and "erm" are dropped with their commas ("pain in his, um, left testicle").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_JOINERS = re.compile(r"[-\u2010-\u2015/_~*+]+")
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_PUNCTUATION = re.compile(r"([.,;:!?()\[\]{}\"\u00ab\u00bb\u2026])")
_OTHER = re.compile(r"[^\w'.,;:!?()\[\]{}\"\u00ab\u00bb\u2026\x00 ]+")
_LOOSE_APOSTROPHES = re.compile(r"(?<!\w)'+|'+(?!\w)")
_SPACES = re.compile(r"\s+")
_FILLERS = re.compile(r"(?:,\s*)?\b(?:u+m+|u+h+m*|e+r+m+|e+h+m+|h+m+|e+u+h+)\b(?:\s*,)?")  # "in his, um, left"
_ELIDED = r"(?<![\w'])(qu|jusqu|lorsqu|puisqu|quelqu|presqu|[cdjlmnst])'"
_ELISION = re.compile(_ELIDED + r"(?=\w)")
_JOINED = re.compile(_ELIDED + " ")
CLAUSE_MARKS = frozenset(".;:!?()[]{}\"\u00ab\u00bb\u2026")


def fold(text: str) -> str:
    """Lower case with accents removed and apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_elisions(text: str) -> str:
    """French elided words as tokens of their own: "d'avaler" reads as "d' avaler"."""
    return _ELISION.sub(r"\1' ", text)


def join_elisions(text: str) -> str:
    """``split_elisions`` undone, for the regular expressions written over whole words ("d'un mois")."""
    return _JOINED.sub(r"\1'", text)


@dataclass(frozen=True)
class Plain:
    """Normalised text with the start offset of each token."""

    text: str
    starts: tuple[int, ...]

    @property
    def tokens(self) -> list[str]:
        return self.text.split(" ")

    def token_at(self, offset: int) -> int:
        """The index of the token that starts at or contains ``offset``."""
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low


def plain(text: str) -> Plain:
    folded = _FILLERS.sub(" ", _JOINERS.sub(" ", fold(text)))
    folded = _DECIMAL.sub(lambda m: m.group(1) + "\x00" + m.group(2), folded)  # 38.5 and 38,5: one number
    folded = _PUNCTUATION.sub(r" \1 ", folded)
    folded = _OTHER.sub(" ", folded).replace("\x00", ".")
    folded = _LOOSE_APOSTROPHES.sub(" ", folded)
    folded = split_elisions(folded)
    normalised = _SPACES.sub(" ", folded).strip()
    starts, offset = [], 0
    for token in normalised.split(" "):
        starts.append(offset)
        offset += len(token) + 1
    return Plain(normalised, tuple(starts))
