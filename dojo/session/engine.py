"""The session engine: N coaching cycles on one scenario with a seed.

It takes coach moves (free text, or pre-labelled in guided mode), answers through the
simulated learner, and when a cycle ends runs the agreed experiment on the simulated
process. It never touches a screen: it returns (and publishes) events. Everything is
deterministic for (scenario, seed, actions), which is how a saved session is restored:
replay its :class:`~dojo.session.record.SessionRecord`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dojo.coaching.classifier import Classification, Classifier, Context
from dojo.coaching.context import EARLIER_LINES
from dojo.coaching.features import questions
from dojo.coaching.hearing import default_classifier
from dojo.coaching.labels import ANTI_PATTERNS, CARD_STEPS, Label
from dojo.coaching.report import ChosenBy
from dojo.errors import UserError
from dojo.formatting import human_date, number, quantity
from dojo.learner.responder import Learner, Reply
from dojo.learner.state import LearnerState
from dojo.learner.truth import from_now, missed_learning, true_to_run
from dojo.scenarios.alternatives import realise
from dojo.scenarios.models import Experiment, Scenario
from dojo.session import events as ev
from dojo.session.live import METRIC_WORDS, PER_UNIT, live_values, metric_unit, target_value
from dojo.session.log import CycleLog, Turn
from dojo.session.record import MAX_ACTIONS, Action, Heard, PlanTag, SessionRecord

if TYPE_CHECKING:
    from dojo.session.debrief import Debrief
from dojo.session.views import ObstacleView, PdcaRow, RunChart, RunPoints, StoryboardView
from dojo.sim.changes import apply_changes
from dojo.sim.engine import simulate, stream
from dojo.sim.metrics import RunResult, RunSummary, series, summarize
from dojo.sim.model import ProcessModel

Listener = Callable[[ev.Event], None]

#: Moves that are never an open question, whatever the wording.
_NEVER_OPEN = frozenset({Label.TELLING, Label.CLOSED, Label.OTHER})
#: The learner's replies in a cycle the classifier hears a coach's line against.
CONTEXT_REPLIES = 40


@dataclass(frozen=True, slots=True)
class CycleOutcome:
    """What ending a cycle comes to, computed from the session without changing it
    (:meth:`Session.cycle_outcome`); :meth:`Session.apply_cycle_end` makes it so."""

    cycle: int
    actions: int  # the session's actions when it was computed: it applies to that state only
    at: float
    experiment: Experiment | None  # the step run (None: no step)
    chosen_by: ChosenBy
    scripted: tuple[ev.ScriptedEvent, ...]  # the scenario's events in this cycle
    process: ProcessModel  # the process from now on: the step's and the lasting events' changes made
    summary: RunSummary  # the new run
    points: RunPoints
    row: PdcaRow  # the experimenting record's new row
    improved: bool  # the statistic moved towards the target condition
    target_met: bool
    current_condition: str
    debrief: Debrief | None = None  # the last cycle's: the session's debrief as it will be


@dataclass(slots=True)
class _Ended:
    """The session as it will be once a cycle's end is applied, as far as the debrief reads it
    (:class:`dojo.session.debrief.PlayedSession`): built beside the session, changing nothing."""

    scenario: Scenario
    seed: int
    record: SessionRecord
    learner: Learner
    turns: list[Turn]
    cycles: list[CycleLog]
    chart: RunChart

    def run_chart(self) -> RunChart:
        return self.chart


#: Readings that ask about the work: what a guessed leading or telling line may be answered as.
_ASKS_ABOUT_WORK = CARD_STEPS | {Label.CLARIFY, Label.CLOSED}


@dataclass(slots=True)
class RecordRow:
    """One row of the experimenting record and what the engine knows behind it."""

    pdca: PdcaRow
    experiment: Experiment | None = None  # the step run in this session; None for a row from the scenario's board
    improved: bool = True  # the statistic moved towards the target condition


def scenario_digest(scenario: Scenario) -> str:
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]


class Session:
    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int,
        mode: str = "free",
        classifier: Classifier | None = None,
        clock: Callable[[], float] = time.time,
        started_at: float | None = None,
        plan: PlanTag | None = None,
        player: str = "",
    ) -> None:
        # The scenario as this seed plays it (its alternatives drawn); the record keeps the one
        # given, so restoring (scenario + seed + actions) draws and plays the same again.
        given, scenario = scenario, realise(scenario, seed)
        self.scenario = scenario
        self.given = given  # the scenario as loaded: what a store keeps a copy of
        self.seed = seed
        self.classifier = classifier or default_classifier()
        self._clock = clock
        self._listeners: list[Listener] = []
        started = clock() if started_at is None else started_at
        self.record = SessionRecord(
            scenario_id=scenario.id, scenario_digest=scenario_digest(given), seed=seed, mode=mode, started_at=started,
            plan=plan,  # the dojo plan round it is played for (dojo play --plan), if any
            player=player,  # who plays it: a name dojo.players.normalize accepted ("": no name)
        )
        self.learner = Learner(scenario)
        self.turns: list[Turn] = []
        self.cycle = 1
        self.ended = False
        self.cycles: list[CycleLog] = []
        self._process: ProcessModel = scenario.process
        self._rows: list[RecordRow] = [
            RecordRow(PdcaRow(
                date=r.date.isoformat(), step=r.step, metric=r.metric, expected=r.expected, happened=r.happened,
                learned=r.learned,
            ))
            for r in scenario.storyboard.records
        ]
        self._undo: LearnerState | None = None  # learner state before the last coach turn
        baseline = simulate(self._process, self._run_seed(0))
        self._summary: RunSummary = summarize(baseline)
        self._runs: list[RunPoints] = [self._points(baseline, self._summary, 0, "baseline")]
        self._current_condition = self._starting_condition()
        self._start_cycle()

    # -- observing ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, events: list[ev.Event]) -> list[ev.Event]:
        for event in events:
            for listener in self._listeners:
                listener(event)
        return events

    # -- time ----------------------------------------------------------------------------

    @property
    def day(self) -> int:
        return (self.cycle - 1) * self.scenario.days_per_cycle

    def date_of(self, day: int) -> dt.date:
        return self.scenario.start_date + dt.timedelta(days=day)

    @property
    def date(self) -> dt.date:
        return self.date_of(self.day)

    @property
    def cycle_started_at(self) -> float:
        return self.cycles[-1].started_at

    def _run_seed(self, cycle: int) -> int:
        return stream(self.seed, f"run/{cycle}").getrandbits(31)

    # -- views -----------------------------------------------------------------------------

    def storyboard(self) -> StoryboardView:
        state = self.learner.state
        return StoryboardView(
            process=self.scenario.focus_process.name,
            challenge=self.scenario.challenge.strip(),
            target=self.scenario.target_condition.description.strip(),
            achieve_by=human_date(self.scenario.target_condition.achieve_by),
            current_condition=self._current_condition,
            obstacles=[
                ObstacleView(id=o.id, text=o.text, in_focus=o.id == state.focus_obstacle, revealed=o.hidden)
                for o in self.learner.visible_obstacles()
            ],
            records=[r.pdca for r in self._rows],
        )

    def run_chart(self) -> RunChart:
        return self._chart(self._runs)

    def _chart(self, runs: list[RunPoints]) -> RunChart:
        tc = self.scenario.target_condition
        return RunChart(
            metric=METRIC_WORDS[tc.metric],
            statistic=tc.statistic.value if tc.metric in PER_UNIT else "value",
            unit=metric_unit(self.scenario),
            target=tc.value,
            direction=tc.direction,
            runs=list(runs),
        )

    @property
    def latest(self) -> float:
        return self._runs[-1].stat

    @property
    def target_met(self) -> bool:
        return self.run_chart().met(self.latest)

    # -- coaching ----------------------------------------------------------------------------

    def coach(self, text: str, label: Label | None = None) -> list[ev.Event]:
        """A coach turn: classify it (unless pre-labelled), let the learner answer."""
        text = text.strip()
        if self.ended:
            raise UserError("the session has ended; start a new one to coach again")
        if not text:
            raise UserError("say something to the learner first")
        self._room_for_an_action()
        at = self._clock()
        context = self._context()
        c = self.classifier.classify(text, context)
        heard = Heard(
            label=c.label, confidence=round(c.confidence, 4), open=c.open, runner_up=c.runner_up, top=list(c.top),
            guess=c.guess, why=c.why, also=list(c.also),
        )
        self.record.actions.append(Action(kind="coach", at=at, text=text, label=label, heard=heard))
        events = self._coach(text, label, at, heard)
        explain = getattr(self.classifier, "explain", None)
        if explain is not None and label is None and isinstance(events[0], ev.CoachHeard):
            # Why it was heard so, for the player; not part of the record (it is shown, not replayed).
            events[0] = dataclasses.replace(events[0], because=explain(text, context).reason())
        return self._emit(events)

    def _coach(self, text: str, label: Label | None, at: float, recorded: Heard | None) -> list[ev.Event]:
        # A saved turn is replayed as it was heard then: a retrained classifier cannot change it.
        if recorded is not None:
            heard = Classification(
                recorded.label, recorded.confidence, recorded.open, recorded.runner_up, tuple(recorded.top),
                recorded.guess, recorded.why, tuple(recorded.also),
            )
        else:
            heard = self.classifier.classify(text, self._context())
        top = heard.top
        if label is not None and label != heard.label:
            heard = Classification(label, 1.0, heard.open and label not in _NEVER_OPEN, heard.label)
        turn = Turn(
            index=len(self.turns), cycle=self.cycle, speaker="coach", text=text, at=at, label=heard.label,
            confidence=heard.confidence, open=heard.open, runner_up=heard.runner_up, corrected=label is not None,
            top=top, guess=heard.guess, why=heard.why, also=heard.also,
        )
        self._undo = self.learner.state.snapshot()
        self.turns.append(turn)
        return [self._heard(turn), *self._answer(turn, self.storyboard())]

    def relabel(self, label: Label) -> list[ev.Event]:
        """Correct how the last coach turn was heard; the learner answers it again."""
        if self.ended:
            raise UserError("the session has ended")
        turn = self._correctable()
        if turn is None:
            raise UserError("there is no question in this cycle to correct")
        if turn.label == label:
            return []
        self._room_for_an_action()
        at = self._clock()
        self.record.actions.append(Action(kind="relabel", at=at, label=label))
        return self._emit(self._relabel(turn, label))

    def _room_for_an_action(self) -> None:
        """A session holds at most MAX_ACTIONS actions, with room kept to end every cycle left."""
        left = self.scenario.cycles - self.cycle + 1  # this cycle's end included
        if len(self.record.actions) + left >= MAX_ACTIONS:
            raise UserError(f"a session holds at most {MAX_ACTIONS:,} actions; end the cycle (ctrl+n) to go on")

    def _correctable(self) -> Turn | None:
        """The last coach turn of this cycle, which a relabel answers again."""
        if self._undo is None:
            return None
        return next((t for t in reversed(self.turns) if t.speaker == "coach" and t.cycle == self.cycle), None)

    def _relabel(self, turn: Turn, label: Label) -> list[ev.Event]:
        assert self._undo is not None
        before = self.storyboard()
        self.learner.state = self._undo.snapshot()
        self._restore_learned()
        del self.turns[turn.index + 1 :]
        turn.runner_up, turn.label, turn.confidence, turn.corrected = turn.label, label, 1.0, True
        turn.guess, turn.why, turn.also = False, "", ()
        if label in _NEVER_OPEN:
            turn.open = False
        return [self._heard(turn), *self._answer(turn, before)]

    def _heard(self, turn: Turn) -> ev.CoachHeard:
        assert turn.label is not None
        return ev.CoachHeard(
            turn=turn.index, text=turn.text, label=turn.label, confidence=turn.confidence, open=turn.open,
            runner_up=turn.runner_up, corrected=turn.corrected, guess=turn.guess, why=turn.why, also=turn.also,
        )

    def _context(self) -> Context:
        """What the learner said in this cycle before the coach's next line, for the classifier.

        ``said`` is the learner's last :data:`CONTEXT_REPLIES` replies of the cycle (a real cycle
        has fewer): the classifier reads it for every line, so it must not grow with the cycle.
        ``board``: the learner's last :data:`EARLIER_LINES` lines of earlier cycles (an idea they
        voiced then is still theirs), their steps, predictions and learnings so far and the
        obstacle in focus (a session has a handful of rows).
        """
        said: list[Turn] = []
        for t in reversed(self.turns):
            if t.cycle != self.cycle:
                break
            said.append(t)
        said.reverse()
        previous = said[-1].text if said and said[-1].speaker == "learner" else ""
        replies = [t.text for t in said if t.speaker == "learner"][-CONTEXT_REPLIES:]
        state = self.learner.state
        focus = next((o.text for o in self.learner.visible_obstacles() if o.id == state.focus_obstacle), "")
        earlier: list[str] = []  # walked back from the end: bounded, whatever the session's length
        for i in range(len(self.turns) - len(said) - 1, -1, -1):
            if len(earlier) == EARLIER_LINES:
                break
            if self.turns[i].speaker == "learner":
                earlier.append(self.turns[i].text)
        earlier.reverse()
        board = [focus, *(f"{r.pdca.step} {r.pdca.expected} {r.pdca.learned}" for r in self._rows), *earlier]
        return Context(
            previous=previous,
            said=" ".join(replies),
            asked=tuple(s for t in said if t.speaker == "coach" for s in (t.label, *t.also) if s in CARD_STEPS),
            board=" ".join(b for b in board if b),
        )

    def _answer(self, turn: Turn, before: StoryboardView) -> list[ev.Event]:
        """The learner's reply to ``turn``; ``before`` is the storyboard as the player last saw it."""
        assert turn.label is not None
        state = self.learner.state
        before_learned = state.cycle.learning_captured
        values = self._values()
        rng = stream(self.seed, f"turn/{turn.index}")
        last = self._rows[-1].pdca if self._rows else None
        # A leading or telling reading only guessed at is not counted against the coach, and the
        # learner gives it the same benefit of the doubt: answered as the next reading that asks about
        # the work ("Okay, do that." has none: it stays an instruction).
        label = turn.label
        if turn.guess and not turn.corrected and label in ANTI_PATTERNS:
            label = next((r for r in (*turn.top, turn.runner_up) if r in _ASKS_ABOUT_WORK), label)
        ran = len(self._rows) > len(self.scenario.storyboard.records)

        said = _said_per_step(turn.text, len(turn.also))

        def respond(step: Label, text: str) -> Reply:
            return self.learner.respond(
                step, turn.open, text, values, rng,
                has_last_step=last is not None, last_had_prediction=bool(last and last.expected),
                last_from_board=len(self._rows) == len(self.scenario.storyboard.records) > 0,
                last_improved=self._rows[-1].improved if ran else None,
                last_no_step=ran and self._rows[-1].experiment is None,
            )

        reply = respond(label, said[0])
        for step, text in zip(turn.also, said[1:], strict=True):
            # A compound ask ("What was your last step, and what did you expect?"): each part answered in turn.
            more = respond(step, text)
            reply = Reply(f"{reply.text} {more.text}", more.key, reply.yeti or more.yeti, (*reply.effects, *more.effects))
        celebrate = False
        if state.cycle.learning_captured and not before_learned:
            celebrate = self._capture_learning()
        self.turns.append(
            Turn(
                index=len(self.turns), cycle=self.cycle, speaker="learner", text=reply.text, at=turn.at,
                key=reply.key.value, yeti=reply.yeti, effects=reply.effects,
            )
        )
        out: list[ev.Event] = [
            ev.LearnerReplied(
                turn=len(self.turns) - 1, text=reply.text, key=reply.key.value, yeti=reply.yeti,
                effects=reply.effects, celebrate=celebrate,
            )
        ]
        storyboard = self.storyboard()
        if storyboard != before:
            out.append(ev.StoryboardChanged(storyboard))
        return out

    def _capture_learning(self) -> bool:
        """Write the deep learning into the last record row. True when the step missed its prediction but taught."""
        if not self._rows:
            return False
        row = self._rows[-1]
        if row.experiment is not None and not row.pdca.learned:
            row.pdca = row.pdca.model_copy(update={"learned": self._learned(row.experiment)})
        return bool(row.pdca.expected) and not row.improved

    def _restore_learned(self) -> None:
        """Undo a learning written by the turn being re-answered."""
        if self._rows and self._rows[-1].experiment is not None and not self.learner.state.cycle.learning_captured:
            self._rows[-1].pdca = self._rows[-1].pdca.model_copy(update={"learned": ""})

    def _values(self) -> dict[str, object]:
        state = self.learner.state
        obstacles = self.learner.visible_obstacles()
        focus = next((o.text for o in obstacles if o.id == state.focus_obstacle), obstacles[0].text if obstacles else "")
        last = self._rows[-1].pdca if self._rows else None
        experiment = self._rows[-1].experiment if self._rows else None
        # Not on the board yet: what the learner would say when the reflection is done well.
        last_learned = (last.learned if last else "") or (self._learned(experiment) if experiment else "")
        values = live_values(
            self.scenario, self._summary, day=self.day, date=self.date, cycle=self.cycle,
            focus_obstacle=focus, last=last, last_learned=last_learned,
            obstacles=[o.text for o in obstacles if o.id == state.focus_obstacle or not self.learner.addressed(o)],
        )
        # An event that played in the last run (it ended the cycle before this one).
        values["last_event"] = "; ".join(self.cycles[-2].events) if len(self.cycles) >= 2 else ""
        planned = self.learner.planned()
        if planned is not None:
            values["next_step"], values["next_expected"] = planned.step, from_now(planned.expects, self.latest)
        return values

    def _learned(self, experiment: Experiment) -> str:
        """The step's learning, its claims about the statistic made true to this session's run. A
        change that did not move the statistic towards the target taught that, not its written
        learning (which says what the step teaches when it works; a tempting fix's learning is
        written for the miss already)."""
        chart = self.run_chart()
        before, after = self._runs[-2].stat, self._runs[-1].stat
        if experiment.kind != "observe" and not experiment.tempting and self._rows and not self._rows[-1].improved:
            events = self.cycles[-2].events if len(self.cycles) >= 2 else []
            return missed_learning(chart.statistic, before, after, chart.unit, "; ".join(events))
        subjects = (chart.statistic, chart.metric, "chart")
        return true_to_run(experiment.learned.strip(), subjects, before, after, chart.unit)

    # -- cycles ----------------------------------------------------------------------------

    def _start_cycle(self) -> list[ev.Event]:
        self.learner.start_cycle()
        self.cycles.append(CycleLog(number=self.cycle, started_at=self._clock_or_last(), had_last_step=bool(self._rows)))
        return [ev.CycleStarted(cycle=self.cycle, day=self.day, date=self.date.isoformat())]

    def _clock_or_last(self) -> float:
        if self.record.actions:
            return self.record.actions[-1].at
        return self.record.started_at

    def end_cycle(self) -> list[ev.Event]:
        """The learner runs the agreed experiment; the run chart and the record move on."""
        return self.apply_cycle_end(self.cycle_outcome())

    def cycle_outcome(self) -> CycleOutcome:
        """What ending the cycle now comes to — the step chosen, the run simulated, the record row and,
        on the last cycle, the debrief — computed without changing the session (a worker may run it
        while the screen reads the session).
        :meth:`apply_cycle_end` makes it so."""
        if self.ended:
            raise UserError("the session has ended")
        return self._cycle_outcome(self._clock(), len(self.record.actions))

    def apply_cycle_end(self, outcome: CycleOutcome) -> list[ev.Event]:
        """End the cycle as computed: record it, move the session on, publish the events."""
        if self.ended:
            raise UserError("the session has ended")
        if (outcome.cycle, outcome.actions) != (self.cycle, len(self.record.actions)):
            raise UserError("the session changed after the end of the cycle was computed; end the cycle again")
        self.record.actions.append(Action(kind="end_cycle", at=outcome.at))
        return self._emit(self._apply_cycle_end(outcome))

    def _end_cycle(self, at: float) -> list[ev.Event]:
        return self._apply_cycle_end(self._cycle_outcome(at, len(self.record.actions)))

    def _cycle_outcome(self, at: float, actions: int) -> CycleOutcome:
        flags = self.learner.state.cycle
        rng = stream(self.seed, f"choice/{self.cycle}")
        experiment, chosen_by = self.learner.experiment_for_cycle_end(rng)
        process = self._process
        scripted: list[ev.ScriptedEvent] = []
        temporary = []
        for event in self.scenario.events:
            if event.cycle != self.cycle:
                continue
            scripted.append(ev.ScriptedEvent(cycle=self.cycle, title=event.title, note=event.note.strip()))
            if event.lasting:
                process = apply_changes(process, event.changes)
            else:
                temporary.extend(event.changes)
        if experiment is not None:
            if experiment.id not in self.learner.state.experiments_run:  # a step run again changes nothing more
                process = apply_changes(process, experiment.changes)
        else:
            chosen_by = ChosenBy.NONE
        run_model = apply_changes(process, temporary) if temporary else process

        run_day = self.cycle * self.scenario.days_per_cycle
        result = simulate(run_model, self._run_seed(self.cycle))
        summary = summarize(result)
        step = experiment.step.strip() if experiment else "No step agreed"
        points = self._points(result, summary, run_day, step)
        chart = self._chart([*self._runs, points])
        row = PdcaRow(
            date=self.date.isoformat(),
            step=step,
            metric=f"{chart.statistic} {chart.metric}".strip(),
            expected=from_now(experiment.expects.strip(), self.latest) if experiment and flags.prediction_stated else "",
            happened=f"{number(self.latest)} → {quantity(points.stat, chart.unit)} "
            f"(target {quantity(chart.target, chart.unit)})",
            learned="",
        )
        outcome = CycleOutcome(
            cycle=self.cycle, actions=actions, at=at, experiment=experiment, chosen_by=chosen_by,
            scripted=tuple(scripted), process=process, summary=summary, points=points, row=row,
            improved=_moved_towards(chart, self.latest, points.stat), target_met=chart.met(points.stat),
            current_condition=self._describe_current(points, summary, chart),
        )
        if self.cycle < self.scenario.cycles:
            return outcome
        from dojo.session.debrief import build_debrief  # noqa: PLC0415 - the scorer loads only at the end

        ended = _Ended(self.scenario, self.seed, self.record, self.learner, self.turns,
                       [*self.cycles[:-1], self._ended_log(outcome)], chart)
        return dataclasses.replace(outcome, debrief=build_debrief(ended))

    def _ended_log(self, o: CycleOutcome) -> CycleLog:
        """The cycle's log as the outcome leaves it (a new log: the session's is not changed)."""
        flags, log = self.learner.state.cycle, self.cycles[-1]
        return dataclasses.replace(
            log, ended_at=o.at, experiment_id=o.experiment.id if o.experiment else None, chosen_by=o.chosen_by,
            prediction_stated=flags.prediction_stated, go_see_agreed=flags.go_see_agreed,
            obstacles_discussed=flags.obstacles_discussed, learning_captured=flags.learning_captured,
            target_met=o.target_met, events=[*log.events, *(e.title for e in o.scripted)],
        )

    def _apply_cycle_end(self, o: CycleOutcome) -> list[ev.Event]:
        self.cycles[-1] = self._ended_log(o)
        out: list[ev.Event] = list(o.scripted)
        self._process = o.process
        self.learner.record_run(o.experiment)
        self.learner.state.last_chosen_by = o.chosen_by  # the next reflection knows whose step it was
        self._summary = o.summary
        self._runs.append(o.points)
        self._rows.append(RecordRow(o.row, o.experiment, o.improved))
        self._current_condition = o.current_condition
        out.append(
            ev.ExperimentRan(
                cycle=self.cycle, day=o.points.day, experiment_id=o.experiment.id if o.experiment else None,
                step=o.points.label, chosen_by=o.chosen_by, run=o.points, improved=o.improved,
            )
        )
        out.append(ev.CycleEnded(cycle=self.cycle, record=o.row, target_met=o.target_met))
        out.append(ev.StoryboardChanged(self.storyboard()))
        self._undo = None
        if o.debrief is not None:
            self.ended = True
            out.append(ev.SessionEnded(o.debrief))
        else:
            self.cycle += 1
            out.extend(self._start_cycle())
        return out

    def _points(self, result: RunResult, summary: RunSummary, day: int, label: str) -> RunPoints:
        tc = self.scenario.target_condition
        if tc.metric in PER_UNIT:
            values = [round(v, 2) for v in series(result, tc.metric.value)]
        else:
            values = [round(target_value(self.scenario, summary), 2)]
        return RunPoints(
            day=day, date=self.date_of(day).isoformat(), label=label, values=values,
            stat=round(target_value(self.scenario, summary), 2),
        )

    def _starting_condition(self) -> str:
        """The live baseline run in numbers, then the scenario's words that carry no number of their own
        (its numbers describe a run this seed did not play)."""
        written = self.scenario.storyboard.current_condition.strip()
        notes = [x.strip() for x in re.findall(r"[^.!?]+[.!?]*[\"'\u201d)]*", " ".join(written.split())) if not re.search(r"\d", x)]
        return " ".join([self._describe_current(self._runs[-1], self._summary, self.run_chart()), *notes])

    def _describe_current(self, points: RunPoints, s: RunSummary, chart: RunChart) -> str:
        low, high = min(points.values), max(points.values)
        spread = f" (from {number(low)} to {number(high)} {chart.unit})" if len(points.values) > 1 else ""
        return (
            f"{chart.statistic.capitalize()} {chart.metric} {quantity(points.stat, chart.unit)}{spread} on "
            f"{human_date(dt.date.fromisoformat(points.date))}; target {quantity(chart.target, chart.unit)}. "
            f"Throughput {number(s.throughput)} units/h, "
            f"first-pass yield {number(s.first_pass_yield)}%, busiest station: {s.bottleneck}."
        )

    # -- saving and restoring ------------------------------------------------------------------

    @classmethod
    def restore(
        cls,
        record: SessionRecord,
        scenario: Scenario,
        *,
        classifier: Classifier | None = None,
        clock: Callable[[], float] = time.time,
    ) -> Session:
        """Rebuild a session exactly by replaying its actions (no events are published)."""
        session = cls(
            scenario, seed=record.seed, mode=record.mode, classifier=classifier, clock=clock,
            started_at=record.started_at, plan=record.plan, player=record.player,
        )
        session.replay(record.actions)
        return session

    def replay(self, actions: Iterable[Action]) -> None:
        for action in actions:
            if self.ended:
                break
            self.record.actions.append(action)
            if action.kind == "coach":
                self._coach(action.text, action.label, action.at, action.heard)
            elif action.kind == "relabel" and action.label is not None:
                turn = self._correctable()
                if turn is not None:
                    self._relabel(turn, action.label)
            elif action.kind == "end_cycle":
                self._end_cycle(action.at)


def _said_per_step(text: str, also: int) -> list[str]:
    """What each card step of a turn is answered from: the lead-in and first question for the
    first step, each later question for the step it asked; the whole turn for each when the
    questions and the steps do not pair up one to one."""
    lead, parts = questions(text)
    if also and len(parts) == also + 1:
        return [f"{lead} {parts[0]}".strip(), *parts[1:]]
    return [text] * (also + 1)


def _moved_towards(chart: RunChart, before: float, after: float) -> bool:
    """Did the statistic move at least 3 % of the way towards (or past) the target? Already past
    the line, it improved when it did not get worse (55 → 60 s against 62 s did not)."""
    gain = (before - after) if chart.direction == "at_most" else (after - before)
    if chart.met(before):
        return gain >= 0
    gap = abs(before - chart.target) or 1.0
    return gain >= 0.03 * gap or chart.met(after)
