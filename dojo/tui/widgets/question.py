"""The question input: what the coach says next, with a history on up/down."""

from __future__ import annotations

from typing import Any

from textual import events
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

    async def _on_key(self, event: events.Key) -> None:
        """Enter is handled here, in the order the keys came, not as a binding: a binding runs only once the
        key has gone back up to the app, after the keys typed behind it were already put in the line."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        """Enter hands over the line and empties the input at once: keys typed ahead, before the screen
        has handled this question, start the next question instead of joining this one."""
        text = self.value
        self.remember(text.strip())
        self.value = ""
        self.post_message(self.Submitted(self, text))

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
