"""How much each criterion and each kind of move counts: the numbers behind the score.

Why each weight is what it is: the table in :mod:`dojo.coaching.scorer`'s docstring. The
scorer computes with these; the 2nd coach's feedback estimates each item's impact with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from dojo.coaching.report import Criterion

#: Criterion weights; they sum to 100 (the scorer's docstring says why).
WEIGHTS: dict[Criterion, float] = {
    Criterion.COVERAGE: 28.0, Criterion.ORDER: 12.0, Criterion.QUALITY: 20.0, Criterion.PREDICTION: 12.0,
    Criterion.GO_SEE: 8.0, Criterion.LISTENING: 20.0,
}

#: A cycle whose step was the coach's idea scores at most this.
COACH_STEP_MAX = 60.0

#: Quality of one coach move (0..1) and its weight in the quality mean.
Q_OPEN = 1.0
Q_CLOSED_CARD = 0.75
Q_CLOSED = 0.5
W_ANTI = 2.0  # leading, telling
W_JUDGEMENT = 3.0

#: Prediction criterion levels.
P_BEFORE = 1.0
P_LATE = 0.6
P_NO_EXPECTATION = 0.3

#: A coaching cycle is meant to take about twenty minutes or less.
LONG_CYCLE_MINUTES = 30.0


def quality(items: Sequence[tuple[float, float]]) -> float:
    """Weighted mean of (quality, weight); 0 when the coach asked nothing that counts."""
    total = sum(w for _, w in items)
    return sum(q * w for q, w in items) / total if total else 0.0


def weighted(criteria: dict[Criterion, float | None]) -> float:
    """The 0..100 score of criteria; those that could not be judged (None) are left out and
    the other weights scaled to 100."""
    judged = {k: v for k, v in criteria.items() if v is not None}
    total = sum(WEIGHTS[k] for k in judged)
    return sum(WEIGHTS[k] * v for k, v in judged.items()) * 100.0 / total if total else 0.0
