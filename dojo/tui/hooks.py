"""Environment hooks the benchmarks use to time the game (bench/bench_tui.py)."""

from __future__ import annotations

#: Set to a file path: the app writes the time of its first frame there and exits.
FIRST_FRAME_ENV = "DOJO_FIRST_FRAME_FILE"
#: Set to a file path: the home screen writes the time the scenario list is shown there and exits.
LISTED_ENV = "DOJO_LISTED_FILE"
