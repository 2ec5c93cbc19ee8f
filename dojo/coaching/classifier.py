"""The classifier interface, and how the engine gets the default classifier.

Anything that turns a coach utterance into a :class:`Classification` can stand
behind :class:`Classifier`: the keyword baseline, the trained model, a test double.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from dojo.coaching.labels import Label


@dataclass(frozen=True, slots=True)
class Classification:
    label: Label
    confidence: float  # 0..1
    open: bool  # an open question (not yes/no, not either/or, not a statement)
    runner_up: Label | None = None


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...

    def classify_many(self, texts: Iterable[str]) -> list[Classification]: ...


def default_classifier() -> Classifier:
    """The best classifier available: the trained model when it ships, else the keyword baseline."""
    try:
        from dojo.coaching.model import load_trained  # noqa: PLC0415 - optional until trained
    except ImportError:
        load_trained = None
    if load_trained is not None:
        trained = load_trained()
        if trained is not None:
            return trained
    from dojo.coaching.baseline import KeywordClassifier  # noqa: PLC0415

    return KeywordClassifier()
