"""Background jobs of the diet plugin."""

from __future__ import annotations

from plugins.diet import services


def enrich_analysis(analysis_id: str) -> str:
    """LLM help for a stored assessment: names for unmatched items, then the explanation (cached 24 h)."""
    return services.enrich_analysis(analysis_id)
