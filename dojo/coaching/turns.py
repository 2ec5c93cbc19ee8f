"""One turn of a coaching conversation as the scorer reads it: who spoke, what, and how it was heard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dojo.coaching.labels import Label


@dataclass(frozen=True, slots=True)
class TurnIn:
    """One turn, already labelled. ``label`` is None for learner turns.

    ``seconds`` is the time since the session started, when known. ``key`` is a learner
    turn's situation as the engine gave it (``actual_vague``, ``dont_know``, ``off_topic``…),
    when known; the listening criterion reads it beside the words.
    """

    speaker: Literal["coach", "learner"]
    text: str
    label: Label | None = None
    open: bool = False
    seconds: float | None = None
    key: str | None = None
    #: The classifier was not sure (below its confidence line): a leading or telling reading
    #: is shown as a guess and never turned into a penalty or a feedback item.
    guess: bool = False
    #: Card steps asked in the same breath after the first ("…, and what did you expect?").
    also: tuple[Label, ...] = ()
