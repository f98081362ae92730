"""A plain-language explanation of an analysis by the shared LLM, always beside the disclaimer."""

from __future__ import annotations

import logging

from core.api import LLMUnavailable, assistant_identity, get_llm
from plugins.xray.demo import DEMO_NOTICE
from plugins.xray.settings import setting

log = logging.getLogger(__name__)

DISCLAIMER = (
    "This is an automated screening aid, not a diagnosis. The model can miss findings and report findings "
    "that are not there. A radiologist or doctor must review the image itself; seek urgent care for severe "
    "or worsening symptoms such as trouble breathing or chest pain."
)

TASK = (
    "You explain the output of a chest X-ray screening model to a patient in plain language. Use at most "
    "150 words, no jargon without a short explanation. Say what each listed finding usually means and that "
    "the model's scores are not a diagnosis. Never add findings, never give a diagnosis, treatment or "
    "certainty, and end by advising the person to discuss the image with a doctor."
)


def llm_available() -> bool:
    """Explanations are on (XRAY_EXPLAIN) and the LLM is configured."""
    return bool(setting("EXPLAIN")) and get_llm().configured


def facts_for(results: dict, heatmap_label: str | None, demo: bool = False) -> str:
    """The model's output as text for the prompt: no image, no personal data."""
    findings = results.get("findings") or []
    if findings:
        lines = [f"- {f['label']}: score {f['probability']:.2f} (reported above {f['threshold']:.2f})"
                 for f in findings]
        listed = "Findings above the model's thresholds:\n" + "\n".join(lines)
    else:
        listed = "No finding scored above the model's thresholds."
    highlight = f"\nThe heatmap highlights the region that drove the score for {heatmap_label}." \
        if heatmap_label else ""
    origin = (f"\nThe scores come from a research demo model: {DEMO_NOTICE} Say so plainly."
              if demo else "")
    return f"{listed}{highlight}{origin}\nExplain this result."


def explain(results: dict, heatmap_label: str | None, demo: bool = False) -> tuple[str, str | None, str | None]:
    """(status, text, model): "ready" with the text, or "unavailable" when the LLM cannot answer.

    With demo weights the text opens with the demo notice, whatever the LLM wrote."""
    messages = [
        {"role": "system", "content": f"{assistant_identity()}\n\n{TASK}"},
        {"role": "user", "content": facts_for(results, heatmap_label, demo)},
    ]
    try:
        reply = get_llm().chat(messages, max_tokens=400, temperature=0.2)
    except LLMUnavailable as error:
        log.info("xray explanation unavailable: %s", error.reason)
        return "unavailable", None, None
    text = reply.text.strip()
    if not text:
        return "unavailable", None, None
    return "ready", f"{DEMO_NOTICE}\n\n{text}" if demo else text, reply.model
