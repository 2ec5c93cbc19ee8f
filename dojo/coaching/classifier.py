"""The classifier interface, and how the engine gets the default classifier.

Anything that turns a coach utterance into a :class:`Classification` can stand
behind :class:`Classifier`: the keyword baseline, the trained model, a test double.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from dojo.coaching.context import Context
from dojo.coaching.labels import Label

__all__ = ["Classification", "Classifier", "Context"]


@dataclass(frozen=True, slots=True)
class Classification:
    label: Label
    confidence: float  # 0..1, calibrated: of lines heard with confidence p, about p are right
    open: bool  # the asking part is an open question (not yes/no, not either/or, not a statement)
    runner_up: Label | None = None
    top: tuple[Label, ...] = ()  # the three most likely readings, best first
    guess: bool = False  # confidence below the model's threshold: shown as "heard as X?", never penalised
    why: str = ""  # when the conversation changed the reading: how
    #: Card steps asked in the same breath after the first ("What was your last step, and what did
    #: you expect?": ``label`` last_step, ``also`` (expected,)), in order.
    also: tuple[Label, ...] = ()


class Classifier(Protocol):
    def classify(self, text: str, context: Context | None = None) -> Classification: ...

    def classify_many(
        self, texts: Iterable[str], contexts: Iterable[Context | None] | None = None
    ) -> list[Classification]: ...
