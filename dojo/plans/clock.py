"""The facilitator's clock for a dojo plan: which round is on, whether its time box runs, how much is left.

A facilitated plan is in one :class:`Phase` at a time: a round is *not started* (the group
reads the focus), *running*, *paused*, or its *time is up*; after the last round the plan is
*finished*. Remaining time is never kept, only derived: the time used before the countdown
last (re)started plus the time since then, read from an injectable clock, so tests never
sleep and a restarted facilitator screen finds the countdown where it would have been.

The clock is wall time (``time.time``), not a monotonic one: the state is written to
``plans/<id>.state.json`` in the data directory every time it changes (atomically: a
temporary file renamed over the old one), so a crash of the facilitator's screen loses
nothing, and other processes — players' games — can read which round is running and when
it ends. Wall time is the only clock two processes share. A wall clock stepped backwards
never adds time: the time used is never less than it was when the countdown started.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dojo.files import write_atomically
from dojo.plans.models import MAX_MINUTES, MAX_ROUNDS, Plan, Round
from dojo.storage.paths import data_dir as default_data_dir

#: A state file is a few hundred bytes; anything much larger is not one.
MAX_STATE_BYTES = 16 * 1024


class Phase(StrEnum):
    """Where a facilitated plan is; the value is what the projector says."""

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    TIME_UP = "time is up"
    FINISHED = "finished"


class ClockState(BaseModel):
    """What is written to the state file: enough to rebuild the countdown in any process."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    version: Literal[1] = 1
    plan_id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)
    plan_digest: str = Field(default="", max_length=128, description="the plan file's digest, as sessions carry it")
    rounds: int = Field(ge=1, le=MAX_ROUNDS)
    round: int = Field(ge=1, le=MAX_ROUNDS, description="the current round, 1-based")
    time_box: float = Field(gt=0, le=MAX_MINUTES * 60, description="the current round's time box, in seconds")
    started: bool = False
    used: float = Field(default=0.0, ge=0, description="seconds of the time box used before `since`")
    since: float | None = Field(default=None, description="when the countdown last (re)started (epoch s); None: stopped")
    finished: bool = False
    updated_at: float = 0.0
    phase: Phase = Field(default=Phase.NOT_STARTED, description="the phase when written (for readers; derived)")
    ends_at: float | None = Field(default=None, description="when the running round's time is up (epoch s)")


@dataclass(frozen=True, slots=True)
class ClockView:
    """The clock read at one instant: what a screen shows."""

    number: int  # the current round, 1-based (the last one when finished)
    rounds: int
    round: Round
    phase: Phase
    remaining: float  # seconds, 0 ≤ remaining ≤ time_box
    time_box: float


