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
