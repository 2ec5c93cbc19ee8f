"""Shared test set-up for the whole repository."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_dojo_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own empty data directory (DOJO_HOME): no test ever reads or writes
    the real user's sessions, and subprocesses started by a test inherit it."""
    home = tmp_path_factory.mktemp("dojo-home")
    monkeypatch.setenv("DOJO_HOME", str(home))
    return home
