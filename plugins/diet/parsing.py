"""Free text to meal items: "2 eggs, a slice of toast with butter, 150 g rice" -> quantity, unit, food.

Deterministic: a text is cut at commas, semicolons, new lines, "+", "plus", "&"
and "then"; each piece gives a quantity (digits, decimals, fractions, mixed
numbers, ranges, number words, "a", "half a", "a dozen"), a unit (mass, volume,
household measure or size word) and the food words. Cutting at "and" / "with"
is left to the caller, who knows whether "macaroni and cheese" names one food.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125,
                     "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "half": 0.5,
    "quarter": 0.25, "third": 1 / 3, "dozen": 12, "couple": 2, "few": 3, "several": 3, "single": 1,
    "double": 2, "triple": 3,
}
# Every spelling of a unit -> its canonical name.
UNIT_ALIASES: dict[str, str] = {}
for _canonical, _spellings in {
    "g": "g gr grs gm gms gram grams gramme grammes", "kg": "kg kgs kilo kilos kilogram kilograms",
    "mg": "mg milligram milligrams", "oz": "oz ounce ounces", "lb": "lb lbs pound pounds",
    "ml": "ml mls millilitre millilitres milliliter milliliters cc", "cl": "cl centilitre centiliter",
    "dl": "dl decilitre deciliter", "l": "l litre litres liter liters", "fl oz": "floz fl.oz",
    "cup": "cup cups c", "tbsp": "tbsp tbsps tbs tbl tablespoon tablespoons tblsp",
    "tsp": "tsp tsps teaspoon teaspoons", "pint": "pint pints pt", "quart": "quart quarts qt",
    "glass": "glass glasses", "mug": "mug mugs", "bowl": "bowl bowls", "handful": "handful handfuls",
    "pinch": "pinch pinches", "dash": "dash dashes", "slice": "slice slices", "piece": "piece pieces pc pcs",
    "serving": "serving servings portion portions helping helpings", "pat": "pat pats",
    "stick": "stick sticks", "clove": "clove cloves", "leaf": "leaf leaves", "stalk": "stalk stalks",
    "head": "head heads", "wedge": "wedge wedges", "scoop": "scoop scoops", "bar": "bar bars",
    "packet": "packet packets sachet sachets", "link": "link links", "patty": "patty patties",
    "fillet": "fillet fillets filet filets", "strip": "strip strips rasher rashers", "can": "can cans tin tins",
    "bottle": "bottle bottles", "sprig": "sprig sprigs", "ear": "ear ears", "cube": "cube cubes",
    "square": "square squares", "spoon": "spoon spoons spoonful spoonfuls",
}.items():
    for _spelling in _spellings.split():
        UNIT_ALIASES[_spelling] = _canonical
SIZES = ("extra large", "extra-large", "jumbo", "large", "big", "medium", "small")
SIZE_NAMES = {"extra-large": "extra large", "big": "large"}
# Words about how a food was cut: they pick a portion ("cup, chopped"), not a food.
PREP_WORDS = frozenset("chopped diced sliced shredded grated cubed halved crumbled packed heaping level "
                       "mashed pureed whole".split())

_NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:[.,]\d+)?(?:\s*[½⅓⅔¼¾⅕⅛⅜⅝⅞])?|[½⅓⅔¼¾⅕⅛⅜⅝⅞])"
_LEADING = re.compile(rf"^(?P<num>{_NUMBER})(?:\s*(?:-|to)\s*(?P<high>{_NUMBER}))?\s*(?:x\s+)?(?P<rest>.*)$")
_TRAILING = re.compile(rf"^(?P<rest>.*?)[\s(,:-]+(?:x\s*)?(?P<num>{_NUMBER})\s*(?P<unit>[a-z. ]*?)\)?$")
_TIMES = re.compile(r"^(?P<rest>.*?)\s*[x×]\s*(?P<num>\d+)$|^(?P<num2>\d+)\s*[x×]\s+(?P<rest2>.*)$")
_SPLIT = re.compile(r"[;\n]|,(?!\d)|\s\+\s|\s&\s|\bplus\b|\bthen\b|\balong with\b", re.IGNORECASE)
_JOINERS = re.compile(r"\s+(?:and|with|w/)\s+", re.IGNORECASE)
_FILLERS = re.compile(r"^(?:i\s+(?:had|ate|drank)|had|ate|drank|some|about|approx\.?|approximately|around|"
                      r"roughly|~|also|and|with|a bit of|a little|a little bit of|little)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedItem:
    text: str  # the piece of the user's text this item came from
    food: str  # the words naming the food
    quantity: float = 1.0
    unit: str | None = None  # canonical unit (UNIT_ALIASES values) or None
    size: str | None = None  # small / medium / large / extra large / jumbo
    prep: tuple[str, ...] = ()
    explicit_quantity: bool = False  # the user gave a number or an article
    notes: tuple[str, ...] = field(default=())


class ParseError(ValueError):
    """The text holds nothing that reads as a food."""


class InvalidQuantity(ParseError):
    """The amount is not a positive number ("-2 eggs", "1/0 cup")."""


def to_number(text: str) -> float:
    text = text.strip().replace(",", ".")
    total = 0.0
    for part in text.split():
        for char, value in UNICODE_FRACTIONS.items():
            if part.endswith(char):
                total += value
                part = part[: -len(char)]
        if not part:
            continue
        if "/" in part:
            top, bottom = part.split("/")
            if float(bottom) == 0:
                raise InvalidQuantity(f"'{text}' divides by zero")
            total += float(top) / float(bottom)
        else:
            total += float(part)
    return total


def split_text(text: str) -> list[str]:
    """Pieces of a meal description at the hard separators (not yet at "and" / "with")."""
    return [piece.strip(" .") for piece in _SPLIT.split(text) if piece and piece.strip(" .")]


def split_joined(piece: str) -> list[str]:
    """The parts of a piece joined by "and" / "with" (the caller decides whether to use them)."""
    return [part.strip() for part in _JOINERS.split(piece) if part.strip()]


def _strip_fillers(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _FILLERS.sub("", text).strip()
    return text


def _take_unit(words: list[str]) -> tuple[str | None, list[str]]:
    if len(words) >= 2 and words[0] in ("fl", "fluid") and words[1] in ("oz", "ounce", "ounces"):
        return "fl oz", words[2:]
    if words and words[0].rstrip(".") in UNIT_ALIASES and not (words[0] == "c" and len(words) == 1):
        return UNIT_ALIASES[words[0].rstrip(".")], words[1:]
    return None, words


def _take_size(words: list[str]) -> tuple[str | None, list[str]]:
    joined = " ".join(words[:2])
    for size in SIZES:
        if joined == size or joined.startswith(size + " "):
            return SIZE_NAMES.get(size, size), words[len(size.split()):]
    return None, words


def _leading_quantity(text: str) -> tuple[float | None, str]:
    words = text.split()
    if not words:
        return None, text
    first = words[0]
    if first in ("half", "quarter") and len(words) > 1 and words[1] in ("a", "an", "of"):
        return NUMBER_WORDS[first], " ".join(words[2:])
    if first in ("a", "an") and len(words) > 1 and words[1] in ("half", "quarter", "third", "dozen", "couple",
                                                                 "few"):
        value = NUMBER_WORDS[words[1]]
        rest = words[2:]
        if rest and rest[0] == "of":
            rest = rest[1:]
        return value, " ".join(rest)
    if first in NUMBER_WORDS:
        value = NUMBER_WORDS[first]
        rest = words[1:]
        if rest and rest[0] == "dozen":
            value, rest = value * 12, rest[1:]
        if rest and rest[0] == "of":
            rest = rest[1:]
        return value, " ".join(rest)
    match = _LEADING.match(text)
    if match and not re.match(r"^\d+%", text):
        low = to_number(match["num"])
        value = (low + to_number(match["high"])) / 2 if match["high"] else low
        return value, match["rest"]
    return None, text


def parse_piece(piece: str) -> ParsedItem:
    """One item from one piece of text, e.g. "2 large eggs", "150g cooked rice", "rice (150 g)"."""
    original = piece.strip()
    text = _strip_fillers(original.lower().replace("×", "x"))
    if re.match(r"^[-−]\s*\d", text):
        raise InvalidQuantity(f"'{original}' has a negative amount")
    text = re.sub(r"(?<=\d)(?=[a-z])(?!x\b)", " ", text)  # "150g" -> "150 g"
    quantity, rest = _leading_quantity(text)
    explicit = quantity is not None
    if explicit and rest[:1].isdigit():  # "2 x 150 g chicken": two portions of 150 g
        inner, rest = _leading_quantity(rest)
        quantity *= inner or 1.0
    times = _TIMES.match(rest if explicit else text)
    if times and (times["num"] or times["num2"]):
        multiplier = float(times["num"] or times["num2"])
        rest = times["rest"] if times["num"] else times["rest2"]
        quantity, explicit = (quantity or 1.0) * multiplier, True
    unit, words = _take_unit(rest.split())
    if unit is None and not explicit:  # "cup of coffee"
        unit, words = _take_unit(text.split())
        if unit is not None:
            quantity, explicit = 1.0, True
    if words and words[0] == "of":
        words = words[1:]
    size, words = _take_size(words)
    if size and words and words[0] in UNIT_ALIASES:  # "a large bowl of"
        unit, words = _take_unit(words)
        words = words[1:] if words and words[0] == "of" else words
    if not explicit:
        trailing = _TRAILING.match(" ".join(words))
        if trailing and trailing["rest"].strip():
            tail_unit, leftover = _take_unit(trailing["unit"].split()) if trailing["unit"].strip() else (None, [])
            if not leftover:
                quantity, explicit, unit = to_number(trailing["num"]), True, tail_unit or unit
                words = trailing["rest"].split()
    words = [w.strip("()") for w in words if w.strip("()")]
    prep = tuple(w for w in words if w in PREP_WORDS)
    food = " ".join(w for w in words if w not in PREP_WORDS or w in ("mashed", "whole")).strip(" .:-")
    if not food:
        raise ParseError(f"'{original}' names no food")
    return ParsedItem(original, food, quantity if quantity is not None else 1.0, unit, size, prep, explicit)


def with_food(item: ParsedItem, food: str, text: str) -> ParsedItem:
    return replace(item, food=food, text=text)
