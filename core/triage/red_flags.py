"""The red-flag check the hook contract has offered since 1.0, now answered by the triage engine:
a RedFlagResult when the engine's level is emergency, None otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from core.triage.engine import triage


@dataclass(frozen=True)
class RedFlagResult:
    category: str  # the emergency advice category of the rule that fired (core.triage.advice)
    advice: str  # what to do now, in ``language``
    language: str
    title: str = ""
    categories: tuple[str, ...] = ()
    triage_level: str = "emergency"
    rule: str = ""


def check_red_flags(text: str, language: str = "en", profile: dict | None = None) -> RedFlagResult | None:
    """The emergency in ``text``, with advice in ``language``, or None when the engine finds none."""
    result = triage(text or "", profile=profile, language=language)
    if result.level != "emergency":
        return None
    category = result.category or "severe_breathing"
    return RedFlagResult(category=category, advice=" ".join(result.advice), language=result.language,
                         title=result.title, categories=(category,), rule=result.rule["id"])
