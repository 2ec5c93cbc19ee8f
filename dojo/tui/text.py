"""Showing text the player (or a scenario) wrote: literally, never as markup.

Rich ``Text`` objects are never parsed for markup, so ``[bold]`` and ``[link=…]`` stay
text. Control characters (an ANSI escape typed or pasted in) are replaced by visible
stand-ins (``␛`` for ESC, ``^X`` for the others, ``\\u202e`` for a bidi override) so they
cannot move the cursor, change colours or turn text around on the player's terminal.
"""

from __future__ import annotations

import re

from rich.text import Text

from dojo.formatting import number, quantity
from dojo.terminal import UNSAFE_CHARACTERS

__all__ = ["clean", "literal", "number", "quantity"]  # numbers are formatted in dojo.formatting, for every front end

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
