"""What the scorer found in one cycle (:class:`CycleAnalysis`); the 2nd coach's notes and feedback read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from dojo.coaching.alignment import Alignment
from dojo.coaching.labels import Label
from dojo.coaching.listening import Listening
from dojo.coaching.report import Criterion, StepOrigin
from dojo.coaching.turns import TurnIn


@dataclass(slots=True)
class CycleAnalysis:
    """Everything the scorer found in one cycle; feedback and notes read it."""

    index: int
    offset: int  # index of the cycle's first turn in the whole transcript
    first: bool
    turns: list[TurnIn]
    labels: list[Label | None]  # per turn; None for learner turns
    alignment: Alignment
    judgemental: set[int]  # local indexes of coach turns
    quality_items: dict[int, tuple[float, float]]  # local index -> (quality, weight)
    due: tuple[Label, ...]
    asked: dict[Label, list[int]]
    expectation_turns: list[int]
    prediction_late: bool
    criteria: dict[Criterion, float | None]  # 0..1; listening None when not judged
    score: float  # 0..100
    listening: Listening
    took_over: list[int]  # leading or telling turns whose idea the learner took on
    coach_step: bool  # the step was the coach's idea: the cycle scores at most COACH_STEP_MAX
    step_before_obstacles: bool  # the next step was agreed before the obstacles, and made the plan
    origin: StepOrigin | None = None
    minutes: float | None = None
    guessed: dict[int, Label] = field(default_factory=dict)  # anti-patterns heard only as a guess: not counted
    unplaced: dict[int, Label] = field(default_factory=dict)  # questions the learner could not place: not counted

    @property
    def coach(self) -> list[int]:
        return [i for i, t in enumerate(self.turns) if t.speaker == "coach"]

    @property
    def missing(self) -> list[Label]:
        return [s for s in self.due if not self.asked.get(s)]

    def reply(self, i: int) -> str:
        """The learner's answer to coach turn ``i``: learner turns up to the next coach turn."""
        out = []
        for t in self.turns[i + 1:]:
            if t.speaker == "coach":
                break
            out.append(t.text)
        return "\n".join(out)
