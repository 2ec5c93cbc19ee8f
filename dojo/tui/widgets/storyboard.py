"""The learner's storyboard: challenge, target, current condition, obstacles, experimenting record."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from dojo.formatting import human_iso
from dojo.session.views import StoryboardView
from dojo.tui.text import literal


def storyboard_text(sb: StoryboardView) -> Text:
    out = Text()

    def head(title: str) -> None:
        out.append(f"{title}\n", style="bold underline")

    def body(text: str, style: str = "") -> None:
        out.append_text(literal(text.strip(), style))
        out.append("\n")

    out.append_text(literal(sb.process, "bold reverse"))
    out.append("\n\n")
    head("Challenge")
    body(sb.challenge)
    out.append("\n")
    head(f"Target condition  (achieve by {sb.achieve_by})")
    body(sb.target)
    out.append("\n")
    head("Current condition")
    body(sb.current_condition)
    out.append("\n")
    head("Obstacles parking lot")
    for o in sb.obstacles:
        mark = "▶ " if o.in_focus else "· "
        out.append(mark, style="bold" if o.in_focus else "dim")
        out.append_text(literal(o.text, "bold" if o.in_focus else ""))
        if o.in_focus:
            out.append("  (in focus)", style="italic")
        if o.revealed:
            out.append("  (new)", style="italic dim")
        out.append("\n")
    out.append("\n")
    head("Experimenting record")
    if not sb.records:
        out.append("No steps yet.\n", style="dim")
    for r in sb.records:
        out.append(f"{human_iso(r.date)}  ", style="bold")
        out.append_text(literal(r.step, "bold"))
        out.append("\n")
        for name, value, missing in (
            ("expected", r.expected, "— no prediction"),
            ("happened", r.happened, "—"),
            ("learned ", r.learned, "—"),
        ):
            out.append(f"  {name}: ", style="dim")
            out.append_text(literal(value) if value else Text(missing, style="dim italic"))
            out.append("\n")
    out.rstrip()
    return out


class StoryboardPanel(VerticalScroll, can_focus=True):
    """The storyboard as the learner keeps it: set ``storyboard`` (a reactive) and it is redrawn."""

    storyboard: reactive[StoryboardView | None] = reactive(None, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static(id="storyboard-text", markup=False)

    def watch_storyboard(self, sb: StoryboardView | None) -> None:
        self.query_one("#storyboard-text", Static).update(storyboard_text(sb) if sb is not None else "")
