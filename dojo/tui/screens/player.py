"""Who is playing: the name dialog (at first start, and ``w`` on home to switch player).

A name keeps each person's sessions, progress and resume list apart on a shared machine or
server, so the game asks for one before the first session when it keeps sessions and knows
no name: given with ``--player``, else (in a terminal) the last name chosen on this data
directory (:func:`dojo.players.current`). A browser tab (``dojo serve``) is anyone's: it
always asks, and remembers nothing for the next tab. The rule for a name is
:func:`dojo.players.normalize`; a name that breaks it is said under the input, in its words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from dojo.errors import UserError
from dojo.players import MAX_NAME, current, normalize

if TYPE_CHECKING:
    from dojo.tui.app import DojoApp


def initial_player(app: DojoApp) -> str:
    """The name the game starts with: the one given, else in a terminal the last one chosen here, else ``""``."""
    if app.player_given or app.player:
        return app.player
    if app.is_web:  # each browser tab may be someone else: asked, never taken from the last tab
        return ""
    try:
        return current()
    except UserError:  # a bad $DOJO_PLAYER (the command line says so before the game starts): home asks
        return ""


def asks_for_player(app: DojoApp) -> bool:
    """Home asks for a name: sessions are kept and nobody has said who is playing."""
    return app.storage is not None and not app.player


class PlayerDialog(ModalScreen["str | None"]):
    """Dismissed with the valid name typed, or None (Esc, when a name is not required)."""

    DEFAULT_CSS = """
    PlayerDialog { align: center middle; }
    #player-dialog { width: 64; max-width: 95%; height: auto; border: thick $primary; background: $surface;
                     padding: 0 1; }
    #player-problem { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str = "", *, required: bool = False) -> None:
        super().__init__()
        self.name_now = name
        self.required = required

    def compose(self) -> ComposeResult:
        why = ("Your sessions, progress and the sessions you can continue are kept under your name, apart from "
               "anyone else's who plays here.")
        keys = "Enter: play as this name" + ("" if self.required else " · Esc: keep the current player")
        with Vertical(id="player-dialog"):
            yield Static(Text.assemble(("Who is playing?\n", "bold"), (f"{why}\n{keys}", "dim")), markup=False)
            yield Input(self.name_now, placeholder="your name", max_length=MAX_NAME, id="player-name")
            yield Static(id="player-problem", markup=False)

    def on_mount(self) -> None:
        field = self.query_one("#player-name", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#player-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = normalize(event.value)
        except UserError as exc:
            self._problem(str(exc))
            return
        self.dismiss(name)

    @on(Input.Changed, "#player-name")
    def _typed(self) -> None:
        self._problem("")

    def _problem(self, text: str) -> None:
        self.query_one("#player-problem", Static).update(Text(text))  # a Text: the name is never markup

    def action_cancel(self) -> None:
        if self.required:
            self._problem("A name keeps your sessions apart from other players'; type one (ctrl+q quits).")
            return
        self.dismiss(None)
