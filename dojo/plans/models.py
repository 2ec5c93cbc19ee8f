"""The plan file, as a facilitator writes it (YAML): rounds, each with a scenario, a seed, a mode,
a time box and the focus of the round.

Everyone who plays a round gets the same learner and process (same scenario, same seed), so the
group debrief compares coaching, not luck. Sessions played for a round carry a
:class:`dojo.session.record.PlanTag`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Plan and scenario ids: lower-case letters, digits and '-', starting with a letter.
ID_PATTERN = r"^[a-z][a-z0-9-]*$"
#: A round longer than this is no dojo exercise (and a typo'd 600 would freeze the countdown).
MAX_MINUTES = 180
MAX_ROUNDS = 20


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def one_line(text: str) -> str:
    """Prose written over several YAML lines (a ``|`` or ``>`` block) as the one line a screen shows."""
    return " ".join(text.split())


class Round(_Strict):
    """One round of a plan: everyone plays ``scenario`` with ``seed`` in ``mode`` for ``minutes``.

    ``title`` and ``focus`` are one line each (runs of spaces and line breaks become one space):
    the projector, the home screen and the session's title bar show them on one line.
    """

    title: str = Field(min_length=1, max_length=120, description="what the round is called on the projector")
    scenario: str = Field(pattern=ID_PATTERN, description="scenario id (see `dojo scenarios list`)")
    seed: int = Field(ge=0, le=2**31 - 1, description="the same learner and process for every player")
    mode: Literal["free", "guided"] = "free"
    minutes: int = Field(ge=1, le=MAX_MINUTES, description="the time box")
    focus: str = Field(
        min_length=1, max_length=400,
        description="what to practise this round, e.g. 'listen for the learner's prediction'",
    )

    @field_validator("title", "focus", mode="after")
    @classmethod
    def _one_line(cls, value: str) -> str:
        flat = one_line(value)
        if not flat:
            raise ValueError("should be some text, not only spaces")
        return flat


class Plan(_Strict):
    """A facilitator's dojo plan."""

    version: Literal[1] = 1
    id: str = Field(pattern=ID_PATTERN, max_length=80, description="names the plan in sessions and reports")
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    rounds: list[Round] = Field(min_length=1, max_length=MAX_ROUNDS)

    def round(self, number: int) -> Round:
        """Round ``number`` (1-based); ValueError when the plan has no such round."""
        if not 1 <= number <= len(self.rounds):
            raise ValueError(f"plan {self.id!r} has rounds 1 to {len(self.rounds)}, not {number}")
        return self.rounds[number - 1]
