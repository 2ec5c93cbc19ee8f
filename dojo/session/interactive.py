"""Interactive headless play: coach lines in one at a time, every engine event out as a JSON line.

This is ``dojo play --headless --interactive``. It drives the same :class:`Session` as
the game and :func:`~dojo.session.headless.play_script`, and turns each event the engine
publishes into one line of JSON (a pydantic model per event kind, told apart by
``type``), so a program can read the learner's reply before it writes its next line.

The protocol, line by line:

- in: a coach line (``coach:`` prefix optional), ``---`` to end the cycle; blank lines
  and ``#`` comments play nothing (but are answered with ``ready``, like every line); ``learner:`` lines are skipped (the simulated learner
  answers); end of input ends the session, the learner running any cycles left alone;
- out: first ``session``, ``storyboard`` and ``ready``; then, for every line read, the
  events it caused (``heard``, ``reply``, ``storyboard``, ``event``, ``experiment``,
  ``cycle_ended``, ``cycle_started``) followed by ``ready``; the last line is ``debrief``.

A session here is deterministic for (scenario, seed, lines) exactly as a script is:
the clock moves 40 seconds per turn, so the same lines played with ``--script`` give
the same debrief.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from dojo import transcript
from dojo.coaching.report import ChosenBy
from dojo.errors import UserError
from dojo.session import events as ev
from dojo.session.debrief import Debrief
from dojo.session.engine import Session
from dojo.session.views import ObstacleView, PdcaRow, StoryboardView
from dojo.terminal import clean_json

#: The line that ends a coaching cycle, as in a transcript.
CYCLE_END = "---"
_EMPTY_TURN = re.compile(rf"\s*({'|'.join(get_args(transcript.Speaker))})\s*:\s*", re.IGNORECASE)


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionLine(_Line):
    """The first line: what is being played."""

    type: Literal["session"] = "session"
    scenario: str
    title: str
    seed: int
    cycles: int  # how many coaching cycles the scenario has
    cycle: int
    date: str


class HeardLine(_Line):
    """How a coach line was heard ("heard as: obstacles")."""

    type: Literal["heard"] = "heard"
    cycle: int
    turn: int
    text: str
    label: str
    confidence: float
    open: bool
    runner_up: str | None
    also: list[str] = Field(default_factory=list, description="card steps asked in the same breath after the first")


class ReplyLine(_Line):
    """The learner's answer, with the situation it answered from."""

    type: Literal["reply"] = "reply"
    cycle: int
    turn: int
    text: str
    situation: str
    yeti: bool  # "I don't know yet": the edge of the learner's knowledge
    celebrate: bool  # a step that missed its prediction produced a learning


class StoryboardLine(_Line):
    """The storyboard changed; compact: the current condition, the obstacles and the last record row."""

    type: Literal["storyboard"] = "storyboard"
    current_condition: str
    obstacles: list[ObstacleView]
    records: int
    last_record: PdcaRow | None


class ScriptedEventLine(_Line):
    """Something happened to the process this cycle (a breakdown, a new variant...)."""

    type: Literal["event"] = "event"
    cycle: int
    title: str
    note: str


class ExperimentLine(_Line):
    """The learner ran a step on the process; ``value`` is the run's target statistic."""

    type: Literal["experiment"] = "experiment"
    cycle: int
    day: int
    date: str
    step: str
    chosen_by: ChosenBy
    statistic: str  # e.g. "p90 cycle time"
    value: float
    before: float
    unit: str
    target: float
    improved: bool
    target_met: bool


class CycleEndedLine(_Line):
    type: Literal["cycle_ended"] = "cycle_ended"
    cycle: int
    target_met: bool
    record: PdcaRow


class CycleStartedLine(_Line):
    type: Literal["cycle_started"] = "cycle_started"
    cycle: int
    day: int
    date: str


class DebriefLine(_Line):
    """The last line: the debrief, the same shape ``--json`` prints under ``debrief``."""

    type: Literal["debrief"] = "debrief"
    debrief: Debrief


class ReadyLine(_Line):
    """Everything the last input line caused has been written: the next line is awaited."""

    type: Literal["ready"] = "ready"
    cycle: int


OutLine = (
    SessionLine | HeardLine | ReplyLine | StoryboardLine | ScriptedEventLine | ExperimentLine | CycleEndedLine
    | CycleStartedLine | DebriefLine | ReadyLine
)


def storyboard_line(view: StoryboardView) -> StoryboardLine:
    return StoryboardLine(
        current_condition=view.current_condition, obstacles=view.obstacles, records=len(view.records),
        last_record=view.records[-1] if view.records else None,
    )


