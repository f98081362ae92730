"""Health check: are the medicine tables loaded? No network calls."""

from __future__ import annotations

from core.api import CheckResult, get_llm, medicine_table_summary


def tables_ready() -> CheckResult:
    """ok: tables loaded (with or without an LLM: the findings never need one); down: a table is broken."""
    try:
        summary = medicine_table_summary()
    except (OSError, ValueError) as error:
        return CheckResult("down", f"medicine tables unreadable: {type(error).__name__}")
    summary["llm_configured"] = get_llm().configured
    return CheckResult("ok", "medicine tables loaded", summary)
