"""What the coaching changes in the learner.

Levels are in [0, 1]. Per-cycle flags are reset when a new coaching cycle starts;
the session engine reads them when the cycle ends (e.g. no prediction asked → the
experimenting record gets no prediction).
"""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, ConfigDict, Field

from dojo.coaching.report import ChosenBy


def clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


_ATOMS = (str, int, float, bool, type(None))


def _fresh(value: object) -> object:
    """``value`` with every list, mapping and model copied; strings and numbers shared."""
    if isinstance(value, BaseModel):
        return value.model_copy(update={k: _fresh(v) for k, v in value.__dict__.items() if not isinstance(v, _ATOMS)})
    if isinstance(value, list):
        return [v if isinstance(v, _ATOMS) else _fresh(v) for v in value]
    if isinstance(value, dict):
        return {k: v if isinstance(v, _ATOMS) else _fresh(v) for k, v in value.items()}
    return value


class CycleFlags(BaseModel):
    """What happened in the current coaching cycle."""

    model_config = ConfigDict(extra="forbid")

    asked: list[str] = Field(default_factory=list, description="labels of coach moves in this cycle, in order")
    obstacles_discussed: bool = False
    prediction_stated: bool = False
    go_see_agreed: bool = False
    reflection_compared: bool = False  # a stated prediction and the result both asked: ready for a deep learning
    learning_captured: bool = False
    evidence_shown: bool = False  # the learner quoted data for the actual condition
    planned_experiment: str | None = None
    plan_source: ChosenBy | None = None
    taken_on: bool = False  # the plan is the coach's idea taken on as it was said: no hypothesis of their own
    dont_know_pending: bool = False
    waited_to_be_told: bool = False  # low ownership: asked the coach for the answer once
    reassured: bool = False  # the coach said a wrong guess is fine: a prediction feels safe
    last_reply_key: str | None = None
    answers: dict[str, str] = Field(default_factory=dict, description="reply key -> what the learner said, this cycle")
    topics: list[str] = Field(default_factory=list, description="what the coach's questions were about, this cycle")
    claim: str | None = None  # the key of the learner's last reply that was not itself evidence or reasons


class LearnerState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clarity: float
    ownership: float
    confidence: float
    focus_obstacle: str | None = None
    revealed: list[str] = Field(default_factory=list, description="hidden obstacles brought to light")
    experiments_run: list[str] = Field(default_factory=list)
    predictions_made: int = 0
    learnings_captured: int = 0
    dont_knows: int = 0
    told: int = 0
    led: int = 0
    cycle: CycleFlags = Field(default_factory=CycleFlags)
    said: list[str] = Field(default_factory=list, description="content words the learner said lately, oldest first")
    replies: list[str] = Field(default_factory=list, description="every reply given in this session, word for word")
    last_chosen_by: ChosenBy = Field(default=ChosenBy.NONE, description="who chose the last step run")
    coach_ideas: list[str] = Field(
        default_factory=list, description="experiments the coach put forward (led or told), taken up or not"
    )

    def snapshot(self) -> LearnerState:
        """A copy to go back to (a corrected turn is answered again from it).

        Lists and mappings are copied, their text shared (strings never change): unlike a
        deep copy, this costs next to nothing per reply remembered, so a long session stays
        linear.
        """
        return cast(LearnerState, _fresh(self))  # a model is copied as its own type

    def remember(self, words: list[str], keep: int = 80) -> None:
        """Keep the learner's recent content words (a short memory of what they said)."""
        for w in words:
            if w in self.said:
                self.said.remove(w)
            self.said.append(w)
        del self.said[:-keep]

    def nudge(self, *, clarity: float = 0.0, ownership: float = 0.0, confidence: float = 0.0) -> None:
        self.clarity = clamp(self.clarity + clarity)
        self.ownership = clamp(self.ownership + ownership)
        self.confidence = clamp(self.confidence + confidence)
