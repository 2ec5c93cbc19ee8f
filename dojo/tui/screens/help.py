"""Help: the keys, the coaching card, what each label means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dojo.coaching.card import label_name
from dojo.coaching.labels import DESCRIPTIONS
from dojo.formatting import human_date
from dojo.tui.widgets.card import card_text
from dojo.tui.widgets.heard import PICKER_ORDER

if TYPE_CHECKING:
    from dojo.session.engine import Session

KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "ask the question you typed (free mode) / pick the highlighted one (guided)"),
    ("1 – 4", "guided mode: pick one of the four questions"),
    ("↑ / ↓", "earlier questions you asked (free mode)"),
    ("ctrl+r", "correct how your last question was heard; the learner answers again"),
    ("ctrl+n", "end the coaching cycle: the learner runs the agreed step"),
    ("F2", "show or hide the coaching card (beside it, one of storyboard and run chart: F3 / F4 switch)"),
    ("F3 / F4", "show or hide the storyboard / the run chart"),
    ("F6 / Esc", "scroll the dialogue / back to the question"),
    ("F1", "this help"),
    ("ctrl+t", "light or dark theme"),
    ("ctrl+p", "command palette: every action by name"),
    ("ctrl+q", "quit"),
    ("a / n / q", "debrief: play again with the same seed / another scenario / quit"),
)


def reflection_note(session: Session | None = None) -> Text:
    """When the back of the card (the reflection on the last step) is due — for the scenario in play if any."""
    general = ("The reflection on the back of the card is due whenever there is a last step: from the first "
               "cycle when the storyboard's experimenting record already has one, else from the second.")
    if session is None:
        return Text(general, style="dim")
    records = session.scenario.storyboard.records
    if session.cycles and session.cycles[0].had_last_step and records:
        last = records[-1]
        out = Text("In this scenario the experimenting record already has a step (", style="dim")
        out.append(f"{human_date(last.date)}: ")
        out.append(last.step.strip(), style="italic")
        out.append("): reflect on it from the first cycle.")
        return out
    return Text("In this scenario the first cycle has no last step: skip the reflection then; "
                "from cycle 2 on, reflect on the step just run.", style="dim")


def help_text(session: Session | None = None) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    keys = Table(title="Keys", title_justify="left", show_header=False, box=None)
    keys.add_column(style="bold", no_wrap=True)
    keys.add_column()
    for k, v in KEYS:
        keys.add_row(k, v)
    grid.add_row(keys)
    grid.add_row(Text(""))
    grid.add_row(card_text())
    grid.add_row(Text(""))
    grid.add_row(reflection_note(session))
    grid.add_row(Text(""))
    labels = Table(title="What each 'heard as' label means", title_justify="left", show_header=False, box=None)
    labels.add_column(style="bold", no_wrap=True)
    labels.add_column()
    for label in PICKER_ORDER:
        labels.add_row(label_name(label), DESCRIPTIONS[label])
    grid.add_row(labels)
    return grid


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]

    def __init__(self, session: Session | None = None) -> None:
        """``session``: the one in play, so the help says what its scenario expects."""
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text("Kata Dojo — help   (Esc closes)", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_text(self.session), id="help-text")
