"""The dialogue: the coach's questions and the learner's answers, scrolling."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from dojo.tui.text import literal
from dojo.tui.widgets.figures import YETI


class Bubble(Static):
    """One turn of the dialogue (or a note between turns)."""

    DEFAULT_CSS = """
    Bubble { width: 1fr; height: auto; margin: 0 0 1 0; }
    """

    def __init__(self, content: Text, *, turn: int | None = None, classes: str = "") -> None:
        super().__init__(content, classes=classes, markup=False)
        self.turn = turn


def coach_text(text: str, label: str | None, corrected: bool = False) -> Text:
    out = Text("You  ", style="bold")
    out.append_text(literal(text))
    if label:
        tag = f"  · heard as {label.replace('_', ' ')}" + (" (corrected)" if corrected else "")
        out.append(tag, style="dim italic")
    return out


def learner_text(name: str, text: str, *, yeti: bool, effects: tuple[str, ...], celebrate: bool) -> Text:
    out = Text()
    if yeti:
        out.append("\n".join(YETI) + "\n", style="bold")
    out.append(f"{name}  ", style="bold")
    out.append_text(literal(text))
    for effect in effects:
        out.append(f"\n   ↳ {effect}", style="dim italic")
    if celebrate:
        out.append(
            "\n★ The step missed its prediction — and the learning is on the board. That is a win!",
            style="bold",
        )
    return out


class Dialogue(VerticalScroll, can_focus=True):
    """Turns are added as engine events arrive; a corrected turn drops the answers after it.

    Anchored to its end: when the widgets below it grow (the guided options, a longer hint)
    the newest turn stays in view until the player scrolls up.
    """

    def on_mount(self) -> None:
        self.anchor()

    def add_coach(self, turn: int, text: str, label: str | None, corrected: bool = False) -> Bubble:
        bubble = Bubble(coach_text(text, label, corrected), turn=turn, classes="coach")
        bubble.raw_text = text  # type: ignore[attr-defined]  # the text as typed, for the player's corrections
        self.mount(bubble)
        self.scroll_end(animate=False)
        return bubble

    def relabel(self, turn: int, label: str) -> None:
        """Turn ``turn`` was heard differently: update its tag, remove what came after it."""
        for bubble in list(self.query(Bubble)):
            if bubble.turn is None:
                continue
            if bubble.turn == turn:
                bubble.update(coach_text(getattr(bubble, "raw_text", ""), label, corrected=True))
            elif bubble.turn > turn:
                bubble.remove()

    def add_learner(
        self, turn: int, name: str, text: str, *, yeti: bool, effects: tuple[str, ...], celebrate: bool
    ) -> Bubble:
        classes = "learner" + (" yeti" if yeti else "") + (" celebrate" if celebrate else "")
        bubble = Bubble(
            learner_text(name, text, yeti=yeti, effects=effects, celebrate=celebrate), turn=turn, classes=classes
        )
        self.mount(bubble)
        self.scroll_end(animate=False)
        return bubble

    def add_note(self, text: str | Text) -> Bubble:
        content = text if isinstance(text, Text) else literal(text)
        bubble = Bubble(content, classes="note")
        self.mount(bubble)
        self.scroll_end(animate=False)
        return bubble
