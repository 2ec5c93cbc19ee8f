"""What history keeps of a finished session's ScoreReport: per-step scores, anti-patterns, feedback.

Computed once, when a session ends (or is saved or imported), and stored in small tables
so the progress view aggregates in SQL instead of replaying sessions.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from dojo.coaching.labels import CARD_ORDER, REFLECTION

if TYPE_CHECKING:
    from dojo.coaching.report import ScoreReport

#: Anti-patterns history counts, in the order they are listed when tied, with their names.
PATTERN_NAMES: dict[str, str] = {
    "telling": "telling (giving the answer)",
    "leading": "leading questions",
    "judgemental": "judgemental questions",
    "skipped_reflection": "skipped the reflection",
    "no_prediction": "no prediction before the next step",
    "late_prediction": "prediction asked only after the step",
    "no_go_see": "no time agreed to go and see",
    "closed": "yes/no questions",
    "out_of_order": "card steps out of order",
    "moved_on": "moved on when the learner's reply called for a follow-up",
    "repeated": "asked again what was just answered",
    "coach_idea": "your idea became the learner's step",
}

#: Turn flags (set by the scorer on coach turns) that history counts as anti-patterns.
_TURN_FLAGS = ("telling", "leading", "judgemental", "closed", "out_of_order", "moved_on", "repeated", "coach_idea")

#: The scorer's prediction criterion levels (see dojo.coaching.scorer): 100 before, 60 late.
_PREDICTION_LATE = 60.0

STEP_ORDER: tuple[str, ...] = tuple(s.value for s in CARD_ORDER)


def patterns(report: ScoreReport) -> dict[str, int]:
    """Anti-pattern -> how many times it occurred (turns for question habits, cycles for the card)."""
    counts: Counter[str] = Counter()
    for turn in report.turns:
        if turn.speaker != "coach":
            continue
        for flag in turn.flags:
            if flag in _TURN_FLAGS:
                counts[flag] += 1
    reflection = set(REFLECTION)
    for cycle in report.cycles:
        if cycle.coach_turns == 0:
            continue
        if not cycle.first_cycle and reflection <= set(cycle.missing):
            counts["skipped_reflection"] += 1
        p = cycle.criteria.prediction
        if p < _PREDICTION_LATE - 1e-9:
            counts["no_prediction"] += 1
        elif p < 100.0 - 1e-9:
            counts["late_prediction"] += 1
        if cycle.criteria.go_see <= 0.0:
            counts["no_go_see"] += 1
    return {k: counts[k] for k in PATTERN_NAMES if counts[k]}


def steps(report: ScoreReport) -> list[tuple[str, float | None, int]]:
    return [(s.step.value, s.score, s.asked) for s in report.steps]


def feedback(report: ScoreReport) -> list[tuple[int, str, str]]:
    return [(rank, f.kind, f.text) for rank, f in enumerate(report.feedback)]
