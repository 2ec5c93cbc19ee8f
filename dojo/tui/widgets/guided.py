"""Guided mode: four candidate questions, picked with 1–4 (or arrows and Enter, or a click)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dojo.session.guided import Candidate
from dojo.tui.text import literal


class GuidedChoices(OptionList):
    BINDINGS = [
        Binding("1", "pick(0)", "Pick 1", show=False),
        Binding("2", "pick(1)", "Pick 2", show=False),
        Binding("3", "pick(2)", "Pick 3", show=False),
        Binding("4", "pick(3)", "Pick 4", show=False),
    ]

    class Picked(Message):
        def __init__(self, candidate: Candidate) -> None:
            super().__init__()
            self.candidate = candidate

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.candidates: list[Candidate] = []

    def show(self, candidates: list[Candidate]) -> None:
        self.candidates = list(candidates)
        self.clear_options()
        self.add_options(
            Option(Text.assemble((f"{i + 1}  ", "bold"), literal(c.text)), id=str(i)) for i, c in enumerate(candidates)
        )
        self.highlighted = 0 if candidates else None

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.candidates):
            self.post_message(self.Picked(self.candidates[index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_pick(int(event.option.id))
