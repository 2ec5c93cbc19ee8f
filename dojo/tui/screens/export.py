"""The export dialog: pick a format and a file; Enter writes, Esc cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from dojo.tui.exporting import FORMATS, format_of, with_format


class ExportDialog(ModalScreen["tuple[str, str] | None"]):
    """Dismissed with ``(format, typed path)`` or ``None``."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("f5", "cycle_format", "Next format", priority=True),
    ]

    def __init__(self, fmt: str, path: str, where: str) -> None:
        super().__init__()
        self.fmt = fmt
        self.path = path
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(
                Text.assemble(
                    ("Export this session\n", "bold"),
                    (f"{self.where}\nTab moves between the format and the file; F5 switches the format; "
                     "Enter writes, Esc cancels.", "dim"),
                ),
                id="export-title",
                markup=False,
            )
            with RadioSet(id="export-format"):
                for fmt, (name, ext) in FORMATS.items():
                    yield RadioButton(f"{name} ({ext})", value=fmt == self.fmt, name=fmt)
            yield Input(self.path, id="export-path", select_on_focus=False)

    def on_mount(self) -> None:
        path = self.query_one("#export-path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or "md"
        self._set_format(fmt)

    def _set_format(self, fmt: str) -> None:
        self.fmt = fmt
        path = self.query_one("#export-path", Input)
        path.value = with_format(path.value, fmt)
        path.cursor_position = len(path.value)

    def action_cycle_format(self) -> None:
        order = list(FORMATS)
        fmt = order[(order.index(self.fmt) + 1) % len(order)]
        for button in self.query(RadioButton):
            if button.name == fmt:
                button.value = True  # RadioSet.Changed sets the path's extension

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        self.dismiss((format_of(typed, self.fmt) if typed else self.fmt, typed))
