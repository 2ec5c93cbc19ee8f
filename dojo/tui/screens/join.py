"""Joining a round of a dojo plan: the rounds listed, the highlighted one's title, time box and focus; Enter joins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dojo.plans.joining import Joined
from dojo.tui.text import literal

if TYPE_CHECKING:
    from dojo.plans.loader import PlanFile


def round_details(joined: Joined) -> Text:
    """What a player reads before starting a round: its title, scenario, time box, mode and focus."""
    r = joined.round
    out = literal(r.title, "bold")
    out.append(f"\n\nRound {joined.number} of {len(joined.found.plan.rounds)} · {r.minutes} min · {r.mode} · ", style="dim")
    out.append_text(literal(r.scenario, "dim"))
    out.append("\n\nFocus: ", style="bold")
    out.append_text(literal(r.focus))
    return out


class JoinRound(ModalScreen["Joined | None"]):
    """Pick a round of ``found``; dismissed with the round joined, or None (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "Back")]
    AUTO_FOCUS = "#rounds"

    def __init__(self, found: PlanFile) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        plan = self.found.plan
        with Vertical(id="join"):
            yield Static(literal(plan.title, "bold"), id="join-title", markup=False)
            yield OptionList(
                *(Option(literal(f"{n}. {r.title}"), id=str(n)) for n, r in enumerate(plan.rounds, 1)), id="rounds"
            )
            yield Static(id="join-round", markup=False)
            yield Static(Text("Enter joins the round · Esc goes back", style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one("#rounds", OptionList).highlighted = 0
        self._show()

    def _joined(self) -> Joined | None:
        option = self.query_one("#rounds", OptionList).highlighted_option
        return Joined(self.found, int(option.id)) if option is not None and option.id else None

    @on(OptionList.OptionHighlighted, "#rounds")
    def _show(self) -> None:
        joined = self._joined()
        self.query_one("#join-round", Static).update(round_details(joined) if joined is not None else "")

    @on(OptionList.OptionSelected, "#rounds")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._joined())

    def action_cancel(self) -> None:
        self.dismiss(None)
