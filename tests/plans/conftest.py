"""Shared set-up for the plan tests: no $DOJO_PLANS or $DOJO_SCENARIOS from the environment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dojo.plans import registry as plan_registry
from dojo.scenarios import registry as scenario_registry


@pytest.fixture(autouse=True)
def _no_outside_dirs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(plan_registry.ENV_VAR, raising=False)
    monkeypatch.delenv(scenario_registry.ENV_VAR, raising=False)
    scenario_registry.clear_cache()
    yield
    scenario_registry.clear_cache()
