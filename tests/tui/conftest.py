from __future__ import annotations

import asyncio
import inspect

import pytest
from tui_helpers import FakeClock, sandwich_catalog

from dojo.coaching.baseline import KeywordClassifier


@pytest.fixture(autouse=True)
def dojo_home(tmp_path, monkeypatch):
    home = tmp_path / "dojo-home"
    home.mkdir()
    monkeypatch.setenv("DOJO_HOME", str(home))
    return home


@pytest.fixture
def make_app():
    from dojo.tui.app import DojoApp

    def make(**kw) -> DojoApp:
        kw.setdefault("classifier", KeywordClassifier())
        kw.setdefault("clock", FakeClock())
        kw.setdefault("live", False)
        kw.setdefault("catalog", sandwich_catalog)
        kw.setdefault("player", "Tester")  # players (issue 10): a name is known, so home does not ask for one
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
