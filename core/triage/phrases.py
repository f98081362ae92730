"""The small phrase language the lexicon files are written in, compiled to anchored regular expressions.

A phrase is words separated by spaces, matched on whole tokens of the
normalised text (core.triage.text):

    chest (pain*|hurt*|tight* feeling?) ... arm

- ``word``: that token; ``word*``: any token starting with ``word``;
- ``(a|b c)``: one of the alternatives, each a phrase of its own;
- a trailing ``?`` makes the word or group optional;
- ``...``: up to three other words in the same clause; ``~N``: up to N (a gap never
  runs over a negation word: "(poo|stool) ~2 black" does not read "poo isnt black");
- ``#``: a number (``38``, ``38.5``, ``1/2`` reads as two numbers);
- ``l'(oeil|oreille)``: an elided article spread over the group.

Every phrase starts with a word or a group (never a gap), so the index of
first words can find it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.triage.text import split_elisions

_NEGATIONS = ("not|no|never|nor|without|isnt|isn't|aren't|arent|wasn't|wasnt|doesn't|doesnt|don't|dont|didn't|"
              "didnt|hasn't|hasnt|haven't|havent|sin|ni|nunca|tampoco|pas|ne|n'|sans|jamais|aucun|aucune")
_GAP_WORD = rf"(?!(?:{_NEGATIONS})(?![\w']))[^ .,;:!?()\[\]{{}}\"]+"  # "poo isnt black" is no black poo
_NUMBER = r"\d+(?:\.\d+)?"
_WORD_END = r"(?![\w'])"


class PhraseError(ValueError):
    pass


@dataclass(frozen=True)
class Stem:
    text: str
    prefix: bool  # True: any token starting with text; False: exactly text ("#": a number)


def _split(source: str, separator: str) -> list[str]:
    """Split at ``separator`` outside parentheses."""
    parts, depth, current = [], 0, []
    for char in source:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise PhraseError(f"unbalanced ')' in {source!r}")
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth:
        raise PhraseError(f"unbalanced '(' in {source!r}")
    parts.append("".join(current))
    return parts


class _Item:
    def __init__(self, source: str):
        self.optional = source.endswith("?") and len(source) > 1
        body = source[:-1] if self.optional else source
        self.gap = None
        self.alternatives: list[list[_Item]] | None = None
        if body == "...":
            self.gap = 3
        elif re.fullmatch(r"~\d+", body):
            self.gap = int(body[1:])
        elif body.startswith("(") and body.endswith(")"):
            self.alternatives = [_sequence(alt) for alt in _split(body[1:-1], "|")]
        elif body == "#":
            self.word = "#"
        elif re.fullmatch(r"[\w']+\*?", body):
            self.word = body
        else:
            raise PhraseError(f"cannot read {source!r}")
        if self.gap is not None and self.optional:
            raise PhraseError("a gap is optional already")

    def regex(self) -> str:
        if self.gap is not None:
            return rf"(?: {_GAP_WORD}){{0,{self.gap}}}"
        if self.alternatives is not None:
            return "(?:" + "|".join(_sequence_regex(alt) for alt in self.alternatives) + ")"
        if self.word == "#":
            return _NUMBER + _WORD_END
        if self.word.endswith("*"):
            return re.escape(self.word[:-1]) + r"[\w']*"
        return re.escape(self.word) + _WORD_END

    def stems(self) -> set[Stem]:
        if self.gap is not None:
            raise PhraseError("a phrase cannot start with a gap")
        if self.alternatives is not None:
            return {stem for alt in self.alternatives for stem in _first_stems(alt)}
        if self.word.endswith("*"):
            return {Stem(self.word[:-1], True)}
        return {Stem(self.word, False)}


def _sequence(source: str) -> list[_Item]:
    words = [part for part in _split(source.strip(), " ") if part]
    if not words:
        raise PhraseError(f"empty phrase or alternative in {source!r}")
    return [_Item(word) for word in words]


def _sequence_regex(items: list[_Item]) -> str:
    """Items joined by single spaces; an optional item carries its own space."""
    out, anchored = [], False  # anchored: a mandatory item came before, so later items need a leading space
    for item in items:
        body = item.regex()
        if item.gap is not None:
            out.append(body)
        elif anchored:
            out.append(f"(?: {body})?" if item.optional else f" {body}")
        else:
            out.append(f"(?:{body} )?" if item.optional else body)
        anchored = anchored or (item.gap is None and not item.optional)
    return "".join(out)


def _first_stems(items: list[_Item]) -> set[Stem]:
    stems: set[Stem] = set()
    for item in items:
        stems |= item.stems()
        if not item.optional:
            return stems
    raise PhraseError("every word of the phrase is optional")


@dataclass(frozen=True)
class Phrase:
    source: str
    pattern: re.Pattern
    stems: frozenset[Stem]
    words: frozenset[str]  # the literal words it contains (the spelling checker's vocabulary)


def _tidy(source: str) -> str:
    """Forgive spacing around parentheses ("(very )?bad" reads as "(very)? bad"), spread an elided
    article over a group ("d'(ennui|amour)" reads as "(d'ennui|d'amour)") and make it a word of its
    own, as the text has it ("(d' ennui|d' amour)")."""
    source = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", source))
    source = re.sub(r"(\w+')\(([^()]*)\)", lambda m: "(" + "|".join(m.group(1) + alt.strip()
                                                                for alt in m.group(2).split("|")) + ")", source)
    return split_elisions(re.sub(r"\)(\??)(?=[\w(#~.])", r")\1 ", source))


def compile_phrase(source: str) -> Phrase:
    source = _tidy(source)
    items = _sequence(source)
    words = frozenset(re.findall(r"[\w']+", source.replace("*", " ")))
    return Phrase(source, re.compile(_sequence_regex(items)), frozenset(_first_stems(items)), words)
