"""The Coaching Kata card, with the step due now marked."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from dojo.coaching.card import printed_card
from dojo.coaching.labels import REFLECTION, Label

CARD: tuple[tuple[Label | None, str], ...] = printed_card()


def emphasised(line: str, style: str = "") -> Text:
    """The card's wording with ``*word*`` shown in italics (the stars are not shown)."""
    out = Text(style=style)
    for i, part in enumerate(line.split("*")):
        out.append(part, style="italic bold" if i % 2 else "")
    return out


def card_text(asked: set[Label] | None = None, due: Label | None = None, skip_reflection: bool = False) -> Text:
    asked = asked or set()
    out = Text("Coaching Kata card\n", style="bold")
    for label, line in CARD:
        if label is None:
            out.append(line + "\n", style="dim italic")
            continue
        if skip_reflection and label in REFLECTION:
            out.append_text(emphasised(line + "\n", "dim strike"))
        elif label == due:
            out.append_text(emphasised("▶" + line[1:] + "\n" if line.startswith(" ") else "▶ " + line + "\n",
                                       "bold reverse"))
        elif label in asked:
            out.append_text(emphasised(line + "  ✓\n", "dim"))
        else:
            out.append_text(emphasised(line + "\n"))
    if skip_reflection:
        out.append("First cycle: no last step yet, skip the reflection.", style="dim italic")
    out.rstrip()
    return out


@dataclass(frozen=True)
class CardMarks:
    """What the card marks: the steps asked this cycle, the one due now, a reflection with nothing to reflect on."""

    asked: frozenset[Label] = frozenset()
    due: Label | None = None
    skip_reflection: bool = False


class CoachingCard(Static):
    """The card; set ``marks`` (a reactive) and it is redrawn."""

    marks: reactive[CardMarks] = reactive(CardMarks, repaint=False)

    def watch_marks(self, marks: CardMarks) -> None:
        self.update(card_text(set(marks.asked), marks.due, marks.skip_reflection))