def countdown(seconds: float) -> str:
    """``seconds`` left as ``M:SS``, rounded up: a fresh 25-minute box reads 25:00, 0:00 only when time is up."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def _box(plan: Plan, number: int) -> float:
    return float(plan.round(number).minutes * 60)


def fresh_state(plan: Plan, digest: str = "", number: int = 1) -> ClockState:
    """Round ``number`` of ``plan``, not started."""
    return ClockState(plan_id=plan.id, plan_digest=digest, rounds=len(plan.rounds), round=number,
                      time_box=_box(plan, number))


def fits(state: ClockState, plan: Plan, digest: str = "") -> bool:
    """Whether a saved ``state`` belongs to this ``plan`` as it is now (same id, rounds, time box and digest)."""
    if state.plan_id != plan.id or state.rounds != len(plan.rounds) or not 1 <= state.round <= state.rounds:
        return False
    if digest and state.plan_digest and digest != state.plan_digest:
        return False
    return state.time_box == _box(plan, state.round)


class PlanClock:
    """A plan's rounds and countdown. Every change is handed to ``save`` (the state file), at once.

    Operations that make no sense in the current phase (pausing what is not running, going
    back from the first round) change nothing and return False.
    """

    def __init__(
        self,
        plan: Plan,
        *,
        digest: str = "",
        clock: Callable[[], float] = time.time,
        state: ClockState | None = None,
        save: Callable[[ClockState], None] | None = None,
    ) -> None:
        """``state``: one read back from the state file, taken when it :func:`fits` the plan (else a fresh start)."""
        self.plan = plan
        self.digest = digest
        self._clock = clock
        self._save = save
        self.resumed = state is not None and fits(state, plan, digest)
        self.state = state if state is not None and self.resumed else fresh_state(plan, digest)

    # -- reading ---------------------------------------------------------------------------------

    def used(self, now: float | None = None) -> float:
        """Seconds of the current round's time box used, at ``now`` (never more than the box)."""
        s = self.state
        now = self._clock() if now is None else now
        running = max(0.0, now - s.since) if s.since is not None else 0.0
        return min(s.time_box, s.used + running)

    def phase(self, now: float | None = None) -> Phase:
        s = self.state
        if s.finished:
            return Phase.FINISHED
        if not s.started:
            return Phase.NOT_STARTED
        if self.used(now) >= s.time_box:
            return Phase.TIME_UP
        return Phase.RUNNING if s.since is not None else Phase.PAUSED

    def view(self) -> ClockView:
        now = self._clock()
        s = self.state
        return ClockView(number=s.round, rounds=s.rounds, round=self.plan.round(s.round), phase=self.phase(now),
                         remaining=s.time_box - self.used(now), time_box=s.time_box)

    # -- changing --------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the round's countdown (or resume a paused one)."""
        phase = self.phase()
        if phase == Phase.PAUSED:
            return self.resume()
        if phase != Phase.NOT_STARTED:
            return False
        return self._set(started=True, since=self._clock())

    def pause(self) -> bool:
        """Freeze the countdown where it is."""
        now = self._clock()
        if self.phase(now) != Phase.RUNNING:
            return False
        return self._set(used=self.used(now), since=None)

    def resume(self) -> bool:
        if self.phase() != Phase.PAUSED:
            return False
        return self._set(since=self._clock())

    def toggle(self) -> bool:
        """One key for all three: start, pause, resume (nothing once time is up or the plan is finished)."""
        phase = self.phase()
        if phase == Phase.RUNNING:
            return self.pause()
        return self.start()

    def advance(self) -> bool:
        """The next round, not started; past the last round the plan is finished."""
        s = self.state
        if s.finished:
            return False
        if s.round == s.rounds:
            return self._set(finished=True, since=None, used=self.used())
        return self._goto(s.round + 1)

    def back(self) -> bool:
        """The previous round, not started (from a finished plan: the last round again)."""
        s = self.state
        if s.finished:
            return self._goto(s.rounds)
        if s.round == 1:
            return False
        return self._goto(s.round - 1)

    def sync(self) -> bool:
        """Write the state again when the phase it records is no longer the phase now (the time ran out),
        so a reader of the file sees it; call it as often as the screen is redrawn."""
        if self.phase() == self.state.phase:
            return False
        return self._changed()

    def _goto(self, number: int) -> bool:
        self.state = fresh_state(self.plan, self.digest, number)
        return self._changed()

    def _set(self, **changes: object) -> bool:
        self.state = self.state.model_copy(update=changes)
        return self._changed()

    def _changed(self) -> bool:
        now = self._clock()
        s = self.state
        phase = self.phase(now)
        ends = s.since + (s.time_box - s.used) if s.since is not None and phase == Phase.RUNNING else None
        self.state = s.model_copy(update={"updated_at": now, "phase": phase, "ends_at": ends})
        if self._save is not None:
            self._save(self.state)
        return True


# -- the state file --------------------------------------------------------------------------------


def state_path(plan_id: str, data_dir: Path | None = None) -> Path:
    """``plans/<id>.state.json`` in the data directory (``--data-dir``, ``$DOJO_HOME``)."""
    if data_dir is None:
        data_dir = default_data_dir()
    return data_dir / "plans" / f"{plan_id}.state.json"


def write_state(path: Path, state: ClockState) -> None:
    """Write ``state`` to ``path`` whole or not at all (:func:`dojo.files.write_atomically`).

    OSError when the directory cannot be written (the caller says so in one line).
    """
    write_atomically(path, state.model_dump_json(indent=2) + "\n")


def read_state(path: Path) -> ClockState | None:
    """The state kept in ``path``, or None when there is none or it cannot be read as one (a fresh start)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_STATE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError:
        return None
    if len(raw) > MAX_STATE_BYTES:
        return None
    try:
        return ClockState.model_validate(json.loads(raw.decode("utf-8")))
    except (ValueError, ValidationError, RecursionError):
        return None
