"""The scorer's output: pydantic models exported as JSON (``dojo score --json``, the debrief).

Scores are 0..100. ``None`` means "not applicable" (the reflection on a first cycle).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.labels import Label

#: Bump when the JSON shape changes incompatibly (saved sessions keep their reports).
REPORT_VERSION = 2  # 2: the listening criterion, who chose each cycle's step, rewrites in the feedback


class Criterion(StrEnum):
    """What a cycle is scored on (the fields of :class:`Criteria`; weights in ``dojo.coaching.scorer``)."""

    COVERAGE = "coverage"
    ORDER = "order"
    QUALITY = "quality"
    PREDICTION = "prediction"
    GO_SEE = "go_see"
    LISTENING = "listening"


CRITERIA: tuple[Criterion, ...] = tuple(Criterion)

#: How each criterion is named for people.
CRITERION_NAMES: dict[Criterion, str] = {
    Criterion.COVERAGE: "coverage",
    Criterion.ORDER: "order",
    Criterion.QUALITY: "question quality",
    Criterion.PREDICTION: "prediction",
    Criterion.GO_SEE: "go and see",
    Criterion.LISTENING: "listening",
}


class ChosenBy(StrEnum):
    """Whose idea a cycle's step was (the session engine's ``chosen_by``)."""

    FOCUS = "focus"  # the learner's, for the obstacle in focus
    FIND_OUT = "find_out"  # the learner's step to find out, after "I don't know yet"
    COACH = "coach"  # the coach's idea, taken on by the learner
    PERSONA = "persona"  # the learner's first idea, chosen before any obstacle was discussed
    UNFOCUSED = "unfocused"  # the learner's first idea: the obstacles were named, none looked into
    NONE = "none"  # no step


class FeedbackKind(StrEnum):
    """The stable key of a 2nd coach's point (:attr:`FeedbackItem.kind`); history counts them."""

    NO_QUESTIONS = "no_questions"
    SKIPPED_REFLECTION = "skipped_reflection"
    INCOMPLETE_REFLECTION = "incomplete_reflection"
    MISSING_TARGET = "missing_target"
    MISSING_ACTUAL = "missing_actual"
    MISSING_OBSTACLES = "missing_obstacles"
    MISSING_NEXT_STEP = "missing_next_step"
    MISSING_GO_SEE = "missing_go_see"
    NO_PREDICTION = "no_prediction"
    LATE_PREDICTION = "late_prediction"
    STEP_BEFORE_OBSTACLES = "step_before_obstacles"
    ORDER = "order"
    JUDGEMENTAL = "judgemental"
    TELLING = "telling"
    LEADING = "leading"
    CLOSED = "closed"
    NO_EVIDENCE = "no_evidence"
    SUPERFICIAL_LEARNING = "superficial_learning"
    WHICH_ONE = "which_one"
    NO_REASON = "no_reason"
    FIND_OUT = "find_out"
    VAGUE_PREDICTION = "vague_prediction"
    NEW_FACT = "new_fact"
    HAND_BACK = "hand_back"
    OFF_TOPIC = "off_topic"
    ASKED_AGAIN = "asked_again"
    NOT_YET = "not_yet"
    STOCK_FOLLOW_UP = "stock_follow_up"
    FILLED_SILENCE = "filled_silence"
    LONG_CYCLE = "long_cycle"


class TurnFlag(StrEnum):
    """What the 2nd coach's note marks on a turn (:attr:`AnnotatedTurn.flags`); saved reports keep these values."""

    GOOD = "good"
    CLOSED = "closed"
    LEADING = "leading"
    TELLING = "telling"
    JUDGEMENTAL = "judgemental"
    GUESS = "guess"  # heard only as a guess: not counted
    NOT_DUE = "not_due"  # the reflection on a first cycle
    OUT_OF_ORDER = "out_of_order"
    REPEAT = "repeat"  # the card step asked again inside its phase
    PREDICTION = "prediction"
    LATE = "late"  # the prediction asked after the step was agreed
    BEFORE_OBSTACLES = "before_obstacles"
    FOLLOW_UP = "follow_up"  # the coach followed up a reply that called for it
    MOVED_ON = "moved_on"  # ... or moved on from it
    FOLLOWED_UP = "followed_up"  # learner turns: a reply that called for a follow-up and got one
    FOLLOW_UP_MISSED = "follow_up_missed"  # ... and did not
    # The listening costs (dojo.coaching.listening.Cost), by the same values.
    OFF_TOPIC = "off_topic"
    REPEATED = "repeated"
    NOT_YET = "not_yet"
    COACH_IDEA = "coach_idea"
    STOCK = "stock"  # a stock follow-up fired at a reply it did not fit


class Pattern(StrEnum):
    """An anti-pattern history counts across sessions (turn flags and the card's habits per cycle)."""

    TELLING = "telling"
    LEADING = "leading"
    JUDGEMENTAL = "judgemental"
    SKIPPED_REFLECTION = "skipped_reflection"
    NO_PREDICTION = "no_prediction"
    LATE_PREDICTION = "late_prediction"
    NO_GO_SEE = "no_go_see"
    CLOSED = "closed"
    OUT_OF_ORDER = "out_of_order"
    MOVED_ON = "moved_on"
    REPEATED = "repeated"
    COACH_IDEA = "coach_idea"
    STOCK = "stock"


