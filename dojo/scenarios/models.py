"""The scenario file format. Unknown keys are rejected everywhere.

A scenario puts a learner in front of a process: the storyboard they start with, the
experiments they can run (with the changes each really makes, which may differ from
what the learner believes), the words they answer with, and scripted events.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dojo.sim.model import ParamChange, ProcessModel


class _Strict(BaseModel):
    # Finite numbers only: a NaN or infinite target would make every comparison and chart meaningless.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


#: The dates a scenario may name: a session's days are counted from them, and saved sessions
#: hold times between 1970 and 2100.
FIRST_DATE, LAST_DATE = dt.date(1970, 1, 1), dt.date(2099, 12, 31)
Day = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]

#: No metric a run chart plots (seconds, percent, units per hour) is larger than this.
MAX_TARGET = 1e9


class Trait(StrEnum):
    """Persona traits that change how the learner answers."""

    JUMPS_TO_SOLUTIONS = "jumps_to_solutions"  # names a fix before the obstacle is clear
    VAGUE_ABOUT_DATA = "vague_about_data"  # answers with opinions until asked for evidence
    AFRAID_OF_FAILURE = "afraid_of_failure"  # defensive when judged, hedges predictions
    SCEPTICAL_VETERAN = "sceptical_veteran"  # has seen programmes come and go; pushes back on telling
    EAGER = "eager"  # keen, over-promises
    QUIET = "quiet"  # short answers; says more only when asked open questions


class Metric(StrEnum):
    """What the run chart plots and the target condition measures."""

    LEAD_TIME = "lead_time"  # per unit: release to done
    CYCLE_TIME = "cycle_time"  # per unit: time between consecutive finished units
    WAIT_TIME = "wait_time"  # per unit: time spent waiting in queues
    THROUGHPUT = "throughput"  # per run: units finished per hour
    FIRST_PASS_YIELD = "first_pass_yield"  # per run: share of units with no rework, in percent
    WIP = "wip"  # per run: time-average units in process


class Statistic(StrEnum):
    MEDIAN = "median"
    P90 = "p90"
    MEAN = "mean"


class Learner(_Strict):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    persona: list[Trait] = Field(default_factory=list, max_length=3)
    clarity: float = Field(default=0.4, ge=0, le=1, description="how clearly they see the current condition")
    ownership: float = Field(default=0.6, ge=0, le=1)
    confidence: float = Field(default=0.5, ge=0, le=1)


class FocusProcess(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class TargetCondition(_Strict):
    """A measurable pattern with an achieve-by date: ``statistic`` of ``metric`` at most/least ``value``."""

    description: str = Field(min_length=1, description="the pattern in words, no verbs")
    metric: Metric
    statistic: Statistic = Statistic.MEDIAN
    value: float = Field(ge=0, le=MAX_TARGET)
    direction: Literal["at_most", "at_least"] = "at_most"
    achieve_by: Day


class Obstacle(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    text: str = Field(min_length=1)
    hidden: bool = Field(default=False, description="not on the parking lot until an experiment reveals it")


class PdcaRecord(_Strict):
    date: Day
    step: str
    metric: str = ""
    expected: str = ""
    happened: str = ""
    learned: str = ""


class Storyboard(_Strict):
    current_condition: str = Field(min_length=1)
    obstacles: list[Obstacle] = Field(min_length=1)
    focus_obstacle: str | None = Field(default=None, description="obstacle id in focus at the start")
    records: list[PdcaRecord] = Field(default_factory=list, description="earlier experimenting records")


class Experiment(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    obstacle: str = Field(description="id of the obstacle this step works on")
    step: str = Field(min_length=1, description="the step as the learner would write it")
    kind: Literal["change", "observe"] = Field(
        default="change", description="'observe' is a step to find out: it changes nothing but reveals"
    )
    keywords: list[str] = Field(default_factory=list, description="words that make a coach's idea match this step")
    expects: str = Field(min_length=1, description="what the learner predicts, when asked")
    changes: list[ParamChange] = Field(default_factory=list, description="what the step really changes")
    learned: str = Field(min_length=1, description="what the learner can learn from it, when asked well")
    reveals: list[str] = Field(default_factory=list, description="obstacle ids this step brings to light")
    tempting: bool = Field(default=False, description="the solution a learner jumps to without analysis")


class Event(_Strict):
    id: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$", description="names the event in alternatives")
    cycle: int = Field(ge=1, description="the event happens before this cycle's experiment runs")
    title: str = Field(min_length=1)
    note: str = Field(min_length=1)
    changes: list[ParamChange] = Field(default_factory=list)
    lasting: bool = Field(default=False, description="the changes stay for the rest of the session")


class Cause(_Strict):
    """One hidden cause a seed can draw: what the process really is, and what the steps bring to light.

    The scenario as written is the baseline; a cause patches it.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    weight: float = Field(default=1.0, gt=0, description="how often this cause is drawn, relative to the others")
    process: list[ParamChange] = Field(default_factory=list, description="changes to the process as written")
    current_condition: str | None = Field(
        default=None, min_length=1, description="the storyboard's current condition with this cause, if it reads differently"
    )
    reveals: dict[str, list[str]] = Field(
        default_factory=dict, description="experiment id -> the obstacle ids it brings to light with this cause"
    )
    learned: dict[str, str] = Field(default_factory=dict, description="experiment id -> what is learned from it with this cause")


