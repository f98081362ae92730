"""Step three: the 24-hour cache of model answers, keyed by the normalised request and the profile
fields that matter (the context other plugins would add is not part of it: it is gathered only on a miss)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from core.api import cache_get, cache_set
from plugins.symptoms.analysis import Outcome, Prepared, Request
from plugins.symptoms.settings import setting

CACHE_VERSION = "v2"


def _plain(text: str | None) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\s+", " ", folded).strip(" .!?;,")


def cache_key(request: Request, facts: dict) -> str:
    """Normalised symptoms and the profile fields that matter: same inputs, same answer for 24 hours."""
    profile = {key: sorted(_plain(v) for v in value) if isinstance(value, list) else _plain(str(value))
               for key, value in facts.items()}
    payload = {"symptoms": _plain(request.symptoms), "duration": _plain(request.duration),
               "severity": request.severity, "language": request.language, "profile": profile}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"symptoms:analysis:{CACHE_VERSION}:{digest}"


def cached_outcome(prepared: Prepared) -> Outcome | None:
    cached = cache_get(prepared.cache_key)
    if not isinstance(cached, dict):
        return None
    return Outcome(source="llm", triage_level=cached["triage_level"], analysis=cached["analysis"],
                   cache_hit=True, model=cached.get("model"), sources=list(cached.get("sources") or []))


def remember(prepared: Prepared, outcome: Outcome) -> None:
    """Keep the model's answer, with the sources it was written from, for SYMPTOMS_CACHE_SECONDS."""
    cache_set(prepared.cache_key, {"triage_level": outcome.triage_level, "analysis": outcome.analysis,
                                   "model": outcome.model, "sources": prepared.context_sources()},
              int(setting("CACHE_SECONDS")))
