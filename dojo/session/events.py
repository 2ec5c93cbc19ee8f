"""Events the session engine emits. A UI, a headless command or a test observes them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dojo.coaching.labels import Label
from dojo.coaching.report import ChosenBy

if TYPE_CHECKING:
    from dojo.session.debrief import Debrief
    from dojo.session.views import PdcaRow, RunPoints, StoryboardView


@dataclass(frozen=True, slots=True)
class CycleStarted:
    cycle: int
    day: int
    date: str


@dataclass(frozen=True, slots=True)
class CoachHeard:
    """How a coach turn was understood ("heard as: obstacles")."""

    turn: int
    text: str
    label: Label
    confidence: float
    open: bool
    runner_up: Label | None
    corrected: bool = False
    guess: bool = False  # below the classifier's confidence line: shown as "heard as X?"
    why: str = ""  # how the conversation changed the reading ("picks up the learner's own words")
    because: str = ""  # the words that decided the reading ("brings an idea: second operator")
    also: tuple[Label, ...] = ()  # card steps asked in the same breath after the first ("…, and what did you expect?")


@dataclass(frozen=True, slots=True)
class LearnerReplied:
    turn: int
    text: str
    key: str
    yeti: bool  # at the edge of their knowledge: "I don't know yet"
    effects: tuple[str, ...]
    celebrate: bool = False  # a step that missed its prediction produced a learning


@dataclass(frozen=True, slots=True)
class StoryboardChanged:
    storyboard: StoryboardView


@dataclass(frozen=True, slots=True)
class ScriptedEvent:
    cycle: int
    title: str
    note: str


@dataclass(frozen=True, slots=True)
class ExperimentRan:
    cycle: int
    day: int
    experiment_id: str | None
    step: str
    chosen_by: ChosenBy
    run: RunPoints
    improved: bool = True  # moved towards the target condition


@dataclass(frozen=True, slots=True)
class CycleEnded:
    cycle: int
    record: PdcaRow
    target_met: bool


@dataclass(frozen=True, slots=True)
class SessionEnded:
    debrief: Debrief


Event = (
    CycleStarted | CoachHeard | LearnerReplied | StoryboardChanged | ScriptedEvent | ExperimentRan | CycleEnded | SessionEnded
)
