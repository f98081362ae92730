"""A meal as items: free text (cut into pieces and parsed) or structured entries, as ParsedItems."""

from __future__ import annotations

import re

from plugins.diet.errors import MealError
from plugins.diet.parsing import (
    SIZE_NAMES,
    SIZES,
    UNIT_ALIASES,
    InvalidQuantity,
    ParsedItem,
    ParseError,
    parse_piece,
    split_joined,
    split_text,
)
from plugins.diet.search import search_foods
from plugins.diet.text import terms

MAX_ITEMS = 100
KEEP_WHOLE = 0.75  # "macaroni and cheese" stays one item when it matches this well as a whole


def items_from_text(text: str) -> list[ParsedItem]:
    """Parsed items of a free-text meal; pieces joined by "and"/"with" are split unless they name one food."""
    parsed: list[ParsedItem] = []
    for piece in split_text(text):
        parts = split_joined(piece)
        if len(parts) > 1:
            whole = _parse_or_none(piece)
            if whole and _names_one_food(whole.food, parts):
                parsed.append(whole)
                continue
            parsed.extend(_parse_or_unreadable(part) for part in parts)
        else:
            parsed.append(_parse_or_unreadable(piece))
        if len(parsed) > MAX_ITEMS:
            break
    return parsed


_COUNTED = re.compile(r"^(?:a|an|one|two|three|some|half|\d)\b", re.IGNORECASE)


def _names_one_food(food_words: str, parts: list[str]) -> bool:
    """True when the best match for the whole piece is good and mentions every joined part, and no part
    after the first is counted on its own ("toast and a banana" is two foods, not banana bread)."""
    if any(_COUNTED.match(part) for part in parts[1:]):
        return False
    best = search_foods(food_words, 1)
    if not best or best[0].confidence < KEEP_WHOLE:
        return False
    naming = set(terms(", ".join(best[0].food.name.split(",")[:2])))  # the words that name the food
    return all(naming & set(terms(part)) for part in parts)


def _parse_or_none(piece: str) -> ParsedItem | None:
    try:
        return parse_piece(piece)
    except InvalidQuantity as error:
        raise MealError("invalid_quantity", f"{error}: amounts must be positive numbers.") from error
    except ParseError:
        return None


def _parse_or_unreadable(piece: str) -> ParsedItem:
    try:
        return parse_piece(piece)
    except InvalidQuantity as error:
        raise MealError("invalid_quantity", f"{error}: amounts must be positive numbers.") from error
    except ParseError as error:
        return ParsedItem(piece, "", explicit_quantity=False, notes=(str(error),))


def _unit_and_size(unit: str | None) -> tuple[str | None, str | None]:
    """A structured item's unit: a size word ("large") or any spelling of a unit ("tablespoons")."""
    if not unit or not unit.strip():
        return None, None
    lowered = " ".join(unit.lower().split())
    if lowered in SIZES:
        return None, SIZE_NAMES.get(lowered, lowered)
    if lowered in ("fl oz", "fluid ounce", "fluid ounces"):
        return "fl oz", None
    return UNIT_ALIASES.get(lowered, lowered), None


def items_from_structure(items: list[dict]) -> list[tuple[ParsedItem, str | None]]:
    """Structured items ({food or food_id, quantity, unit} or {food or food_id, grams})."""
    out = []
    for entry in items:
        label = entry.get("food") or entry.get("food_id") or ""
        if entry.get("grams") is not None:
            quantity, unit, size = float(entry["grams"]), "g", None
        else:
            quantity = float(entry.get("quantity", 1.0))
            unit, size = _unit_and_size(entry.get("unit"))
        measure = " ".join(part for part in (size, unit) if part)
        text = f"{quantity:g} {measure + ' ' if measure else ''}{label}"
        out.append((ParsedItem(text, entry.get("food") or "", quantity, unit, size, (), True), entry.get("food_id")))
    return out
