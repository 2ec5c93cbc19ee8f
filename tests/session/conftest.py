from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from dojo.coaching.baseline import KeywordClassifier
from dojo.scenarios.loader import load_file
from dojo.session.engine import Session

FIXTURES = Path(__file__).parent / "fixtures"


class FakeClock:
    """Ten seconds pass between two readings: turn times are deterministic."""

    def __init__(self, start: float = 1_800_000_000.0, step: float = 10.0) -> None:
        self._ticks = itertools.count()
        self.start, self.step = start, step

    def __call__(self) -> float:
        return self.start + self.step * next(self._ticks)


@pytest.fixture(scope="session")
def fake_clock():
    return FakeClock


@pytest.fixture(scope="session")
def cell():
    return load_file(FIXTURES / "cell.yaml")


@pytest.fixture
def make_session(cell):
    def make(seed: int = 1, **kw) -> Session:
        kw.setdefault("classifier", KeywordClassifier())
        kw.setdefault("clock", FakeClock())
        return Session(kw.pop("scenario", cell), seed=seed, **kw)

    return make
