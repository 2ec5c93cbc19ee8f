"""What history keeps of a finished session's ScoreReport: per-step scores, anti-patterns, feedback.

Computed once, when a session ends (or is saved or imported), and stored in small tables
so the progress view aggregates in SQL instead of replaying sessions.
"""

from __future__ import annotations

from collections import Counter

from dojo.coaching.labels import CARD_ORDER, REFLECTION
from dojo.coaching.report import FLAG_PATTERNS, PATTERN_NAMES, Pattern, ScoreReport

#: The scorer's prediction criterion levels (see dojo.coaching.scorer): 100 before, 60 late.
_PREDICTION_LATE = 60.0

STEP_ORDER: tuple[str, ...] = tuple(s.value for s in CARD_ORDER)


def patterns(report: ScoreReport) -> dict[Pattern, int]:
    """Anti-pattern -> how many times it occurred (turns for question habits, cycles for the card)."""
    counts: Counter[Pattern] = Counter()
    for turn in report.turns:
        if turn.speaker != "coach":
            continue
        for flag in turn.flags:
            if flag in FLAG_PATTERNS:
                counts[FLAG_PATTERNS[flag]] += 1
    reflection = set(REFLECTION)
    for cycle in report.cycles:
        if cycle.coach_turns == 0:
            continue
        if not cycle.first_cycle and reflection <= set(cycle.missing):
            counts[Pattern.SKIPPED_REFLECTION] += 1
        p = cycle.criteria.prediction
        if p < _PREDICTION_LATE - 1e-9:
            counts[Pattern.NO_PREDICTION] += 1
        elif p < 100.0 - 1e-9:
            counts[Pattern.LATE_PREDICTION] += 1
        if cycle.criteria.go_see <= 0.0:
            counts[Pattern.NO_GO_SEE] += 1
    return {k: counts[k] for k in PATTERN_NAMES if counts[k]}


def steps(report: ScoreReport) -> list[tuple[str, float | None, int]]:
    return [(s.step.value, s.score, s.asked) for s in report.steps]


def feedback(report: ScoreReport) -> list[tuple[int, str, str]]:
    return [(rank, f.kind, f.text) for rank, f in enumerate(report.feedback)]
