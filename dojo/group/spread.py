"""The spread of a 0..100 figure across players: least, median, most, and how many fall in each band.

A spread says how the group did without saying who did what: there is no list of
values in it, only its range, its middle and a five-band count.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from dojo.group.models import Spread

#: The bands a spread counts players in: (lowest, highest shown), each 20 wide; 100 is in the last.
BANDS: tuple[tuple[int, int], ...] = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


def band(value: float) -> int:
    """The index in :data:`BANDS` of a value in 0..100 (values outside are clamped)."""
    return min(len(BANDS) - 1, max(0, int(min(max(value, 0.0), 100.0) // 20)))


def spread(key: str, name: str, values: Iterable[float | None]) -> Spread:
    """The spread of ``values``; None values (not applicable) are left out."""
    vals = sorted(min(max(float(v), 0.0), 100.0) for v in values if v is not None)
    bins = [0] * len(BANDS)
    for v in vals:
        bins[band(v)] += 1
    if not vals:
        return Spread(key=key, name=name, players=0, bins=bins)
    return Spread(
        key=key, name=name, players=len(vals), min=round(vals[0], 1), median=round(statistics.median(vals), 1),
        max=round(vals[-1], 1), bins=bins,
    )
