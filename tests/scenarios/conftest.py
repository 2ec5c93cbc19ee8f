"""Shared fixtures for the scenario tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dojo.scenarios import registry


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No DOJO_SCENARIOS from the environment, and an empty registry cache before and after."""
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    registry.clear_cache()
    yield
    registry.clear_cache()
