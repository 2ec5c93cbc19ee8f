"""The coach-move labels: the Coaching Kata card steps and the other moves.

These names are an interface shared by the corpus, the classifier, the scorer,
the learner and the UI; do not rename them.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    TARGET = "target"
    ACTUAL = "actual"
    LAST_STEP = "last_step"
    EXPECTED = "expected"
    HAPPENED = "happened"
    LEARNED = "learned"
    OBSTACLES = "obstacles"
    NEXT_STEP = "next_step"
    GO_SEE = "go_see"
    CLARIFY = "clarify"
    LEADING = "leading"
    TELLING = "telling"
    CLOSED = "closed"
    OTHER = "other"


#: The card steps in the order the card asks them.
CARD_ORDER: tuple[Label, ...] = (
    Label.TARGET,
    Label.ACTUAL,
    Label.LAST_STEP,
    Label.EXPECTED,
    Label.HAPPENED,
    Label.LEARNED,
    Label.OBSTACLES,
    Label.NEXT_STEP,
    Label.GO_SEE,
)

CARD_STEPS: frozenset[Label] = frozenset(CARD_ORDER)

#: The reflection on the last step ("turn the card over"); skipped on a first cycle.
REFLECTION: tuple[Label, ...] = (Label.LAST_STEP, Label.EXPECTED, Label.HAPPENED, Label.LEARNED)

#: Moves a 2nd coach flags as anti-patterns.
ANTI_PATTERNS: frozenset[Label] = frozenset({Label.LEADING, Label.TELLING})

#: When several labels fit: telling > leading > card step > clarify > closed > other.
PRECEDENCE: tuple[str, ...] = ("telling", "leading", "card", "clarify", "closed", "other")

DESCRIPTIONS: dict[Label, str] = {
    Label.TARGET: "the challenge or the target condition",
    Label.ACTUAL: "the actual condition now",
    Label.LAST_STEP: "reflection: what was planned as the last step",
    Label.EXPECTED: "reflection: what the learner expected from the last step",
    Label.HAPPENED: "reflection: what actually happened",
    Label.LEARNED: "reflection: what was learned",
    Label.OBSTACLES: "the obstacles, and which one is addressed now",
    Label.NEXT_STEP: "the next step or experiment, and what is expected from it",
    Label.GO_SEE: "when we can go and see what was learned",
    Label.CLARIFY: "an open, non-leading follow-up: elaborate, show evidence, explain",
    Label.LEADING: "a question carrying the coach's idea, solution or judgement",
    Label.TELLING: "a statement giving advice, instructions, solutions or judgement",
    Label.CLOSED: "a yes/no or either/or question off the card",
    Label.OTHER: "greetings, praise, acknowledgement, small talk, logistics",
}
