"""What a session keeps as it is played: its turns and, per cycle, what the cycle left behind."""

from __future__ import annotations

from dataclasses import dataclass, field

from dojo.coaching.labels import Label
from dojo.coaching.report import ChosenBy


@dataclass(slots=True)
class Turn:
    index: int
    cycle: int
    speaker: str  # "coach" or "learner"
    text: str
    at: float
    label: Label | None = None
    confidence: float = 1.0
    open: bool = False
    runner_up: Label | None = None
    corrected: bool = False
    top: tuple[Label, ...] = ()  # the classifier's three most likely readings
    guess: bool = False
    why: str = ""
    also: tuple[Label, ...] = ()  # card steps asked in the same breath after the first
    key: str | None = None  # the learner's response situation
    yeti: bool = False
    effects: tuple[str, ...] = ()


@dataclass(slots=True)
class CycleLog:
    """What a finished cycle left behind, for the debrief."""

    number: int
    started_at: float
    ended_at: float | None = None
    experiment_id: str | None = None
    chosen_by: ChosenBy = ChosenBy.NONE
    prediction_stated: bool = False
    go_see_agreed: bool = False
    obstacles_discussed: bool = False
    learning_captured: bool = False
    target_met: bool = False
    had_last_step: bool = False
    events: list[str] = field(default_factory=list)
