"""Aligning the coach's card steps against the order of the Coaching Kata card.

The coach's card-step questions are reduced to *phases*: non-card moves (clarifying
follow-ups, acknowledgements, and also leading or telling turns) are dropped, and
consecutive asks of the same step collapse into one phase. So "What is the target
condition?" → "How do you know?" → "What is the target condition, in numbers?" is one
``target`` phase: clarifying and re-asking inside a step is good coaching, not disorder.

The phases are then aligned with :data:`CARD_ORDER` by a longest common subsequence.
The phases outside the alignment are the ones visited out of order (going back and
forth); the order score is the share of phases inside it. Steps the coach never asked do
not count against the order (coverage measures them), so adding a missing step in its
right place always extends the alignment by one and never lowers the order score.

One order error matters more than its share of phases: a next step agreed before the
obstacles were discussed (``step_before_obstacles``) is a step not aimed at an obstacle.
The scorer counts it when it made the plan (the learner chose without the obstacles, or,
in a transcript, the step was not asked again after them: ``replanned``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dojo.coaching.labels import CARD_ORDER, CARD_STEPS, Label

_RANK: dict[Label, int] = {step: i for i, step in enumerate(CARD_ORDER)}


@dataclass(frozen=True, slots=True)
class Phase:
    """A run of consecutive asks of one card step; ``turns`` are indexes into the input."""

    step: Label
    turns: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Alignment:
    phases: tuple[Phase, ...]
    in_order: tuple[bool, ...]  # per phase: part of the longest in-card-order subsequence

    @property
    def matched(self) -> int:
        return sum(self.in_order)

    @property
    def order(self) -> float:
        """Share of phases that follow the card's order, 0..1 (0 when no card step was asked)."""
        return self.matched / len(self.phases) if self.phases else 0.0

    def out_of_order_turns(self) -> set[int]:
        return {t for p, ok in zip(self.phases, self.in_order) if not ok for t in p.turns}

    @property
    def step_before_obstacles(self) -> tuple[int, ...]:
        """Turns of the next-step phases asked before the first obstacles phase, when the
        obstacles come later: the step was agreed before the obstacles were discussed."""
        first = next((k for k, p in enumerate(self.phases) if p.step is Label.OBSTACLES), None)
        if first is None:
            return ()
        return tuple(t for p in self.phases[:first] if p.step is Label.NEXT_STEP for t in p.turns)

    @property
    def replanned(self) -> bool:
        """The next step was asked (again) after the first obstacles phase."""
        first = next((k for k, p in enumerate(self.phases) if p.step is Label.OBSTACLES), None)
        return first is not None and any(p.step is Label.NEXT_STEP for p in self.phases[first:])


def phases(labels: Sequence[Label | None]) -> tuple[Phase, ...]:
    """Collapse the card-step labels (by position) into phases; other labels are skipped."""
    out: list[Phase] = []
    for i, label in enumerate(labels):
        if label not in CARD_STEPS:
            continue
        if out and out[-1].step == label:
            out[-1] = Phase(label, out[-1].turns + (i,))
        else:
            out.append(Phase(label, (i,)))
    return tuple(out)


def align(labels: Sequence[Label | None]) -> Alignment:
    """Align the coach's labels (one per turn, ``None`` for non-coach turns) with the card."""
    ph = phases(labels)
    seq = [_RANK[p.step] for p in ph]
    n, m = len(seq), len(CARD_ORDER)
    # Classic LCS table: lcs[i][j] for seq[i:] and CARD_ORDER[j:].
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if seq[i] == j:
                lcs[i][j] = lcs[i + 1][j + 1] + 1
            else:
                lcs[i][j] = max(lcs[i + 1][j], lcs[i][j + 1])
    keep = [False] * n
    i = j = 0
    while i < n and j < m:
        if seq[i] == j:
            keep[i] = True
            i += 1
            j += 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            i += 1
        else:
            j += 1
    return Alignment(ph, tuple(keep))
