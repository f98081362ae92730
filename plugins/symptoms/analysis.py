"""What a consultation's analysis passes from step to step: the request, what is prepared for it,
and the outcome. The steps run in order in services.answer (triage, the profile and other plugins'
context, the cache, the model, the fallback, the finishing touches); each lives in its own module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.api import ContextItem, TriageResult


@dataclass(frozen=True)
class Request:
    symptoms: str
    duration: str | None
    severity: str | None
    language: str
    answers: dict = field(default_factory=dict)  # answers to the engine's questions (the interview)


@dataclass
class Prepared:
    """What the analysis needs besides the request. Other plugins' context is gathered only when the
    model is asked (a cache miss), so a cached answer costs no searches."""

    facts: dict
    cache_key: str
    assessment: TriageResult
    gather: Callable[[], list[ContextItem]] = list
    _context: list[ContextItem] | None = field(default=None, repr=False)

    @property
    def context(self) -> list[ContextItem]:
        if self._context is None:
            self._context = self.gather()
        return self._context

    def context_sources(self) -> list[dict]:
        """The sources of the gathered context, each marked with the plugin that gave it."""
        return [{**source, "plugin": item.plugin} for item in self.context for source in item.sources]


@dataclass
class Outcome:
    source: str  # "llm", "fallback" or "red_flag"
    triage_level: str
    analysis: dict
    red_flag: dict | None = None
    cache_hit: bool = False
    model: str | None = None
    fallback_reason: str | None = None
    allergy_warnings: list[dict] = field(default_factory=list)
    medicine_warnings: list[dict] = field(default_factory=list)  # core medicine-table findings
    sources: list[dict] = field(default_factory=list)
    health_topics: list[dict] = field(default_factory=list)
    triage: dict | None = None  # the engine's assessment, with engine_level and model_level
