"""What a run produced (``RunResult``) and the metrics read from it.

Metric names match ``dojo.scenarios.models.Metric``. Per-unit series are in the order
units finished (the order a run chart plots them). Times are in the model's time unit;
throughput is per hour.
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dojo.sim.model import ProcessModel, Station

PER_UNIT_METRICS: tuple[str, ...] = ("lead_time", "cycle_time", "wait_time")
PER_RUN_METRICS: tuple[str, ...] = ("throughput", "first_pass_yield", "wip")
STATISTICS: tuple[str, ...] = ("median", "p90", "mean")

_PER_HOUR = {"s": 3600.0, "min": 60.0, "h": 1.0}


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One unit's path. ``starts[i]``/``ends[i]`` bound its time at station ``i``
    (changeover, service, rework and repairs that interrupt it); it moves on when its
    batch is complete, so the next start can be later than this end."""

    id: int
    arrival: float
    release: float
    starts: tuple[float, ...]
    ends: tuple[float, ...]
    reworks: int
    done: float


@dataclass(frozen=True)
class RunResult:
    model: ProcessModel
    seed: int
    units: tuple[UnitRecord, ...]
    end_time: float
    wip_steps: tuple[tuple[float, int], ...]  # (time, units in process from then on)
    busy_time: tuple[float, ...]  # per station: server time occupied by a unit
    down_time: tuple[float, ...]  # per station: time under repair
    failures: tuple[int, ...]  # per station


@dataclass(frozen=True)
class SeriesStats:
    median: float
    p90: float
    mean: float
    min: float
    max: float


@dataclass(frozen=True)
class RunSummary:
    lead_time: SeriesStats
    cycle_time: SeriesStats
    wait_time: SeriesStats
    throughput: float
    first_pass_yield: float
    wip: float
    defects: int
    utilisation: dict[str, float] = field(hash=False)  # station id -> share of server time busy
    bottleneck: str  # the busiest station's name
    bottleneck_id: str
    units: int
    end_time: float


def _finish_order(result: RunResult) -> list[UnitRecord]:
    return sorted(result.units, key=lambda u: (u.done, u.id))


def series(result: RunResult, metric: str) -> list[float]:
    """A per-unit metric for every unit, in the order units finished."""
    metric = str(metric)  # accepts the scenario's Metric enum too
    units = _finish_order(result)
    if metric == "lead_time":
        return [u.done - u.release for u in units]
    if metric == "wait_time":
        # queues, waiting for a batch to fill, and waiting to move on
        return [max(0.0, (u.done - u.release) - sum(e - s for s, e in zip(u.starts, u.ends))) for u in units]
    if metric == "cycle_time":
        out: list[float] = []
        prev = min((u.release for u in units), default=0.0)
        for u in units:
            out.append(u.done - prev)
            prev = u.done
        return out
    raise ValueError(f"unknown per-unit metric {metric!r}; expected one of {', '.join(PER_UNIT_METRICS)}")


def _span(result: RunResult) -> float:
    first = min((u.release for u in result.units), default=0.0)
    return result.end_time - first


def throughput(result: RunResult) -> float:
    """Units finished per hour over the run (first release to last unit done)."""
    span = _span(result)
    if span <= 0:
        return 0.0
    return len(result.units) / span * _PER_HOUR[result.model.time_unit]


def first_pass_yield(result: RunResult) -> float:
    """Percent of units that needed no rework anywhere."""
    if not result.units:
        return 100.0
    return 100.0 * sum(1 for u in result.units if u.reworks == 0) / len(result.units)


def defects(result: RunResult) -> int:
    """Reworks in the run (a unit reworked at two stations counts twice)."""
    return sum(u.reworks for u in result.units)


def wip(result: RunResult) -> float:
    """Time-average units in process (released, not done) from first release to the end."""
    steps = result.wip_steps
    if not steps:
        return 0.0
    start, end = steps[0][0], result.end_time
    if end <= start:
        return 0.0
    area = 0.0
    for (t0, w), (t1, _) in itertools.pairwise(steps):
        area += w * (t1 - t0)
    area += steps[-1][1] * (end - steps[-1][0])
    return area / (end - start)


def utilisation(result: RunResult) -> dict[str, float]:
    """Per station id: occupied server time / (operators x run time)."""
    end = result.end_time
    return {
        s.id: (busy / (s.operators * end) if end > 0 else 0.0)
        for s, busy in zip(result.model.stations, result.busy_time)
    }


def bottleneck(result: RunResult) -> str:
    """The busiest station's name."""
    return _busiest(result).name


def _busiest(result: RunResult) -> Station:
    util = utilisation(result)
    return max(result.model.stations, key=lambda s: util[s.id])  # first wins a tie


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), q in [0, 1]."""
    if not values:
        return math.nan
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def describe(values: list[float]) -> SeriesStats:
    if not values:
        return SeriesStats(math.nan, math.nan, math.nan, math.nan, math.nan)
    return SeriesStats(
        median=statistics.median(values),
        p90=percentile(values, 0.9),
        mean=math.fsum(values) / len(values),
        min=min(values),
        max=max(values),
    )


def summarize(result: RunResult) -> RunSummary:
    busiest = _busiest(result)
    return RunSummary(
        lead_time=describe(series(result, "lead_time")),
        cycle_time=describe(series(result, "cycle_time")),
        wait_time=describe(series(result, "wait_time")),
        throughput=throughput(result),
        first_pass_yield=first_pass_yield(result),
        wip=wip(result),
        defects=defects(result),
        utilisation=utilisation(result),
        bottleneck=busiest.name,
        bottleneck_id=busiest.id,
        units=len(result.units),
        end_time=result.end_time,
    )


def statistic(
    result_or_summary: RunResult | RunSummary, metric: str, stat: Literal["median", "p90", "mean"] | str = "median"
) -> float:
    """The number a target condition compares: ``stat`` of a per-unit metric, or the
    per-run value itself (``stat`` ignored) for throughput, first_pass_yield and wip."""
    summary = result_or_summary if isinstance(result_or_summary, RunSummary) else summarize(result_or_summary)
    metric = str(metric)
    if metric in PER_RUN_METRICS:
        return float(getattr(summary, metric))
    if metric in PER_UNIT_METRICS:
        stat = str(stat)
        if stat not in STATISTICS:
            raise ValueError(f"unknown statistic {stat!r}; expected one of {', '.join(STATISTICS)}")
        return float(getattr(getattr(summary, metric), stat))
    raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(PER_UNIT_METRICS + PER_RUN_METRICS)}")
