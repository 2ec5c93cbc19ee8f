from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events as tev
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from dojo.tui.widgets.toosmall import MIN_HEIGHT, MIN_WIDTH, TooSmall

if TYPE_CHECKING:  # the app imports the screens; they know it by type only
    from dojo.tui.app import DojoApp


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class DojoScreen(Screen):
    """A full screen that shows a clear message when the terminal is too small.

    While the message is shown every other widget is hidden, so Textual drops the focus;
    when the terminal grows back the widget that had it gets it again (else the screen's
    ``AUTO_FOCUS``), so typing is not lost.
    """

    #: The game these screens run in, typed for the checker (``self.app.session``,
    #: ``self.app.storage``… are checked); at run time it is Textual's own ``app``.
    app: DojoApp

    _focus_before_small: Widget | None = None

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def on_resize(self, event: tev.Resize) -> None:
        if too_small(event.size.width, event.size.height):
            if self.focused is not None:
                self._focus_before_small = self.focused
        else:
            self.call_after_refresh(self._restore_focus)

    def _restore_focus(self) -> None:
        if self.focused is not None or too_small(*self.size):
            return
        before, self._focus_before_small = self._focus_before_small, None
        if before is not None and before.is_attached and before.focusable:
            before.focus()
            return
        selector = self.AUTO_FOCUS
        if selector:
            for widget in self.query(selector):
                if widget.focusable:
                    widget.focus()
                    return

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(title, help, action) for the command palette: every described binding of this screen."""
        out = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                help_text = f"{binding.tooltip} (key: {binding.key})" if binding.tooltip else f"key: {binding.key}"
                out.append((binding.description, help_text, binding.action))
        return out