class InteractivePlay:
    """Feeds one input line at a time to a session and writes every event it publishes as a JSON line.

    ``write`` gets each JSON line without its newline (the CLI writes and flushes it).
    ``before_first_action`` runs once, just before the first line reaches the engine:
    the CLI starts saving there, so input with no coaching at all leaves nothing behind,
    and every action is saved before the lines it caused are written.
    """

    def __init__(
        self,
        session: Session,
        write: Callable[[str], None],
        *,
        before_first_action: Callable[[Session], None] | None = None,
        source: str = "<stdin>",
    ) -> None:
        self.session = session
        self.notes: list[str] = []
        self._write = write
        self._before_first_action = before_first_action
        self._source = source
        self._acted = False
        self._lineno = 0
        self._skipped_learner = 0
        self._ignored_after_end = 0
        self._before = session.latest
        self._convert: dict[type, Callable[..., OutLine]] = {
            ev.CoachHeard: self._heard,
            ev.LearnerReplied: self._reply,
            ev.StoryboardChanged: lambda e: storyboard_line(e.storyboard),
            ev.ScriptedEvent: lambda e: ScriptedEventLine(cycle=e.cycle, title=e.title, note=e.note),
            ev.ExperimentRan: self._experiment,
            ev.CycleEnded: lambda e: CycleEndedLine(cycle=e.cycle, target_met=e.target_met, record=e.record),
            ev.CycleStarted: lambda e: CycleStartedLine(cycle=e.cycle, day=e.day, date=e.date),
            ev.SessionEnded: lambda e: DebriefLine(debrief=e.debrief),
        }

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def lines_read(self) -> int:
        return self._lineno

    # -- the protocol -------------------------------------------------------------------------

    def start(self) -> None:
        s = self.session
        self._emit(
            SessionLine(
                scenario=s.scenario.id, title=s.scenario.title, seed=s.seed, cycles=s.scenario.cycles, cycle=s.cycle,
                date=s.date.isoformat(),
            )
        )
        self._emit(storyboard_line(s.storyboard()))
        self._ready()

    def feed(self, row: str) -> None:
        """One input line: a coach line, ``---``, a comment or a blank (ignored), a learner line (skipped)."""
        self._lineno += 1
        row = row.strip()
        if self.ended:
            if row and not row.startswith("#"):
                self._ignored_after_end += 1
            return
        if not row or row.startswith("#"):
            pass  # nothing to play, but a program waiting for "ready" after every line it sent gets it
        elif row == CYCLE_END:
            self._act()
            self.session.end_cycle()
        else:
            line = self._parse(row)
            if line is None:
                pass
            elif line.speaker == "learner":
                self._skipped_learner += 1
            else:
                self._act()
                self.session.coach(line.text)
        if not self.ended:
            self._ready()

    def finish(self) -> None:
        """End of input (or of the session): the learner runs any cycles left alone, then the debrief is written."""
        if not self._acted:
            raise UserError(f"{self._source}: no coach lines before the end of input")
        if self._skipped_learner:
            self.notes.append(f"learner lines skipped: {self._skipped_learner} (the simulated learner answers)")
        if self._ignored_after_end:
            self.notes.append(f"lines after the last cycle, not played: {self._ignored_after_end}")
        if not self.ended:
            self.notes.append(
                f"the input ended in cycle {self.session.cycle} of {self.session.scenario.cycles}; "
                "the learner ran the rest alone"
            )
            while not self.ended:
                self.session.end_cycle()

    # -- inside -------------------------------------------------------------------------------------

    def _parse(self, row: str) -> transcript.Line | None:
        """The transcript's own rules (prefixes, length limit), with this line's number in any error."""
        if _EMPTY_TURN.fullmatch(row):  # "coach:" and nothing said: a blank line
            return None
        parsed = transcript.parse(row, source=self._source, first_line=self._lineno)
        return parsed.cycles[0][0]

    def _act(self) -> None:
        if not self._acted:
            self._acted = True
            if self._before_first_action is not None:
                self._before_first_action(self.session)
            self.session.subscribe(self._on_event)

    def _ready(self) -> None:
        self._emit(ReadyLine(cycle=self.session.cycle))

    def _emit(self, line: OutLine) -> None:
        self._write(clean_json(line.model_dump_json()))

    def _on_event(self, event: ev.Event) -> None:
        convert = self._convert.get(type(event))
        if convert is not None:
            self._emit(convert(event))

    def _heard(self, e: ev.CoachHeard) -> HeardLine:
        return HeardLine(
            cycle=self.session.cycle, turn=e.turn, text=e.text, label=e.label.value, confidence=round(e.confidence, 3),
            open=e.open, runner_up=e.runner_up.value if e.runner_up else None, also=[a.value for a in e.also],
        )

    def _reply(self, e: ev.LearnerReplied) -> ReplyLine:
        return ReplyLine(
            cycle=self.session.cycle, turn=e.turn, text=e.text, situation=e.key, yeti=e.yeti, celebrate=e.celebrate
        )

    def _experiment(self, e: ev.ExperimentRan) -> ExperimentLine:
        chart = self.session.run_chart()
        before, self._before = self._before, e.run.stat
        return ExperimentLine(
            cycle=e.cycle, day=e.day, date=e.run.date, step=e.step, chosen_by=e.chosen_by,
            statistic=f"{chart.statistic} {chart.metric}".strip(), value=e.run.stat, before=before, unit=chart.unit,
            target=chart.target, improved=e.improved, target_met=chart.met(e.run.stat),
        )


class LocalChannel:
    """The interactive protocol in-process: ``send`` a line, ``receive`` the next event as a dict (None: no more).

    The same :class:`InteractivePlay` the CLI runs, with the JSON lines queued instead of
    written to a pipe, so a coaching program can be tested or benchmarked without a
    subprocess. ``receive`` with nothing queued is the end of input: any cycles left run
    uncoached and the debrief is queued.
    """

    def __init__(self, session: Session) -> None:
        self._queue: deque[str] = deque()
        self.play = InteractivePlay(session, self._queue.append, source="<channel>")
        self.play.start()

    def send(self, line: str) -> None:
        self.play.feed(line)

    def receive(self) -> dict | None:
        if not self._queue and not self.play.ended:
            self.play.finish()
        return json.loads(self._queue.popleft()) if self._queue else None
