from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import SqliteStore, open_store
from tests.storage import driver

SCRIPT = [
    "What is the target condition?",
    "What is the actual condition now?",
    "What obstacles do you think are preventing you from reaching the target condition?",
    "You should add a second operator.",
    "What is your next step?",
    "What do you expect?",
    "When can we go and see what we have learned from taking that step?",
]


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "dojo.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="session")
def scenario():
    return load_scenario(driver.SCENARIO)


def play(
    store: SqliteStore, scenario, *, seed: int = 5, cycles: int | None = None, lines=SCRIPT, player: str = ""
) -> SessionRecorder:
    """Play ``cycles`` coached cycles (all by default) through a recorder, as ``player``."""
    session = Session(scenario, seed=seed, clock=driver.Clock(), player=player)
    rec = SessionRecorder.start(store, session, source="headless")
    n = scenario.cycles if cycles is None else cycles
    for _ in range(n):
        for line in lines:
            session.coach(line)
        session.end_cycle()
    return rec


@pytest.fixture
def finished(store, scenario) -> SessionRecorder:
    return play(store, scenario)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (the Textual pilot tests) in a fresh event loop, no plugin needed."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None
