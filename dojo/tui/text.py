"""Showing text the player (or a scenario) wrote: literally, never as markup.

Rich ``Text`` objects are never parsed for markup, so ``[bold]`` and ``[link=…]`` stay
text. Control characters (an ANSI escape typed or pasted in) are replaced by visible
stand-ins (``␛`` for ESC, ``^X`` for the others, ``\\u202e`` for a bidi override) so they
cannot move the cursor, change colours or turn text around on the player's terminal.
"""

from __future__ import annotations

import re

from rich.text import Text

from dojo.terminal import UNSAFE_CHARACTERS

#: What a terminal could act on is defined once, in :mod:`dojo.terminal` (C0, DEL, C1, bidi
#: overrides, line separators, lone surrogates); the game shows those characters its own way.
_CONTROL = re.compile(f"[{UNSAFE_CHARACTERS}]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch == "\x1b":
        return "␛"
    code = ord(ch)
    if code < 0x20:
        return "^" + chr(code + 64)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with control characters made visible (tabs become spaces, newlines stay)."""
    return _CONTROL.sub(_visible, text.replace("\t", "    "))


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` showing ``text`` exactly as typed (no markup, no escapes)."""
    return Text(clean(text), style=style)


def number(x: float) -> str:
    """A measurement as people write it: whole from 10 up, one decimal below, no trailing ``.0``.

    ``4.0`` → ``4``, ``4.25`` → ``4.3``, ``86.31`` → ``86``, ``0.0`` → ``0``.
    """
    text = f"{x:.0f}" if abs(x) >= 10 else f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text in ("-0", "") else text


def quantity(x: float, unit: str) -> str:
    """``number(x)`` with its unit: ``62 s``, ``4 h``, ``77%``."""
    if not unit:
        return number(x)
    return f"{number(x)}{unit}" if unit == "%" else f"{number(x)} {unit}"
