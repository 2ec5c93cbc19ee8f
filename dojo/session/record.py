"""What is saved of a session: the scenario, the seed and every player action, time-stamped.

The engine is deterministic, so replaying the actions restores the full state — learner,
storyboard, run chart — exactly. Storage appends one action per turn.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.labels import Label

RECORD_VERSION = 1


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["coach", "relabel", "end_cycle"]
    at: float = Field(description="seconds since the epoch")
    text: str = ""
    label: Label | None = Field(default=None, description="pre-labelled (guided mode) or corrected label")


class SessionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = RECORD_VERSION
    scenario_id: str
    scenario_digest: str = Field(description="hash of the scenario as played; a changed scenario is flagged")
    seed: int
    mode: Literal["free", "guided"] = "free"
    started_at: float
    actions: list[Action] = Field(default_factory=list)
