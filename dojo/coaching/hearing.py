"""Which classifier hears the coach: the trained model when it ships, else the keyword baseline.

Apart from :mod:`dojo.coaching.classifier` (the interface both implement), so that the
interface does not import its implementations.
"""

from __future__ import annotations

from dojo.coaching.baseline import KeywordClassifier
from dojo.coaching.classifier import Classifier
from dojo.coaching.model import load_trained


def default_classifier() -> Classifier:
    """The best classifier available: the trained model when it ships, else the keyword baseline."""
    trained = load_trained()
    return trained if trained is not None else KeywordClassifier()
