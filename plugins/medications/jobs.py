"""Background jobs of the medications plugin."""

from __future__ import annotations

from plugins.medications import services


def explain_review(review_id: str) -> str:
    """The LLM's plain-language explanation of a stored review (cached 24 h)."""
    return services.explain_stored(review_id)