class Effect(_Strict):
    """How big one step's effect is: one of a few variants of its changes, and/or a strength from a range."""

    experiment: str = Field(description="id of the experiment")
    variants: list[list[ParamChange]] = Field(
        default_factory=list, description="the step really makes one of these sets of changes, instead of its own"
    )
    strength: tuple[float, float] | None = Field(
        default=None,
        description="[low, high]: the effect is scaled by a factor drawn in this range "
        "(a 'scale' becomes scale**k, a 'set' moves k of the way from the value as written)",
    )

    @model_validator(mode="after")
    def _something(self) -> Effect:
        if not self.variants and self.strength is None:
            raise ValueError("give 'variants', 'strength' or both")
        if self.strength is not None and not 0 < self.strength[0] <= self.strength[1]:
            raise ValueError("strength is [low, high] with 0 < low <= high")
        return self


class EventTiming(_Strict):
    event: str = Field(description="id of the event")
    cycles: list[int] = Field(min_length=1, description="the event happens before one of these cycles")


class Alternatives(_Strict):
    """What a seed draws: the same coaching then plays out differently across seeds."""

    causes: list[Cause] = Field(default_factory=list, description="which hidden cause is behind the spread; one is drawn")
    focus_obstacle: list[str] = Field(default_factory=list, description="the learner starts focused on one of these")
    effects: list[Effect] = Field(default_factory=list, description="how big each step's effect is")
    events: list[EventTiming] = Field(default_factory=list, description="when events happen")


class ResponseKey(StrEnum):
    """Situations the learner answers in. Card-step keys are required in every scenario."""

    TARGET = "target"
    ACTUAL_VAGUE = "actual_vague"
    ACTUAL_DATA = "actual_data"
    LAST_STEP = "last_step"
    LAST_STEP_NONE = "last_step_none"
    EXPECTED = "expected"
    EXPECTED_NONE = "expected_none"
    HAPPENED = "happened"
    LEARNED_SHALLOW = "learned_shallow"
    LEARNED_DEEP = "learned_deep"
    OBSTACLES = "obstacles"
    NEXT_STEP = "next_step"
    NEXT_STEP_PREDICTION = "next_step_prediction"
    DONT_KNOW = "dont_know"
    GO_SEE = "go_see"
    CLARIFY = "clarify"
    LEADING_ADOPT = "leading_adopt"
    TELLING_COMPLY = "telling_comply"
    TELLING_PUSHBACK = "telling_pushback"
    LEADING_PUSHBACK = "leading_pushback"  # a sceptical veteran turns down the idea in a leading question
    HEDGED_PREDICTION = "hedged_prediction"  # afraid of failure: no number, in case it is wrong
    OVER_PROMISE = "over_promise"  # eager: added to a prediction, more than the step can promise
    JUDGED = "judged"
    CLOSED = "closed"
    CLOSED_BETTER = "closed_better"  # a yes/no about the last step's effect, when it helped
    CLOSED_WORSE = "closed_worse"  # ... when it did not
    GO_SEE_NO_STEP = "go_see_no_step"  # asked when to go and see before any step is agreed
    ASK_COACH = "ask_coach"  # low ownership: the learner waits to be told
    SMALL_TALK = "small_talk"
    OFF_TOPIC = "off_topic"  # a thing neither in the scenario nor in the conversation
    REPEATED = "repeated"  # asked again what was answered in this cycle: "As I said, ..."
    NOT_YET = "not_yet"  # a question whose answer cannot exist yet ("Which one?" before any list)
    EVIDENCE = "evidence"  # "How do you know?": where the evidence comes from
    REASONING = "reasoning"  # "Why do you think so?": the learner's reasons, right or wrong
    SHOW_CHART = "show_chart"  # "Show me on the chart": the run
    OBSERVATION = "observation"  # "What did the stopwatch show?": the last observation's findings
    CHECK = "check"  # "How will you know it worked?": how the planned step's effect will be seen
    OUTLIER = "outlier"  # "What was going on at that high point?": one point, which the totals don't explain
    FAREWELL = "farewell"  # "Thanks, see you then": the end of the conversation, or thanks for it


REQUIRED_RESPONSES: frozenset[ResponseKey] = frozenset(
    {
        ResponseKey.TARGET,
        ResponseKey.ACTUAL_VAGUE,
        ResponseKey.ACTUAL_DATA,
        ResponseKey.LAST_STEP,
        ResponseKey.EXPECTED,
        ResponseKey.HAPPENED,
        ResponseKey.LEARNED_SHALLOW,
        ResponseKey.LEARNED_DEEP,
        ResponseKey.OBSTACLES,
        ResponseKey.NEXT_STEP,
        ResponseKey.NEXT_STEP_PREDICTION,
        ResponseKey.GO_SEE,
    }
)


class Scenario(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    domain: str = Field(min_length=1, description="manufacturing, healthcare, software, service, logistics...")
    difficulty: Literal["beginner", "intermediate", "advanced"]
    premise: str = Field(min_length=1, max_length=160, description="one line shown on the home screen")
    focus_process: FocusProcess
    challenge: str = Field(min_length=1)
    learner: Learner
    process: ProcessModel
    start_date: Day
    days_per_cycle: int = Field(default=1, ge=1, le=14)
    cycles: int = Field(ge=1, le=12)
    target_condition: TargetCondition
    storyboard: Storyboard
    experiments: list[Experiment] = Field(min_length=1)
    responses: dict[ResponseKey, list[str]]
    events: list[Event] = Field(default_factory=list)
    alternatives: Alternatives | None = Field(
        default=None, description="what a seed draws from; a session plays the scenario as realised for its seed"
    )
