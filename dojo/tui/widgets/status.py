"""The status line: scenario, cycle, day and date, minutes spent in this cycle."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from dojo.formatting import clock


class StatusLine(Static):
    title: reactive[str] = reactive("")
    cycle: reactive[int] = reactive(1)
    cycles: reactive[int] = reactive(1)
    day: reactive[int] = reactive(0)
    date: reactive[str] = reactive("")
    elapsed: reactive[float] = reactive(0.0)
    mode: reactive[str] = reactive("free")

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f" Cycle {self.cycle}/{self.cycles} ", style="reverse")
        out.append(f" day {self.day} · {self.date} ")
        minutes = self.elapsed / 60
        style = "bold" if minutes >= 20 else ""
        out.append(f"· {clock(self.elapsed)} in cycle", style=style)
        if minutes >= 20:
            out.append(" (over 20 min)", style="italic")
        out.append(f" · {self.mode} · ", style="dim")
        out.append(self.title, style="bold")
        return out
