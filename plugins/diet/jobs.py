"""Background jobs of the diet plugin."""

from __future__ import annotations

from plugins.diet import services


def explain_analysis(analysis_id: str) -> str:
    """Add the LLM explanation to a stored assessment (cached 24 h per identical assessment)."""
    return services.fill_explanation(analysis_id)
