"""Shown instead of a broken layout when the terminal is below the minimum size."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 64, 20


class TooSmall(Static):
    def __init__(self) -> None:
        super().__init__(
            f"The terminal is too small for the dojo.\n\nPlease make it at least {MIN_WIDTH} × {MIN_HEIGHT}"
            " (80 × 24 or more is best).\n\nctrl+q quits.",
            markup=False,
        )