#: How each anti-pattern is named for people, in the order they are listed when tied.
PATTERN_NAMES: dict[Pattern, str] = {
    Pattern.TELLING: "telling (giving the answer)",
    Pattern.LEADING: "leading questions",
    Pattern.JUDGEMENTAL: "judgemental questions",
    Pattern.SKIPPED_REFLECTION: "skipped the reflection",
    Pattern.NO_PREDICTION: "no prediction before the next step",
    Pattern.LATE_PREDICTION: "prediction asked only after the step",
    Pattern.NO_GO_SEE: "no time agreed to go and see",
    Pattern.CLOSED: "yes/no questions",
    Pattern.OUT_OF_ORDER: "card steps out of order",
    Pattern.MOVED_ON: "moved on when the learner's reply called for a follow-up",
    Pattern.REPEATED: "asked again what was just answered",
    Pattern.COACH_IDEA: "your idea became the learner's step",
    Pattern.STOCK: "the same follow-up whatever the learner said",
}

#: The turn flags history counts, and the anti-pattern each counts as.
FLAG_PATTERNS: dict[TurnFlag, Pattern] = {
    TurnFlag.TELLING: Pattern.TELLING,
    TurnFlag.LEADING: Pattern.LEADING,
    TurnFlag.JUDGEMENTAL: Pattern.JUDGEMENTAL,
    TurnFlag.CLOSED: Pattern.CLOSED,
    TurnFlag.OUT_OF_ORDER: Pattern.OUT_OF_ORDER,
    TurnFlag.MOVED_ON: Pattern.MOVED_ON,
    TurnFlag.REPEATED: Pattern.REPEATED,
    TurnFlag.COACH_IDEA: Pattern.COACH_IDEA,
    TurnFlag.STOCK: Pattern.STOCK,
}


#: The feedback kind for a card step that was due and not asked (the reflection has its own two).
MISSING_STEP: dict[Label, FeedbackKind] = {
    Label.TARGET: FeedbackKind.MISSING_TARGET,
    Label.ACTUAL: FeedbackKind.MISSING_ACTUAL,
    Label.OBSTACLES: FeedbackKind.MISSING_OBSTACLES,
    Label.NEXT_STEP: FeedbackKind.MISSING_NEXT_STEP,
    Label.GO_SEE: FeedbackKind.MISSING_GO_SEE,
}


class StepOrigin(BaseModel):
    """Where a cycle's step came from, when the session knows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chosen_by: ChosenBy
    tempting: bool = False  # the fix that looks right and is not where the time goes


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criteria(_Model):
    """Sub-scores per criterion, each 0..100."""

    coverage: float = Field(ge=0, le=100, description="share of the card steps due in the cycle that were asked")
    order: float = Field(ge=0, le=100, description="share of the coach's card phases that follow the card's order")
    quality: float = Field(ge=0, le=100, description="open, non-leading, non-telling, non-judgemental questions")
    prediction: float = Field(ge=0, le=100, description="the learner was asked what they expect before the step was agreed")
    go_see: float = Field(ge=0, le=100, description="a time to go and see was agreed")
    listening: float | None = Field(
        default=None, ge=0, le=100,
        description="learner replies that called for a follow-up and were followed up, less costs; "
        "None when it could not be judged (no learner lines, or nothing called for one)",
    )


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
    coach_step: bool = Field(default=False, description="the cycle's step was the coach's idea (leading or telling)")
    step_before_obstacles: bool = Field(
        default=False, description="the next step was agreed before the obstacles were discussed, and that made the plan"
    )
    follow_ups_due: int = Field(default=0, ge=0, description="learner replies that called for a follow-up")
    follow_ups_missed: int = Field(default=0, ge=0, description="of those, the ones the coach moved on from")


class AnnotatedTurn(_Model):
    index: int = Field(ge=0, description="position in the whole transcript, from 0")
    cycle: int = Field(ge=0)
    speaker: Literal["coach", "learner"]
    text: str
    label: Label | None = Field(description="the coach move; None for learner turns")
    open: bool | None = Field(description="an open question; None for learner turns")
    note: str = Field(description="what a 2nd coach would jot beside this turn ('' for learner turns)")
    flags: list[TurnFlag] = Field(default_factory=list, description="what the note marks (TurnFlag's values)")
    seconds: float | None = None


class Example(_Model):
    """One moment from the session: where it was, the coach's line, and what to say instead."""

    cycle: int = Field(ge=0)
    turn: int = Field(ge=0, description="index of the coach's turn (or, when none was said, the learner's)")
    said: str = Field(description="the coach's line as said ('' when the point is a question not asked)")
    learner: str = Field(default="", description="what the learner had just said, when the point is a follow-up missed")
    instead: str = Field(description="a line to try instead")

    @property
    def text(self) -> str:
        where = f"Cycle {self.cycle + 1}, turn {self.turn + 1}"
        if self.learner:
            went_on = f", before '{self.said}'" if self.said else ""
            return f"{where}: when the learner said '{self.learner}', try '{self.instead}'{went_on}."
        if self.said:
            return f"{where}: instead of '{self.said}' try '{self.instead}'"
        return f"{where}: try '{self.instead}'"


class FeedbackItem(_Model):
    """One focused point from the 2nd coach: an action and the trigger for using it."""

    kind: str = Field(description="a stable key, e.g. missing_reflection, leading, no_prediction")
    trigger: str = Field(description="when to act, e.g. 'When the learner lists several obstacles'")
    action: str = Field(description="what to do, e.g. 'ask which one they are addressing now'")
    why: str = Field(description="the reason, in one sentence")
    impact: float = Field(ge=0, description="points the overall score would gain (estimate), used to choose the items")
    cycles: list[int] = Field(default_factory=list)
    turns: list[int] = Field(default_factory=list, description="indexes of the turns it refers to")
    example: Example | None = Field(default=None, description="the moment it is about, with a rewrite of the coach's line")

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
    listening_judged: bool = Field(
        default=True, description="False when no learner lines were there to judge listening by: scored without it"
    )
