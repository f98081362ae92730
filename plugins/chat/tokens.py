"""Token estimates and history trimming for prompts.

The model's tokenizer is not known here (any OpenAI-compatible server may answer),
so counts are a conservative estimate: about four characters per token plus a
few tokens of per-message overhead. Budgets leave headroom for that error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

CHARS_PER_TOKEN = 3.5  # below English's ~4, so the estimate errs on the high side
MESSAGE_OVERHEAD = 4


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD


def trim_history(messages: Sequence[dict], budget: int) -> list[dict]:
    """The newest messages whose estimated tokens fit ``budget``; the last one is always kept.

    The result starts with a user turn, as chat templates expect.
    """
    kept: list[dict] = []
    used = 0
    for message in reversed(messages):
        cost = estimate_tokens(message["content"])
        if kept and used + cost > budget:
            break
        kept.append(message)
        used += cost
    kept.reverse()
    while len(kept) > 1 and kept[0]["role"] != "user":
        kept.pop(0)
    return kept


def clip(text: str, budget: int) -> str:
    """``text`` cut to about ``budget`` tokens, marked when cut."""
    limit = max(0, int((budget - MESSAGE_OVERHEAD) * CHARS_PER_TOKEN))
    return text if len(text) <= limit else text[:limit].rstrip() + " [...]"
