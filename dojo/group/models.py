"""The group debrief as data: what a round of a dojo plan showed, across the players who played it.

:class:`GroupSession` is what the debrief reads of one player's session (its player, its
scenario and seed, and the 2nd coach's :class:`~dojo.coaching.report.ScoreReport` once it
is finished); :class:`GroupReport` is what it says about the group. Nothing in it ranks
people: the figures are spreads and counts of players, and player names appear only in
:attr:`GroupReport.players` and :attr:`ExampleTurn.player`, filled only when the
facilitator asks for them (``dojo report --names``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.report import Pattern, ScoreReport

#: The version of the report's JSON shape.
GROUP_REPORT_VERSION = 1


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GroupSession(_M):
    """One session played for a round: who played it and, once finished, how the 2nd coach scored it."""

    id: str = Field(description="the session's id: the same session given twice counts once")
    player: str = Field(default="", description="who played it; empty when no player name was chosen")
    scenario: str
    seed: int | None = None
    started_at: float
    report: ScoreReport | None = Field(default=None, description="None while the session is not finished")


class Spread(_M):
    """How one figure (0..100) spread across the players it applies to: never who scored what."""

    key: str = Field(description="the card step or criterion (Label or Criterion value), or 'score'")
    name: str = Field(description="as people read it")
    players: int = Field(ge=0, description="players it applies to (a step not due for a player is left out)")
    min: float | None = Field(default=None, ge=0, le=100)
    median: float | None = Field(default=None, ge=0, le=100)
    max: float | None = Field(default=None, ge=0, le=100)
    bins: list[int] = Field(description="how many players fall in each band of BANDS")


class PatternCount(_M):
    """An anti-pattern (:class:`~dojo.coaching.report.Pattern`), and how many players showed it."""

    pattern: Pattern
    name: str
    players: int = Field(ge=1)
    times: int = Field(ge=1, description="turns or cycles it was counted in, over the group")


class MissedCount(_M):
    """Learner replies that called for a follow-up the coach moved on from, by what they held."""

    what: str = Field(description="what the learner said, as the 2nd coach's note names it")
    players: int = Field(ge=1)
    times: int = Field(ge=1)


class FeedbackCount(_M):
    """A 2nd-coach point (:class:`~dojo.coaching.report.FeedbackKind` value) and how many players were given it."""

    kind: str
    text: str = Field(description="its wording, as most players were given it")
    players: int = Field(ge=1)


class ExampleKind(StrEnum):
    """Why a turn was picked for the group to discuss."""

    FOLLOW_UP = "follow_up"  # a follow-up that answered what the learner just said
    COACH_IDEA = "coach_idea"  # a leading or telling line: the coach's idea, not the learner's
    MOVED_ON = "moved_on"  # a reply that called for a follow-up, and the coach moved on


class ExampleTurn(_M):
    """A coach's turn picked for discussion, with the learner's line before it and the 2nd coach's note."""

    kind: ExampleKind
    title: str = Field(description="why it was picked, as a heading")
    cycle: int = Field(ge=1)
    before: str = Field(description="what the learner had just said ('' at the start of a cycle)")
    said: str = Field(description="the coach's line")
    heard_as: str = Field(description="the move it was heard as")
    after: str = Field(default="", description="the learner's reply to it")
    note: str = Field(description="the 2nd coach's note on the coach's line")
    player: str = Field(default="", description="whose session it is from: only when the facilitator asks (--names)")


class PlayerFigures(_M):
    """One player's own figures, listed alphabetically by name (only with --names)."""

    player: str
    finished: bool
    score: int | None = None
    criteria: dict[str, float | None] = Field(default_factory=dict, description="criterion name -> 0..100")
    follow_ups: str = Field(default="", description="'4 of 9' replies that called for a follow-up were followed up")
    patterns: list[str] = Field(default_factory=list, description="the anti-patterns the session showed, by name")


class GroupReport(_M):
    """What a round of a dojo plan showed across its players."""

    version: int = GROUP_REPORT_VERSION
    plan_id: str
    plan_title: str
    round: int = Field(ge=1)
    round_title: str
    focus: str
    scenario: str
    seed: int
    players: int = Field(ge=0, description="players who played the round (finished or not)")
    finished: int = Field(ge=0)
    score: Spread
    steps: list[Spread] = Field(description="per card step, in the card's order")
    criteria: list[Spread]
    follow_ups_due: int = Field(ge=0, description="learner replies that called for a follow-up, over the group")
    follow_ups_missed: int = Field(ge=0)
    patterns: list[PatternCount] = Field(description="most common first")
    missed: list[MissedCount] = Field(description="most common first")
    feedback: list[FeedbackCount] = Field(description="most common first")
    examples: list[ExampleTurn]
    notes: list[str] = Field(default_factory=list, description="what the facilitator should know about the figures")
    named: list[PlayerFigures] = Field(
        default_factory=list, description="per player, alphabetically: only when the facilitator asked (--names)"
    )
