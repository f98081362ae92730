"""One cached call to the shared LLM client: the same messages ask the model once a day at most."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from core.cache import remember
from core.llm.client import get_llm
from core.llm.errors import LLMUnavailable

CACHE_TTL = 24 * 3600


def cached_chat(purpose: str, messages: list[dict[str, str]], parse: Callable[[str, str], Any], *,
                json_mode: bool = False, max_tokens: int = 500) -> tuple[Any | None, str | None]:
    """(parse(reply text, model), None), or (None, reason) when no LLM is configured, it fails, or
    ``parse`` returns None for its answer. Failures are not cached; answers are, for 24 h, under
    ``purpose`` (e.g. "diet:explanation") and a digest of the messages (never their text)."""
    llm = get_llm()
    if not llm.configured:
        return None, "not_configured"
    digest = hashlib.sha256(json.dumps([messages, json_mode], sort_keys=True).encode()).hexdigest()
    failure: list[str] = []

    def ask() -> Any | None:
        try:
            reply = llm.chat(messages, max_tokens=max_tokens, temperature=0.0 if json_mode else 0.2,
                             json_mode=json_mode)
        except LLMUnavailable as error:
            failure.append(error.reason)
            return None
        value = parse(reply.text, reply.model)
        if value is None:
            failure.append("malformed_response")
        return value

    value, _hit = remember(f"{purpose}:{digest}", CACHE_TTL, ask)
    return value, (failure[0] if failure else None)
