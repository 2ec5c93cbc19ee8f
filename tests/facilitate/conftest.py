from __future__ import annotations

import asyncio
import inspect

import pytest

from dojo.storage.sqlite import open_store


@pytest.fixture(autouse=True)
def dojo_home(tmp_path, monkeypatch):
    home = tmp_path / "dojo-home"
    home.mkdir()
    monkeypatch.setenv("DOJO_HOME", str(home))
    return home


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (the Textual pilot tests) in a fresh event loop, no plugin needed."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "dojo.sqlite3")
    yield s
    s.close()
