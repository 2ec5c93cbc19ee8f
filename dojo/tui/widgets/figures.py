"""The two small characters: the I-don't-know-yet Yeti (the learner) and a puffin (the coach)."""

from __future__ import annotations

from rich.text import Text

#: Three lines each, small enough to sit beside a line of dialogue.
YETI = (
    r" /\_/\ ",
    r"( o.o )",
    r" /|_|\ ",
)
PUFFIN = (
    r"  __  ",
    r" (o >>",
    r" /_)  ",
)


def figure(lines: tuple[str, ...], style: str) -> Text:
    return Text("\n".join(lines), style=style)


def yeti_says(caption: str = "I don't know yet!") -> Text:
    """The Yeti with its motto: shown when the learner reaches the edge of their knowledge."""
    out = Text()
    for i, line in enumerate(YETI):
        out.append(line, style="bold")
        if i == 1:
            out.append(f"  {caption}", style="italic")
        out.append("\n")
    out.rstrip()
    return out
