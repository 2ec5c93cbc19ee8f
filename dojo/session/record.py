"""What is saved of a session: the scenario, the seed and every player action, time-stamped.

The scenario is kept as its id, its digest and (:attr:`SessionRecord.scenario_text`) a copy
of its content, which the recorder adds when it first stores the session.

The engine is deterministic, so replaying the actions restores the full state — learner,
storyboard, run chart — exactly. Each coach action keeps how it was heard, so a retrained
classifier does not change a saved session. Storage appends one action per turn.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.labels import Label

RECORD_VERSION = 1
#: Player actions one session holds: a long five-cycle session has about 100. More is no
#: coaching session, and every action costs the learner and the store some work.
MAX_ACTIONS = 2_000


class Heard(BaseModel):
    """How a coach turn was classified when it was played."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Label
    confidence: float = Field(ge=0, le=1)
    open: bool
    runner_up: Label | None = None
    top: list[Label] = Field(default_factory=list, description="the three most likely readings, best first")
    guess: bool = Field(default=False, description="confidence below the model's threshold: a guess")
    why: str = Field(default="", max_length=300, description="how the conversation changed the reading, if it did")
    also: list[Label] = Field(
        default_factory=list, max_length=8, description="card steps asked in the same breath after the first, in order"
    )


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["coach", "relabel", "end_cycle"]
    at: float = Field(description="seconds since the epoch")
    text: str = ""
    label: Label | None = Field(default=None, description="pre-labelled (guided mode) or corrected label")
    heard: Heard | None = Field(
        default=None,
        description="coach turns: the classifier's verdict when played; replay uses it, so a retrained "
        "classifier cannot change a saved session (older records without it are classified again)",
    )


class PlanTag(BaseModel):
    """Which round of which dojo plan a session was played for (a facilitator's exercise)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plan_id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)
    round: int = Field(ge=1, le=50, description="1-based round number")
    plan_digest: str = Field(default="", description="hash of the plan file as played; an edited plan is flagged")


class SessionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = RECORD_VERSION
    scenario_id: str
    scenario_digest: str = Field(description="hash of the scenario as played; a changed scenario is flagged")
    seed: int
    mode: Literal["free", "guided"] = "free"
    started_at: float
    actions: list[Action] = Field(default_factory=list)
    player: str = Field(
        default="", description="who played it (empty: no player name was chosen)", max_length=40
    )
    plan: PlanTag | None = Field(default=None, description="the dojo plan round it was played for, if any")
    scenario_text: str | None = Field(
        default=None,
        description="the scenario as played, as YAML (dojo.scenarios.loader.dumps): resuming, exporting and "
        "replaying use it, so an edited or removed file changes nothing; records from before it was kept lack it",
    )
