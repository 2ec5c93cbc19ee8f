"""A yes/no question in a small dialog: y or Enter says yes, n or Esc says no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", priority=True),
        Binding("n,escape", "answer(False)", "No", priority=True),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        text = Text(self.question + "\n", style="bold")
        if self.detail:
            text.append(self.detail + "\n", style="dim")
        text.append("\ny / Enter ", style="bold")
        text.append(self.yes)
        text.append("    n / Esc ", style="bold")
        text.append(self.no)
        with Vertical(id="confirm"):
            yield Static(text, id="confirm-text", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
