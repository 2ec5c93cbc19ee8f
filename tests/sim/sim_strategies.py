"""Hypothesis strategies for small, valid process models (kept small so tests are fast)."""

from __future__ import annotations

from hypothesis import strategies as st

from dojo.sim.model import Arrivals, Breakdowns, ProcessModel, Station

_cv = st.sampled_from([0.0, 0.2, 0.5, 1.0, 2.0])


@st.composite
def stations(draw: st.DrawFn, index: int) -> Station:
    mean = draw(st.floats(0.5, 20.0))
    defect_rate = draw(st.sampled_from([0.0, 0.0, 0.1, 0.5]))
    breakdowns = None
    if draw(st.booleans()):
        breakdowns = Breakdowns(mtbf=mean * draw(st.floats(1.0, 50.0)), mttr=draw(st.floats(0.1, 30.0)))
    return Station(
        id=f"s{index}",
        name=f"Station {index}",
        mean=mean,
        cv=draw(_cv),
        operators=draw(st.integers(1, 3)),
        defect_rate=defect_rate,
        rework_mean=draw(st.floats(0.0, 10.0)) if defect_rate else 0.0,
        batch_size=draw(st.sampled_from([1, 1, 2, 5, 12])),
        changeover=draw(st.sampled_from([0.0, 0.0, 2.0])),
        breakdowns=breakdowns,
    )


@st.composite
def process_models(draw: st.DrawFn, max_stations: int = 4, units: tuple[int, int] = (10, 40)) -> ProcessModel:
    n = draw(st.integers(1, max_stations))
    return ProcessModel(
        time_unit=draw(st.sampled_from(["s", "min", "h"])),
        units=draw(st.integers(*units)),
        arrivals=Arrivals(mean=draw(st.floats(1.0, 20.0)), cv=draw(_cv)),
        wip_limit=draw(st.one_of(st.none(), st.integers(1, 8))),
        stations=[draw(stations(i)) for i in range(n)],
    )


seeds = st.integers(-(2**63), 2**63)
