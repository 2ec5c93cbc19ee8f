"""The run chart of the focus metric, drawn with Unicode braille dots.

Every unit of every run is a dot, in the order the units were made, so the variation
is visible; each run (one per experiment, a day apart or more) has its own band.
The run's statistic (median, p90...) is a line through its band and the target a
dashed line across the chart. No plotting library: a braille grid is some thirty lines
and keeps start-up and the dependency list small.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from dojo.session.views import RunChart
from dojo.tui.text import number, quantity

_BRAILLE = 0x2800
# bit for (x in 0..1, y in 0..3) inside one character cell
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))

#: (dots, last run's dots, the run statistic, the target, axes) for a dark and a light background
DARK = ("cyan", "bold cyan", "bold yellow", "bold magenta", "dim")
LIGHT = ("blue", "bold blue", "bold dark_orange3", "bold magenta", "dim")


#: Numbers on the chart and in the texts that quote it (one formatting for the whole game).
fmt = number


def _range(chart: RunChart) -> tuple[float, float]:
    values = sorted(v for run in chart.runs for v in run.values)
    if not values:
        return chart.target - 1, chart.target + 1
    top = values[min(len(values) - 1, int(len(values) * 0.98))]  # a few far outliers must not flatten the rest
    stats = [run.stat for run in chart.runs]
    lo = min(values[0], chart.target, *stats)
    hi = max(top, chart.target, *stats)
    if hi - lo < 1e-9:
        hi = lo + 1
    pad = (hi - lo) * 0.05
    return (max(0.0, lo - pad) if lo >= 0 else lo - pad), hi + pad


def render_chart(chart: RunChart, width: int, height: int, *, title: bool = True, light: bool = False) -> Text:
    """The chart in ``width`` × ``height`` cells as a Rich Text (never markup)."""
    DOT, LAST, STAT, TARGET, AXIS = LIGHT if light else DARK
    width, height = max(width, 20), max(height, 3)
    lo, hi = _range(chart)
    labels = [fmt(hi), fmt(chart.target), fmt(lo)]
    left = max(len(s) for s in labels) + 1
    rows = height - (2 if title else 1)
    cols = width - left - 1
    runs = chart.runs
    n = max(1, len(runs))
    band = max(1, (cols - (n - 1)) // n)
    dots_y = rows * 4

    def y_of(v: float) -> int:
        y = round((hi - v) / (hi - lo) * (dots_y - 1))
        return min(dots_y - 1, max(0, y))

    grid = [[0] * cols for _ in range(rows)]
    style_row: dict[tuple[int, int], str] = {}
    for i, run in enumerate(runs):
        x0 = i * (band + 1)
        span = band * 2
        values = run.values or [run.stat]
        for k, v in enumerate(values):
            dx = x0 * 2 + (k * span // len(values) if len(values) > 1 else span // 2)
            cx, bx = divmod(dx, 2)
            cy, by = divmod(y_of(v), 4)
            if cx < cols:
                grid[cy][cx] |= _BITS[bx][by]
        stat_row = y_of(run.stat) // 4
        for c in range(x0, min(cols, x0 + band)):
            style_row[(stat_row, c)] = "stat"
    target_row = y_of(chart.target) // 4

    out = Text()
    if title:
        sign = "≤" if chart.direction == "at_most" else "≥"
        out.append(f"{chart.metric} ({chart.unit}), every unit, a band per run  ", style="bold")
        out.append("─ ", style=STAT)
        out.append(f"{chart.statistic}  ", style="dim")
        out.append("┄ ", style=TARGET)
        out.append(f"target {sign} {quantity(chart.target, chart.unit)}\n", style="dim")
    label_rows = {0: fmt(hi), target_row: fmt(chart.target), rows - 1: fmt(lo)}
    for r in range(rows):
        label = label_rows.get(r, "")
        out.append(label.rjust(left - 1) + ("┤" if label else "│"), style=TARGET if r == target_row else AXIS)
        for c in range(cols):
            bits = grid[r][c]
            run_index = c // (band + 1)
            separator = c % (band + 1) == band and run_index < len(runs) - 1
            last = run_index == len(runs) - 1
            kind = style_row.get((r, c))
            if bits:
                style = STAT if kind == "stat" else (LAST if last else DOT)
                out.append(chr(_BRAILLE + bits), style=style)
            elif kind == "stat":
                out.append("─", style=STAT)
            elif r == target_row:
                out.append("┄", style=TARGET)
            elif separator:
                out.append("┊", style=AXIS)
            else:
                out.append(" ")
        out.append("\n")
    out.append(" " * left)
    for i, run in enumerate(runs):
        tag = f"d{run.day} {fmt(run.stat)}"
        out.append(tag[:band].ljust(band), style="bold" if i == len(runs) - 1 else AXIS)
        if i < len(runs) - 1:
            out.append(" ")
    return out


class RunChartView(Widget):
    """Re-draws the chart to fit its size; setting ``chart`` (a reactive) redraws it."""

    DEFAULT_CSS = """
    RunChartView { height: 1fr; min-height: 8; }
    """

    chart: reactive[RunChart | None] = reactive(None)

    def __init__(
        self, chart: RunChart | None = None, *, id: str | None = None, classes: str = "",
        placeholder: str = "No runs yet.",
    ) -> None:
        """``placeholder`` is shown until a chart is set ("" where the chart is about to be drawn)."""
        super().__init__(id=id, classes=classes)
        self.placeholder = placeholder
        self.set_reactive(RunChartView.chart, chart)

    def render(self) -> Text:
        if self.chart is None:
            return Text(self.placeholder, style="dim")
        w, h = self.content_size
        if h < 3 or w < 20:
            return Text("(the run chart needs a bigger window)", style="dim")
        theme = self.app.current_theme
        return render_chart(self.chart, w, h, title=h >= 7, light=not theme.dark if theme else False)
