"""The rows the store hands out: plain pydantic models, times in seconds since the epoch.

Turn numbers: ``turn`` in a note is the 0-based index into the session's turns (coach and
learner alike, as ``Session.turns`` and ``ScoreReport.turns`` number them); people see it
1-based (``dojo notes SESSION --turn 3`` is index 2).

Kept apart from :mod:`dojo.storage.api` so that what builds rows (:mod:`dojo.storage.history`,
:mod:`dojo.storage.sqlite`) does not import the interface that returns them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["practice", "real"]
#: Where a session came from: played in the game, played from a script, imported, or a
#: real conversation scored with ``dojo score --save``.
Source = Literal["tui", "headless", "import", "score"]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionRow(_Row):
    """One stored session, as history lists it (no replay needed)."""

    id: str
    kind: Kind
    source: str
    scenario: str = Field(description="scenario id; 'real' for a scored real conversation")
    title: str
    seed: int | None
    mode: str
    started: str = Field(description="ISO 8601, UTC")
    started_at: float
    updated_at: float
    finished: bool
    finished_at: float | None
    abandoned: bool = False
    actions: int = Field(description="player actions saved (coach turns, relabels, cycle ends)")
    score: int | None = None
    criteria: dict[str, float] | None = None
    target_met: bool | None = None
    cycles: int | None = None
    coach_turns: int | None = None
    notes: int = 0
    player: str = Field(default="", description="who played it; empty when no player name was chosen")
    plan_id: str | None = Field(default=None, description="the dojo plan it was played for, if any")
    plan_round: int | None = Field(default=None, description="the plan's round (1-based), if any")

    @property
    def short_id(self) -> str:
        return self.id[:8]


class Note(_Row):
    """A 2nd coach's note on one turn of a stored session."""

    id: int
    session_id: str
    turn: int = Field(ge=0, description="0-based turn index")
    text: str
    author: str = ""
    at: float


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

