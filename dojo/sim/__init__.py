"""The simulated work process: stations in sequence, driven by a small event engine.

Public API (imported lazily so ``import dojo.sim`` stays cheap)::

    simulate(model, seed, *, units=None) -> RunResult
    apply_changes(model, changes) -> ProcessModel
    series(result, metric) -> list[float]; summarize(result) -> RunSummary
    statistic(result_or_summary, metric, stat) -> float
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dojo.sim.changes import UnknownStationError, apply_changes
    from dojo.sim.engine import simulate
    from dojo.sim.metrics import RunResult, RunSummary, SeriesStats, UnitRecord, series, statistic, summarize
    from dojo.sim.model import Arrivals, Breakdowns, ParamChange, ProcessModel, Station

_EXPORTS = {
    "simulate": "engine",
    "apply_changes": "changes",
    "UnknownStationError": "changes",
    "RunResult": "metrics",
    "RunSummary": "metrics",
    "SeriesStats": "metrics",
    "UnitRecord": "metrics",
    "series": "metrics",
    "statistic": "metrics",
    "summarize": "metrics",
    "Arrivals": "model",
    "Breakdowns": "model",
    "ParamChange": "model",
    "ProcessModel": "model",
    "Station": "model",
}

__all__ = [
    "Arrivals",
    "Breakdowns",
    "ParamChange",
    "ProcessModel",
    "RunResult",
    "RunSummary",
    "SeriesStats",
    "Station",
    "UnitRecord",
    "UnknownStationError",
    "apply_changes",
    "series",
    "simulate",
    "statistic",
    "summarize",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"dojo.sim.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'dojo.sim' has no attribute {name!r}")
