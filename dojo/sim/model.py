"""The process model: the parameters a scenario gives and an experiment changes.

Times are in the scenario's time unit (``ProcessModel.time_unit``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_FAILURES_PER_UNIT = 10
#: Expected simulation events in one run (a unit finishing at a station, a failure and its
#: repair): the built-in scenarios take about 2,000. A session simulates one run per cycle
#: and the baseline, so this bounds the work a scenario can ask for at every maximum.
MAX_EVENTS_PER_RUN = 50_000


class _Strict(BaseModel):
    # Finite numbers only: an infinite mean or mtbf would stall the simulation clock.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Breakdowns(_Strict):
    """Station failures: time between failures (busy time) and time to repair, both exponential."""

    mtbf: float = Field(gt=0, description="mean operating time between failures")
    mttr: float = Field(gt=0, description="mean time to repair")


class Station(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="short id used by experiments")
    name: str = Field(min_length=1)
    mean: float = Field(gt=0, description="mean service time per unit")
    cv: float = Field(default=0.3, ge=0, le=3, description="coefficient of variation of the service time")
    operators: int = Field(default=1, ge=1, le=20, description="units served in parallel")
    defect_rate: float = Field(default=0.0, ge=0, le=0.95, description="chance a unit needs rework here")
    rework_mean: float = Field(default=0.0, ge=0, description="extra service time for a reworked unit")
    batch_size: int = Field(default=1, ge=1, le=500, description="units moved on to the next station together")
    changeover: float = Field(default=0.0, ge=0, description="set-up time before each batch")
    breakdowns: Breakdowns | None = None

    @model_validator(mode="after")
    def _breakdowns_not_absurd(self) -> Station:
        # Each failure is an event in the simulation; a station failing many times per
        # unit is no real process and would make a run take millions of events.
        if self.breakdowns is not None:
            operating = self.mean + self.defect_rate * self.rework_mean + self.changeover / self.batch_size
            if operating > MAX_FAILURES_PER_UNIT * self.breakdowns.mtbf:
                raise ValueError(
                    f"station {self.id!r}: mtbf {self.breakdowns.mtbf:g} would mean more than "
                    f"{MAX_FAILURES_PER_UNIT} failures per unit (operating time per unit {operating:g}); "
                    f"use mtbf >= {operating / MAX_FAILURES_PER_UNIT:g}"
                )
        return self


class Arrivals(_Strict):
    """Work arriving at the first station; cv 0 is a fixed takt."""

    mean: float = Field(gt=0, description="mean time between arrivals")
    cv: float = Field(default=0.0, ge=0, le=3)


class ProcessModel(_Strict):
    time_unit: Literal["s", "min", "h"] = "s"
    units: int = Field(default=200, ge=10, le=5000, description="units released in one run (a day, a shift)")
    arrivals: Arrivals
    wip_limit: int | None = Field(default=None, ge=1, description="max units in process; arrivals wait outside")
    stations: list[Station] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _bounded_work(self) -> ProcessModel:
        events = self.expected_events()
        if events > MAX_EVENTS_PER_RUN:
            raise ValueError(
                f"a run would take about {events:,.0f} simulation events (units x stations, two more per "
                f"breakdown); at most {MAX_EVENTS_PER_RUN:,}: use fewer units, stations or breakdowns"
            )
        return self

    def expected_events(self) -> float:
        """Events one run takes on average: arrivals, each unit's end at each station, failures and repairs."""
        total = float(self.units)
        for s in self.stations:
            failures = 0.0
            if s.breakdowns is not None:
                failures = (s.mean + s.defect_rate * s.rework_mean + s.changeover / s.batch_size) / s.breakdowns.mtbf
            total += self.units * (1 + 2 * failures)
        return total

    @model_validator(mode="after")
    def _unique_ids(self) -> ProcessModel:
        seen: set[str] = set()
        for s in self.stations:
            if s.id in seen:
                raise ValueError(f"station id {s.id!r} is used twice")
            seen.add(s.id)
        return self

    def station(self, station_id: str) -> Station:
        for s in self.stations:
            if s.id == station_id:
                return s
        raise KeyError(station_id)


StationField = Literal[
    "mean", "cv", "operators", "defect_rate", "rework_mean", "batch_size", "changeover", "mtbf", "mttr"
]
ProcessField = Literal["arrivals.mean", "arrivals.cv", "wip_limit", "units"]


class ParamChange(_Strict):
    """One parameter change an experiment or an event really makes.

    Either ``station`` + a station field, or no station + a process field. Exactly one
    of ``set`` (new value) or ``scale`` (multiply the current value) is given.
    """

    station: str | None = None
    field: StationField | ProcessField
    set: float | None = None
    scale: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_op(self) -> ParamChange:
        if (self.set is None) == (self.scale is None):
            raise ValueError("give exactly one of 'set' or 'scale'")
        station_fields = {"mean", "cv", "operators", "defect_rate", "rework_mean", "batch_size", "changeover", "mtbf", "mttr"}
        if self.station is None and self.field in station_fields:
            raise ValueError(f"field {self.field!r} needs a 'station'")
        if self.station is not None and self.field not in station_fields:
            raise ValueError(f"field {self.field!r} is a process field; drop 'station'")
        return self
