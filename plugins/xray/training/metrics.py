"""Binary classification figures for the demo weights' card: AUROC with a bootstrap interval, and the
operating point (threshold, accuracy, sensitivity, specificity). numpy only; used by the training script
and by bench/xray_accuracy.py."""

from __future__ import annotations

import numpy as np


def auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve by ranks (ties count half): the chance a positive outscores a negative."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(labels.sum()), int((~labels).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("AUROC needs both classes")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    # average ranks over ties
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(average, counts)
    return float((ranks[labels].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def bootstrap_auroc(labels: np.ndarray, scores: np.ndarray, rounds: int = 2000, seed: int = 0,
                    level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the AUROC (resampling images, stratified by class)."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    rng = np.random.default_rng(seed)
    positive, negative = np.flatnonzero(labels), np.flatnonzero(~labels)
    values = []
    for _ in range(rounds):
        pick = np.concatenate([rng.choice(positive, len(positive)), rng.choice(negative, len(negative))])
        values.append(auroc(labels[pick], scores[pick]))
    tail = (1.0 - level) / 2.0
    return float(np.quantile(values, tail)), float(np.quantile(values, 1.0 - tail))


def youden_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """The score threshold that maximises sensitivity + specificity - 1 (midway between neighbouring scores)."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    candidates = np.unique(scores)
    best, best_j = 0.5, -1.0
    for i, threshold in enumerate(candidates):
        predicted = scores >= threshold
        j = predicted[labels].mean() + (~predicted[~labels]).mean() - 1.0
        if j > best_j:
            below = candidates[i - 1] if i else threshold
            best, best_j = float((threshold + below) / 2.0), j
    return best


def operating_point(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Accuracy, sensitivity and specificity when ``scores >= threshold`` is called positive."""
    labels = np.asarray(labels).astype(bool)
    predicted = np.asarray(scores, dtype=np.float64) >= threshold
    return {"threshold": round(float(threshold), 4),
            "accuracy": round(float((predicted == labels).mean()), 4),
            "sensitivity": round(float(predicted[labels].mean()), 4),
            "specificity": round(float((~predicted[~labels]).mean()), 4)}


def summary(labels: np.ndarray, scores: np.ndarray, threshold: float, rounds: int = 2000) -> dict:
    low, high = bootstrap_auroc(labels, scores, rounds)
    return {"n": len(labels), "positives": int(np.asarray(labels).astype(bool).sum()),
            "auroc": round(auroc(labels, scores), 4), "auroc_ci95": [round(low, 4), round(high, 4)],
            **operating_point(labels, scores, threshold)}
