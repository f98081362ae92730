"""Health check: can consultations get an AI analysis right now? No network calls."""

from __future__ import annotations

from core.api import CheckResult, get_breaker, get_llm


def analysis_ready() -> CheckResult:
    """ok: the model is configured and its breaker closed; degraded: answers fall back to general guidance."""
    llm = get_llm()
    llm_state = get_breaker("together_ai").current_state
    topics_state = get_breaker("medlineplus").current_state
    data = {"llm_configured": llm.configured, "llm_breaker": llm_state, "medlineplus_breaker": topics_state}
    if not llm.configured:
        return CheckResult("degraded", "no LLM configured: consultations give general guidance", data)
    if llm_state == "open":
        return CheckResult("degraded", "LLM breaker open: consultations give general guidance for now", data)
    if topics_state == "open":
        return CheckResult("degraded", "MedlinePlus breaker open: consultations come without health topics", data)
    return CheckResult("ok", "AI analysis available", data)
