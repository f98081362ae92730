"""From probabilities to findings: per-class thresholds and the top finding (no torch here)."""

from __future__ import annotations

from plugins.xray.settings import setting
from plugins.xray.spec import ModelSpec


def thresholds_for(spec: ModelSpec) -> dict[str, float]:
    """XRAY_THRESHOLDS wins, then the weights' own operating points, then XRAY_DEFAULT_THRESHOLD."""
    configured = setting("THRESHOLDS") or {}
    default = float(setting("DEFAULT_THRESHOLD"))
    return {label: float(configured.get(label, spec.thresholds.get(label, default))) for label in spec.labels}


def top_index(probabilities: list[float], labels: list[str], thresholds: dict[str, float]) -> int:
    """The finding to map: the most probable class above its threshold, else the most probable class."""
    above = [i for i, p in enumerate(probabilities) if p >= thresholds[labels[i]]]
    candidates = above or range(len(probabilities))
    return max(candidates, key=lambda i: probabilities[i])


def summarise(probabilities: list[float], labels: list[str], thresholds: dict[str, float]) -> dict:
    findings = sorted(
        ({"label": label, "probability": round(p, 4), "threshold": round(thresholds[label], 4)}
         for label, p in zip(labels, probabilities) if p >= thresholds[label]),
        key=lambda f: f["probability"], reverse=True,
    )
    return {
        "probabilities": {label: round(p, 4) for label, p in zip(labels, probabilities)},
        "thresholds": {label: round(thresholds[label], 4) for label in labels},
        "findings": findings,
    }
