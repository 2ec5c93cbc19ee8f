from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from dojo.tui.widgets.toosmall import TooSmall


class DojoScreen(Screen):
    """A full screen that shows a clear message when the terminal is too small."""

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(title, help, action) for the command palette: every described binding of this screen."""
        out = []
        for binding in self.BINDINGS:
            if getattr(binding, "description", ""):
                out.append((binding.description, f"key: {binding.key}", binding.action))
        return out
