"""The question input: what the coach says next, with a history on up/down."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input


class QuestionInput(Input):
    BINDINGS = [
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "Ask the learner… (Enter to ask)")
        super().__init__(**kwargs)
        self.history: list[str] = []
        self._pos = 0  # == len(history): the line being typed
        self._draft = ""

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._pos = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._pos == len(self.history):
            self._draft = self.value
        pos = max(0, min(len(self.history), self._pos + step))
        if pos == self._pos:
            return
        self._pos = pos
        self.value = self._draft if pos == len(self.history) else self.history[pos]
        self.cursor_position = len(self.value)
