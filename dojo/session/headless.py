"""Play a whole session from a transcript: the engine driven by a script instead of a person."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from dojo.coaching.report import ChosenBy
from dojo.errors import UserError
from dojo.scenarios.models import Scenario
from dojo.session import events as ev
from dojo.session.debrief import Debrief
from dojo.session.engine import Session
from dojo.session.record import MAX_ACTIONS
from dojo.session.views import RunChart, StoryboardView
from dojo.transcript import Transcript


class PlayedTurn(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cycle: int
    speaker: str
    text: str
    label: str | None = None  # coach turns: how the line was heard
    confidence: float | None = None
    open: bool | None = None
    situation: str | None = None  # learner turns: the response situation
    yeti: bool = False


class PlayedCycle(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    date: str
    step: str
    chosen_by: ChosenBy
    tempting: bool = False  # the step was the tempting fix
    stat_before: float
    stat_after: float
    target_met: bool
    events: list[str]


class HeadlessResult(BaseModel):
    """What ``dojo play --headless --json`` prints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str
    title: str
    seed: int
    turns: list[PlayedTurn]
    cycles: list[PlayedCycle]
    storyboard: StoryboardView
    run_chart: RunChart
    debrief: Debrief
    notes: list[str]  # e.g. the script had more cycles than the scenario


#: A scripted turn has no time of its own: headless play counts this many seconds per action.
SECONDS_PER_TURN = 40.0


class ScriptClock:
    """Starts now and moves ``step`` seconds per reading, so a script's debrief times are stable."""

    def __init__(self, start: float | None = None, step: float = SECONDS_PER_TURN) -> None:
        self._now = time.time() if start is None else start
        self._step = step
        self._first = True

    def __call__(self) -> float:
        if self._first:
            self._first = False
        else:
            self._now += self._step
        return self._now


@dataclass
class _Collector:
    cycles: list[PlayedCycle] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    before: float = 0.0
    debrief: Debrief | None = None


def play_script(scenario: Scenario, script: Transcript, *, seed: int, session: Session | None = None) -> HeadlessResult:
    """Coach every cycle of the script; cycles the script leaves out run uncoached."""
    session = session or Session(scenario, seed=seed, clock=ScriptClock())
    notes: list[str] = []
    collector = _Collector(before=session.latest)

    def observe(event: ev.Event) -> None:
        if isinstance(event, ev.ScriptedEvent):
            collector.events.append(f"{event.title}: {event.note}")
        elif isinstance(event, ev.ExperimentRan):
            collector.cycles.append(
                PlayedCycle(
                    number=event.cycle, date=event.run.date, step=event.step, chosen_by=event.chosen_by,
                    tempting=_tempting(session, event.experiment_id), stat_before=collector.before, stat_after=event.run.stat,
                    target_met=session.run_chart().met(event.run.stat), events=list(collector.events),
                )
            )
            collector.before = event.run.stat
            collector.events.clear()
        elif isinstance(event, ev.SessionEnded):
            collector.debrief = event.debrief

    session.subscribe(observe)
    cycles = script.cycles
    if len(cycles) > scenario.cycles:
        notes.append(
            f"the script has {len(cycles)} cycles and the scenario {scenario.cycles}; "
            f"the last {len(cycles) - scenario.cycles} were not played"
        )
        cycles = cycles[: scenario.cycles]
    coach_lines = sum(1 for c in cycles for line in c if line.speaker == "coach")
    if coach_lines + scenario.cycles > MAX_ACTIONS:
        raise UserError(
            f"{script.source}: {coach_lines:,} coach lines in {len(cycles)} cycles; a session holds at most "
            f"{MAX_ACTIONS:,} actions (each coach line and each cycle's end)"
        )
    learner_lines = sum(1 for c in cycles for line in c if line.speaker == "learner")
    if learner_lines:
        notes.append(f"{learner_lines} learner lines in the script were skipped: the simulated learner answers")
    for cycle in cycles:
        for line in cycle:
            if line.speaker == "coach":
                session.coach(line.text)
        session.end_cycle()
    uncoached = scenario.cycles - len(cycles)
    if uncoached > 0:
        notes.append(f"the script covers {len(cycles)} of {scenario.cycles} cycles; the learner ran the rest alone")
        while not session.ended:
            session.end_cycle()

    assert collector.debrief is not None  # every cycle has ended
    turns = [
        PlayedTurn(
            cycle=t.cycle, speaker=t.speaker, text=t.text,
            label=t.label.value if t.label else None,
            confidence=round(t.confidence, 3) if t.speaker == "coach" else None,
            open=t.open if t.speaker == "coach" else None,
            situation=t.key, yeti=t.yeti,
        )
        for t in session.turns
    ]
    return HeadlessResult(
        scenario=scenario.id, title=scenario.title, seed=seed, turns=turns, cycles=collector.cycles,
        storyboard=session.storyboard(), run_chart=session.run_chart(), debrief=collector.debrief, notes=notes,
    )


def _tempting(session: Session, experiment_id: str | None) -> bool:
    experiment = session.learner.experiment(experiment_id)
    return experiment is not None and experiment.tempting
