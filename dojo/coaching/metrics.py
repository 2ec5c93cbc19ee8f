"""Evaluation figures for a classifier: per-label precision/recall/F1, macro-F1, accuracy,
the confusion matrix. Pure Python; used by ``dojo classify --evaluate`` and the trainer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dojo.coaching.labels import Label

LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def evaluate(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Figures as a JSON-ready dict: ``per_label``, ``macro_f1``, ``accuracy``, ``n``,
    ``labels`` and ``confusion`` (rows gold, columns predicted, in ``labels`` order)."""
    index = {label: i for i, label in enumerate(labels)}
    k = len(labels)
    confusion = [[0] * k for _ in range(k)]
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[str(g)]][index[str(p)]] += 1
    per_label: dict[str, dict[str, float | int]] = {}
    f1s: list[float] = []
    for i, label in enumerate(labels):
        tp = confusion[i][i]
        support = sum(confusion[i])
        pred = sum(confusion[r][i] for r in range(k))
        precision = tp / pred if pred else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
        if support:
            f1s.append(f1)
    n = len(gold)
    correct = sum(confusion[i][i] for i in range(k))
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "per_label": per_label,
        "labels": list(labels),
        "confusion": confusion,
    }


def format_report(figures: dict[str, Any], title: str = "") -> str:
    """A plain-text table of :func:`evaluate`'s figures."""
    labels: list[str] = figures["labels"]
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.append(f"{'label':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}")
    for label in labels:
        row = figures["per_label"][label]
        lines.append(
            f"{label:<10} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {row['support']:>7d}"
        )
    lines.append(f"macro-F1 {figures['macro_f1']:.3f}   accuracy {figures['accuracy']:.3f}   n {figures['n']}")
    lines.append("")
    lines.append("confusion matrix (rows: true label, columns: predicted)")
    abbrev = [label[:5] for label in labels]
    lines.append(" " * 10 + "".join(f"{a:>6}" for a in abbrev))
    for label, row in zip(labels, figures["confusion"], strict=True):
        lines.append(f"{label:<10}" + "".join(f"{v:>6d}" if v else f"{'.':>6}" for v in row))
    return "\n".join(lines)


def calibration(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error over ``bins`` equal-width confidence bins: the mean gap
    between confidence and accuracy, weighted by how many predictions fall in each bin."""
    n = len(confidences)
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(1 for i in idx if correct[i]) / len(idx)
        ece += len(idx) / n * abs(conf - acc)
        rows.append({"from": round(lo, 2), "to": round(hi, 2), "n": len(idx), "confidence": round(conf, 4), "accuracy": round(acc, 4)})
    return {"ece": round(ece, 4) if n else 0.0, "bins": rows}
