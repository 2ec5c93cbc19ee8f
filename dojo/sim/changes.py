"""Apply an experiment's or an event's parameter changes to a process model."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dojo.sim.model import ParamChange, ProcessModel

# Setting one of mtbf/mttr on a station without breakdowns needs the other:
# repairs take a tenth of the time between failures (about 91 % availability).
DEFAULT_MTTR_SHARE = 0.1

_INT_FIELDS = {"operators", "batch_size", "units", "wip_limit"}


class UnknownStationError(KeyError, ValueError):
    """A change names a station the model does not have (both a KeyError and a ValueError)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def _new_value(change: ParamChange, current: float | None) -> float | None:
    if change.set is not None:
        return change.set
    assert change.scale is not None
    return None if current is None else current * change.scale


def _as_int(field: str, value: float) -> int:
    return max(1, round(value)) if field != "units" else round(value)


def _apply_station(station: dict[str, Any], change: ParamChange) -> None:
    field = change.field
    if field in ("mtbf", "mttr"):
        bd = station.get("breakdowns")
        value = _new_value(change, bd[field] if bd else None)
        if value is None:
            return  # scaling failures the station does not have changes nothing
        if bd is None:
            other = value * DEFAULT_MTTR_SHARE if field == "mtbf" else value / DEFAULT_MTTR_SHARE
            bd = {"mtbf": value, "mttr": other} if field == "mtbf" else {"mtbf": other, "mttr": value}
        else:
            bd = {**bd, field: value}
        station["breakdowns"] = bd
        return
    value = _new_value(change, station[field])
    assert value is not None
    station[field] = _as_int(field, value) if field in _INT_FIELDS else value


def _apply_process(data: dict[str, Any], change: ParamChange) -> None:
    field = change.field
    if field.startswith("arrivals."):
        key = field.split(".", 1)[1]
        value = _new_value(change, data["arrivals"][key])
        data["arrivals"] = {**data["arrivals"], key: value}
    elif field == "wip_limit":
        value = _new_value(change, data["wip_limit"])
        # setting 0 (or less) lifts the limit; scaling no limit keeps no limit
        data["wip_limit"] = None if value is None or value <= 0 else _as_int(field, value)
    else:  # units
        value = _new_value(change, data["units"])
        assert value is not None
        data["units"] = _as_int(field, value)


def apply_changes(model: ProcessModel, changes: Iterable[ParamChange]) -> ProcessModel:
    """A new, validated model with ``changes`` applied in order.

    ``operators``, ``batch_size`` and ``wip_limit`` round to an integer of at least 1,
    ``units`` rounds. Raises ``UnknownStationError`` (a KeyError and a ValueError) for a
    station the model lacks, and pydantic's ``ValidationError`` (a ValueError) when a
    value ends up out of range.
    """
    data = model.model_dump()
    index = {s["id"]: i for i, s in enumerate(data["stations"])}
    for change in changes:
        if change.station is None:
            _apply_process(data, change)
            continue
        if change.station not in index:
            raise UnknownStationError(
                f"unknown station {change.station!r} in change of {change.field!r}; "
                f"the stations are: {', '.join(index)}"
            )
        station = dict(data["stations"][index[change.station]])
        _apply_station(station, change)
        data["stations"][index[change.station]] = station
    return ProcessModel.model_validate(data)
