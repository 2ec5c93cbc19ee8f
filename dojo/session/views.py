"""Read-only views of a session: the storyboard and the run chart, as the learner keeps them.

pydantic models, because they cross boundaries: the UI reads them, the headless command
prints them as JSON, exports embed them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ObstacleView(_View):
    id: str
    text: str
    in_focus: bool
    revealed: bool  # was hidden, brought to light by a step


class PdcaRow(_View):
    """One row of the experimenting record."""

    date: str
    step: str
    metric: str
    expected: str  # empty: no prediction was stated
    happened: str
    learned: str  # empty: not captured (yet)


class StoryboardView(_View):
    process: str
    challenge: str
    target: str
    achieve_by: str
    current_condition: str
    obstacles: list[ObstacleView]
    records: list[PdcaRow]


class RunPoints(_View):
    """One run of the process: the focus metric per unit (or one value per run) and its statistic."""

    day: int
    date: str
    label: str  # "baseline" or the step
    values: list[float]
    stat: float  # the target statistic of this run


class RunChart(_View):
    metric: str  # e.g. "lead time"
    statistic: str  # median, p90, mean
    unit: str
    target: float
    direction: str  # at_most, at_least
    runs: list[RunPoints]

    def met(self, value: float) -> bool:
        return value <= self.target if self.direction == "at_most" else value >= self.target
