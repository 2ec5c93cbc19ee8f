"""The scorer's output: pydantic models exported as JSON (``dojo score --json``, the debrief).

Scores are 0..100. ``None`` means "not applicable" (the reflection on a first cycle).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.labels import Label

#: Bump when the JSON shape changes incompatibly (saved sessions keep their reports).
REPORT_VERSION = 1

CRITERIA: tuple[str, ...] = ("coverage", "order", "quality", "prediction", "go_see")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criteria(_Model):
    """Sub-scores per criterion, each 0..100."""

    coverage: float = Field(ge=0, le=100, description="share of the card steps due in the cycle that were asked")
    order: float = Field(ge=0, le=100, description="share of the coach's card phases that follow the card's order")
    quality: float = Field(ge=0, le=100, description="open, non-leading, non-telling, non-judgemental questions")
    prediction: float = Field(ge=0, le=100, description="the learner was asked what they expect before the step was agreed")
    go_see: float = Field(ge=0, le=100, description="a time to go and see was agreed")


class StepScore(_Model):
    """One card step in one cycle (or, in the report's summary, averaged over cycles)."""

    step: Label
    score: float | None = Field(description="100 asked open, 75 asked only as a yes/no, 0 not asked; None if not due")
    asked: int = Field(ge=0, description="how many coach turns asked it")
    due: bool = Field(description="False for the reflection on a first cycle")


class CycleScore(_Model):
    index: int = Field(ge=0)
    first_cycle: bool
    score: float = Field(ge=0, le=100)
    criteria: Criteria
    steps: list[StepScore]
    coach_turns: int = Field(ge=0)
    missing: list[Label] = Field(description="card steps due in this cycle that were not asked")
    out_of_order: list[Label] = Field(description="card steps asked out of the card's order (back and forth)")
    minutes: float | None = Field(default=None, description="length of the cycle when the turns carry times")


class AnnotatedTurn(_Model):
    index: int = Field(ge=0, description="position in the whole transcript, from 0")
    cycle: int = Field(ge=0)
    speaker: Literal["coach", "learner"]
    text: str
    label: Label | None = Field(description="the coach move; None for learner turns")
    open: bool | None = Field(description="an open question; None for learner turns")
    note: str = Field(description="what a 2nd coach would jot beside this turn ('' for learner turns)")
    flags: list[str] = Field(
        default_factory=list,
        description="good, closed, leading, telling, judgemental, out_of_order, repeat, not_due, prediction, late",
    )
    seconds: float | None = None


class FeedbackItem(_Model):
    """One focused point from the 2nd coach: an action and the trigger for using it."""

    kind: str = Field(description="a stable key, e.g. missing_reflection, leading, no_prediction")
    trigger: str = Field(description="when to act, e.g. 'When the learner lists several obstacles'")
    action: str = Field(description="what to do, e.g. 'ask which one they are addressing now'")
    why: str = Field(description="the reason, in one sentence")
    impact: float = Field(ge=0, description="points the overall score would gain (estimate), used to choose the items")
    cycles: list[int] = Field(default_factory=list)
    turns: list[int] = Field(default_factory=list, description="indexes of the turns it refers to")

    @property
    def text(self) -> str:
        end = "" if self.action.rstrip("'\"").endswith(("?", ".", "!")) else "."
        return f"{self.trigger}, {self.action}{end}"


class ScoreReport(_Model):
    version: int = REPORT_VERSION
    score: int = Field(ge=0, le=100, description="the overall score: the mean of the cycle scores, rounded")
    criteria: Criteria
    steps: list[StepScore] = Field(description="per card step, averaged over the cycles where it was due")
    cycles: list[CycleScore]
    turns: list[AnnotatedTurn]
    feedback: list[FeedbackItem] = Field(max_length=3)
    strengths: list[str]
    weights: dict[str, float] = Field(description="the criterion weights used (they sum to 100)")
