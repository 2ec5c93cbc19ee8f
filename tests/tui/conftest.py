from __future__ import annotations

import asyncio
import inspect
import itertools
from pathlib import Path

import pytest

from dojo.coaching.baseline import KeywordClassifier
from dojo.scenarios.loader import load_file
from dojo.scenarios.registry import ScenarioInfo

FIXTURES = Path(__file__).parent / "fixtures"
SANDWICH = FIXTURES / "sandwich.yaml"


class FakeClock:
    """Ten seconds pass between two readings: turn times (and the debrief's stopwatch) are deterministic."""

    def __init__(self, start: float = 1_800_000_000.0, step: float = 10.0) -> None:
        self._ticks = itertools.count()
        self.start, self.step = start, step

    def __call__(self) -> float:
        return self.start + self.step * next(self._ticks)


@pytest.fixture(autouse=True)
def dojo_home(tmp_path, monkeypatch):
    home = tmp_path / "dojo-home"
    home.mkdir()
    monkeypatch.setenv("DOJO_HOME", str(home))
    return home


def sandwich_catalog() -> list[ScenarioInfo]:
    return [ScenarioInfo.of(load_file(SANDWICH), SANDWICH, builtin=False)]


@pytest.fixture
def make_app():
    from dojo.tui.app import DojoApp

    def make(**kw) -> DojoApp:
        kw.setdefault("classifier", KeywordClassifier())
        kw.setdefault("clock", FakeClock())
        kw.setdefault("live", False)
        kw.setdefault("catalog", sandwich_catalog)
        return DojoApp(**kw)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None
