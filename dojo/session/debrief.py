"""The debrief at the end of a session: the score, the 2nd coach's stopwatch, how the learner developed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict

from dojo.coaching.labels import CARD_STEPS, Label
from dojo.coaching.report import ChosenBy, ScoreReport, StepOrigin
from dojo.coaching.scorer import score_cycles
from dojo.coaching.turns import TurnIn
from dojo.session.views import RunChart

if TYPE_CHECKING:
    from dojo.learner.responder import Learner
    from dojo.scenarios.models import Scenario
    from dojo.session.log import CycleLog, Turn
    from dojo.session.record import SessionRecord


class PlayedSession(Protocol):
    """What the debrief reads of a played session (the engine's ``Session`` is one)."""

    scenario: Scenario
    seed: int
    record: SessionRecord
    learner: Learner
    turns: list[Turn]
    cycles: list[CycleLog]

    def run_chart(self) -> RunChart: ...


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PhaseTime(_Model):
    """Time spent in one card phase; follow-ups count towards the phase they follow."""

    phase: str  # a card step, or "opening" before the first card question
    seconds: float


#: Whose idea a cycle's step was, in words that follow "Whose idea: ".
IDEA: dict[ChosenBy, str] = {
    ChosenBy.FOCUS: "the learner's, for the obstacle in focus",
    ChosenBy.FIND_OUT: "the learner's, a step to find out after saying 'I don't know yet'",
    ChosenBy.COACH: "yours, and the learner took it on",
    ChosenBy.PERSONA: "the learner's first idea, from before any obstacle was discussed",
    ChosenBy.UNFOCUSED: "the learner's first idea, with the obstacles named but none looked into",
    ChosenBy.NONE: "nobody's, as no step was agreed",
}

#: Said after whose idea it was when the step was the fix that looks right and is not where the time goes.
TEMPTING = "it was the tempting fix"


def idea_of(chosen_by: ChosenBy | str, tempting: bool) -> str:
    """Whose idea the step was, and whether it was the tempting fix: one clause, no brackets
    ("the learner's first idea, from before any obstacle was discussed; it was the tempting fix")."""
    try:
        words = IDEA[ChosenBy(chosen_by)]
    except ValueError:
        words = chosen_by
    return f"{words}; {TEMPTING}" if tempting else words


def whose_idea(chosen_by: ChosenBy | str, tempting: bool) -> str:
    """The sentence a player reads under a step: ``Whose idea: yours, and the learner took it on.``"""
    return f"Whose idea: {idea_of(chosen_by, tempting)}."


class CycleSummary(_Model):
    number: int
    minutes: float
    phases: list[PhaseTime]
    experiment: str
    chosen_by: ChosenBy
    idea: str = ""  # whose idea the step was, in words
    tempting: bool = False  # the step was the fix that looks right and is not where the time goes
    prediction_stated: bool
    go_see_agreed: bool
    learning_captured: bool
    target_met: bool
    events: list[str]


class Level(_Model):
    start: float
    end: float


class LearnerDevelopment(_Model):
    clarity: Level
    ownership: Level
    confidence: Level
    predictions_made: int
    learnings_captured: int
    dont_knows: int  # times the learner reached the edge of their knowledge
    told: int
    led: int


class Outcome(_Model):
    metric: str
    unit: str
    baseline: float
    final: float
    target: float
    direction: str
    target_met: bool


class Debrief(_Model):
    scenario_id: str
    title: str
    seed: int
    mode: str
    score: ScoreReport
    outcome: Outcome
    phases: list[PhaseTime]  # whole session
    cycles: list[CycleSummary]
    learner: LearnerDevelopment
    run_chart: RunChart
    corrected: int = 0  # coach turns the player corrected (ctrl+r)
    corrected_off_top: int = 0  # ... to a label outside the classifier's top three: scored as other


def scored_label(turn: Turn, mode: str = "free") -> Label | None:
    """The label a coach turn is scored with. A correction counts honestly: one to a label the
    classifier did not have among its three most likely readings counts as ``other`` — the
    learner answers the corrected move, but the score does not take a reading nobody heard."""
    if mode == "free" and turn.corrected and turn.top and turn.label not in turn.top:
        return Label.OTHER  # (guided mode's picks carry their own label: not corrections)
    return turn.label


def corrections(session: PlayedSession) -> tuple[int, int]:
    """(coach turns corrected, of which to a label outside the classifier's top three)."""
    fixed = [t for t in session.turns if t.speaker == "coach" and t.corrected and session.record.mode == "free"]
    return len(fixed), sum(1 for t in fixed if t.top and t.label not in t.top)


def score_session(session: PlayedSession) -> ScoreReport:
    """Score the session's coaching with the labels as heard (or as the player corrected them)."""
    cycles: list[list[TurnIn]] = [[] for _ in session.cycles]
    for t in session.turns:
        cycles[t.cycle - 1].append(
            TurnIn(
                speaker=t.speaker,  # type: ignore[arg-type]
                text=t.text,
                label=scored_label(t, session.record.mode) if t.speaker == "coach" else None,
                open=t.open,
                seconds=t.at - session.record.started_at,
                key=t.key if t.speaker == "learner" else None,
                guess=t.guess,
                also=t.also if t.speaker == "coach" else (),
            )
        )
    firsts = [not log.had_last_step for log in session.cycles]
    return score_cycles(cycles, first_cycle=firsts, origins=[step_origin(session, log) for log in session.cycles])


def step_origin(session: PlayedSession, log: CycleLog) -> StepOrigin | None:
    """Whose idea the cycle's step was; None while the cycle has not ended (no step chosen yet)."""
    if log.ended_at is None:
        return None
    experiment = session.learner.experiment(log.experiment_id)
    return StepOrigin(chosen_by=ChosenBy(log.chosen_by), tempting=bool(experiment and experiment.tempting))


def phase_times(session: PlayedSession, cycle: int) -> list[PhaseTime]:
    """The 2nd coach's stopwatch for one cycle: each coach turn lasts until the next one (or the cycle's end)."""
    log = session.cycles[cycle - 1]
    coach = [t for t in session.turns if t.cycle == cycle and t.speaker == "coach"]
    end = log.ended_at if log.ended_at is not None else (coach[-1].at if coach else log.started_at)
    totals: dict[str, float] = {}
    phase = "opening"
    for i, turn in enumerate(coach):
        if turn.label in CARD_STEPS:
            phase = turn.label.value
        until = coach[i + 1].at if i + 1 < len(coach) else end
        totals[phase] = totals.get(phase, 0.0) + max(0.0, until - turn.at)
    return [PhaseTime(phase=p, seconds=round(s, 1)) for p, s in totals.items()]


def _sum_phases(parts: list[list[PhaseTime]]) -> list[PhaseTime]:
    order = ["opening", *(label.value for label in Label if label in CARD_STEPS)]
    totals: dict[str, float] = {}
    for part in parts:
        for p in part:
            totals[p.phase] = totals.get(p.phase, 0.0) + p.seconds
    return [PhaseTime(phase=p, seconds=round(totals[p], 1)) for p in order if p in totals]


def build_debrief(session: PlayedSession) -> Debrief:
    fixed, off_top = corrections(session)
    scenario = session.scenario
    chart = session.run_chart()
    per_cycle = [phase_times(session, log.number) for log in session.cycles]
    experiments = {e.id: e.step.strip() for e in scenario.experiments}
    tempting = {e.id for e in scenario.experiments if e.tempting}
    state = session.learner.state
    start = scenario.learner
    return Debrief(
        scenario_id=scenario.id,
        title=scenario.title,
        seed=session.seed,
        mode=session.record.mode,
        score=score_session(session),
        outcome=Outcome(
            metric=f"{chart.statistic} {chart.metric}".strip(),
            unit=chart.unit,
            baseline=chart.runs[0].stat,
            final=chart.runs[-1].stat,
            target=chart.target,
            direction=chart.direction,
            target_met=chart.met(chart.runs[-1].stat),
        ),
        phases=_sum_phases(per_cycle),
        cycles=[
            CycleSummary(
                number=log.number,
                minutes=round(((log.ended_at or log.started_at) - log.started_at) / 60.0, 1),
                phases=phases,
                experiment=experiments.get(log.experiment_id or "", "No step agreed"),
                chosen_by=log.chosen_by,
                idea=idea_of(log.chosen_by, log.experiment_id in tempting),
                tempting=log.experiment_id in tempting,
                prediction_stated=log.prediction_stated,
                go_see_agreed=log.go_see_agreed,
                learning_captured=log.learning_captured,
                target_met=log.target_met,
                events=log.events,
            )
            for log, phases in zip(session.cycles, per_cycle)
        ],
        learner=LearnerDevelopment(
            clarity=Level(start=start.clarity, end=round(state.clarity, 2)),
            ownership=Level(start=start.ownership, end=round(state.ownership, 2)),
            confidence=Level(start=start.confidence, end=round(state.confidence, 2)),
            predictions_made=state.predictions_made,
            learnings_captured=state.learnings_captured,
            dont_knows=state.dont_knows,
            told=state.told,
            led=state.led,
        ),
        run_chart=chart,
        corrected=fixed,
        corrected_off_top=off_top,
    )


def corrections_line(d: Debrief) -> str:
    """"2 questions corrected (1 to a reading the classifier did not consider: scored as other)"."""
    if not d.corrected:
        return ""
    n = d.corrected
    line = f"{n} question{'s' if n != 1 else ''} corrected with ctrl+r"
    if d.corrected_off_top:
        line += f" ({d.corrected_off_top} to a reading outside the classifier's top three: scored as other)"
    return line + "."


#: The 2nd coach's stopwatch: a coaching cycle is meant to take about this long or less.
GUIDE_MINUTES = 20
