"""Between cycles: the learner runs the agreed step; days pass and the new run arrives.

Short and skippable: any key (or a click) goes on. With ``app.live`` false (tests) it
shows everything at once, with no timers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events as tev
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from dojo.formatting import human_date
from dojo.session import events as ev
from dojo.session.debrief import whose_idea
from dojo.tui.text import literal, quantity
from dojo.tui.widgets.figures import PUFFIN, YETI
from dojo.tui.widgets.runchart import RunChartView, fmt

if TYPE_CHECKING:
    from dojo.session.engine import Session
    from dojo.tui.app import DojoApp

def figure_line(improved: bool) -> Text:
    """The puffin (the coach) when the step moved towards the target, else the Yeti: not there yet."""
    art, caption = (PUFFIN, "Let's go and see.") if improved else (YETI, "I don't know yet — what will we learn?")
    out = Text()
    for i, line in enumerate(art):
        out.append(line, style="bold")
        if i == 1:
            out.append(f"  {caption}", style="italic")
        out.append("\n")
    return out


def between_lines(events: list[ev.Event], session: Session) -> list[Text]:
    """The lines shown one after the other."""
    name = session.scenario.learner.name
    chart = session.run_chart()
    ran = next((e for e in events if isinstance(e, ev.ExperimentRan)), None)
    ended = next((e for e in events if isinstance(e, ev.CycleEnded)), None)
    scripted = [e for e in events if isinstance(e, ev.ScriptedEvent)]
    lines: list[Text] = []
    if ran is None:
        return [Text("The cycle has ended.")]
    head = figure_line(ran.improved)
    head.append(f"Cycle {ran.cycle} is over. {name} runs the step:\n", style="bold")
    head.append_text(literal(f"  “{ran.step}”", "italic"))
    experiment = session.learner.experiment(ran.experiment_id)
    tempting = experiment is not None and experiment.tempting
    head.append(f"\n  {whose_idea(ran.chosen_by, tempting)}", style="dim")
    lines.append(head)
    days = max(1, session.scenario.days_per_cycle)
    start_day = ran.day - days
    for i in range(1, days + 1):
        line = Text(f"  Day {start_day + i} · {human_date(session.date_of(start_day + i))}  ")
        line.append("the step is running…" if i < days else "the new run is in.", style="dim")
        lines.append(line)
    for e in scripted:
        lines.append(literal(f"  ! {e.title}: {e.note}", "bold"))
    before = chart.runs[-2].stat if len(chart.runs) >= 2 else ran.run.stat
    sign = "≤" if chart.direction == "at_most" else "≥"
    result = Text(f"  {chart.statistic} {chart.metric}: {fmt(before)} → {fmt(ran.run.stat)} {chart.unit}  ", style="bold")
    result.append(f"(target {sign} {quantity(chart.target, chart.unit)})  ")
    observed = experiment is not None and experiment.kind == "observe"
    if ended is not None and ended.target_met:
        result.append("✓ target condition met", style="bold green")
    elif observed:
        result.append("· a step to find out: the process was not changed", style="cyan")
    elif ran.improved:
        result.append("↗ moved towards the target", style="green")
    else:
        result.append("✗ no closer — what will we learn from it?", style="yellow")
    lines.append(result)
    if experiment is not None:
        for obstacle in session.scenario.storyboard.obstacles:
            if obstacle.id in experiment.reveals:
                lines.append(literal(f"  new on the parking lot: {obstacle.text}", "bold"))
    if ended is not None and ended.record.expected:
        lines.append(literal(f"  expected: {ended.record.expected}", "dim"))
    elif ended is not None:
        lines.append(Text("  expected: — no prediction was written down, so nothing to compare", style="dim"))
    if any(isinstance(e, ev.SessionEnded) for e in events):
        lines.append(Text("\nThat was the last cycle. The 2nd coach's debrief is next.", style="bold"))
    return lines


class BetweenCycles(Screen[None]):
    """The lines arrive one by one (``shown``, a reactive: each change redraws); then the new run chart."""

    #: The game, typed for the checker; at run time it is Textual's own ``app``.
    app: DojoApp

    shown: reactive[int] = reactive(0, init=False)

    def __init__(self, events: list[ev.Event], session: Session) -> None:
        super().__init__()
        self.cycle_events = events
        self.session = session
        self.lines = between_lines(events, session)

    def compose(self) -> ComposeResult:
        with Vertical(id="between"):
            yield Static(id="between-text", markup=False)
            yield RunChartView(id="between-chart", placeholder="")  # drawn with the last line, no flash before
            yield Static("Press any key to go on.", id="between-hint", markup=False)

    def on_mount(self) -> None:
        if self.app.live:
            self._timer = self.set_interval(0.35, self._next_line)
            self._next_line()
        else:
            self.shown = len(self.lines)

    def _next_line(self) -> None:
        if self.shown < len(self.lines):
            self.shown += 1
        else:
            self._timer.stop()

    def watch_shown(self) -> None:
        text = Text("\n").join(self.lines[: self.shown])
        self.query_one("#between-text", Static).update(text)
        if self.shown >= len(self.lines):
            self.query_one("#between-chart", RunChartView).chart = self.session.run_chart()

    def on_key(self, event: tev.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self, event: tev.Click) -> None:
        event.stop()
        self.dismiss(None)
