"""LLM help for items the rules could not match: a generic food name to search for, nothing more.

The model names foods only; quantities, portions and every nutrient figure still come
from the deterministic parser and the USDA table. Suggestions are cached for 24 h.
"""

from __future__ import annotations

import json

from core.api import cached_chat

MAX_NAME = 120
INSTRUCTIONS = (
    "You map what people write about their meals to generic food names as the USDA SR28 food database words "
    "them, e.g. 'a cup of joe' -> 'coffee, brewed', 'a bag of crisps' -> 'potato chips'. You get a JSON list "
    "of texts. Answer only with JSON: {\"foods\": {\"<text>\": \"<food name>\"}}, one entry per text, without "
    "quantities or brands; an empty string when a text names no food."
)


def _names(texts: list[str]):
    def parse(text: str, model: str) -> dict[str, str] | None:
        try:
            foods = json.loads(text).get("foods")
        except (ValueError, AttributeError):
            return None
        if not isinstance(foods, dict):
            return None
        return {key: value.strip() for key, value in foods.items()
                if key in texts and isinstance(value, str) and 0 < len(value.strip()) <= MAX_NAME}

    return parse


def suggest_food_names(texts: list[str]) -> dict[str, str]:
    """Food names for unmatched item texts (only those the model could name); {} without an LLM."""
    if not texts:
        return {}
    messages = [{"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": json.dumps(texts, ensure_ascii=False)}]
    names, _reason = cached_chat("diet:food-names", messages, _names(texts), json_mode=True, max_tokens=300)
    return names or {}
