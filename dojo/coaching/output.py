"""The row ``dojo classify`` writes for each input line (a pydantic model: the JSON contract)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.labels import Label


class ClassifiedLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    open: bool
    runner_up: Label | None = None
    top: list[Label] = Field(default_factory=list, description="the three most likely readings, best first")
    guess: bool = Field(default=False, description="confidence below the model's line: a guess, never penalised")
    why: str = Field(default="", description="how the learner's previous reply changed the reading, if it did")
    explanation: str | None = Field(default=None, description="with --explain: the words that decided it")
    also: list[Label] | None = Field(
        default=None, description="card steps asked in the same breath after the first, when there are any"
    )


class Correction(BaseModel):
    """One ctrl+r correction a player made, as ``dojo classify --corrections`` writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session: str
    at: float
    text: str
    heard: Label
    confidence: float
    top: list[Label]
    corrected_to: Label
