"""The quiet "heard as" hint under the input, and the label picker to correct it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dojo.coaching.card import label_name
from dojo.coaching.labels import CARD_ORDER, DESCRIPTIONS, Label

#: The picker's order: the card first, then the other moves.
PICKER_ORDER: tuple[Label, ...] = (*CARD_ORDER, *(label for label in Label if label not in CARD_ORDER))


@dataclass(frozen=True)
class HeardAs:
    """How the last question was heard. ``guess``: below the classifier's confidence line, shown as
    "heard as leading?" (a guess is never penalised); ``because``: the words that decided it."""

    label: Label
    corrected: bool = False
    confidence: float = 1.0
    guess: bool = False
    because: str = ""
    also: tuple[Label, ...] = ()  # card steps asked in the same breath after the first


class HeardHint(Static):
    """ "heard as: obstacles — ctrl+r to correct" after each question; set ``heard`` (None: nothing)."""

    heard: reactive[HeardAs | None] = reactive(None, repaint=False)

    def watch_heard(self, heard: HeardAs | None) -> None:
        if heard is None:
            self.update("")
            return
        label, corrected, guess, because = heard.label, heard.corrected, heard.guess, heard.because
        out = Text("heard as: ", style="dim")
        out.append(label_name(label) + ("?" if guess and not corrected else ""), style="bold")
        for step in heard.also if not corrected else ():
            out.append(" + " + label_name(step), style="bold")
        if corrected:
            out.append(" (corrected)", style="dim italic")
        out.append("  ctrl+r corrects", style="dim")
        # Player text inside the reason stays text: Text.append never parses markup.
        out.append(f" — {because}" if because and not corrected else f" — {DESCRIPTIONS[label]}", style="dim italic")
        self.update(out)


class LabelPicker(ModalScreen[Label | None]):
    """Pick how the last question should have been heard; the runner-up is pre-selected."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: Label, runner_up: Label | None) -> None:
        super().__init__()
        self.current = current
        self.runner_up = runner_up

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(
                Text.assemble(("How should that question be heard?\n", "bold"),
                              (f"Now heard as: {label_name(self.current)}. Enter picks, Esc cancels.", "dim")),
                id="picker-title",
            )
            options = []
            for label in PICKER_ORDER:
                prompt = Text.assemble((f"{label_name(label):<10} ", "bold"), (DESCRIPTIONS[label], "dim"))
                options.append(Option(prompt, id=label.value, disabled=label == self.current))
            yield OptionList(*options, id="picker-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        start = self.runner_up if self.runner_up and self.runner_up != self.current else None
        if start is None:
            start = next(label for label in PICKER_ORDER if label != self.current)
        options.highlighted = PICKER_ORDER.index(start)
        options.focus()

    @on(OptionList.OptionSelected, "#picker-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(Label(event.option.id))
