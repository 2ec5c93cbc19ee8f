"""One sanitiser for everything the dojo writes to a terminal.

Text that a player typed, a file supplied or an imported session carried can hold
characters a terminal acts on instead of showing: C0 and C1 control characters (ESC
starts CSI/OSC sequences — OSC 52 writes the clipboard — and U+009B is a one-byte
CSI), DEL, bidirectional overrides and isolates (U+202E turns ``txt.exe`` around), line
and paragraph separators, and lone surrogates (which cannot even be encoded as UTF-8).

:func:`clean` shows each such character as a visible escape (``\\x1b``, ``\\u202e``), so
nothing is lost from sight and nothing acts; newline and tab are kept only where the
caller allows them. :func:`clean_json` does the same for JSON text with ``\\uXXXX``
escapes, which leaves the JSON value unchanged (a JSON reader gets the original string).
Every command prints player- or file-supplied text through one of these.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

#: Bidirectional formatting characters: marks, embeddings, overrides and isolates.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters a terminal may act on: C0 (newline and tab are handled apart), DEL, C1, the line and
#: paragraph separators, the bidi controls and lone surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + BIDI + "\ud800-\udfff"
#: The same set, for a front end that shows these characters in its own way (the game).
UNSAFE_CHARACTERS = _UNSAFE
_ALWAYS = re.compile(f"[{_UNSAFE}]")
_NO_NEWLINE = re.compile(f"[{_UNSAFE}\n]")
_NO_TAB = re.compile(f"[{_UNSAFE}\t]")
_NEITHER = re.compile(f"[{_UNSAFE}\n\t]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, *, newlines: bool = False, tabs: bool = True) -> str:
    """``text`` with every character a terminal could act on shown as a visible escape.

    ``newlines``: keep ``\\n`` (multi-line output); otherwise it is shown as ``\\x0a``.
    ``tabs``: keep ``\\t``. A ``\\r`` is always escaped (it could overwrite the line).
    """
    pattern = (_ALWAYS if tabs else _NO_TAB) if newlines else (_NO_NEWLINE if tabs else _NEITHER)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def clean_json(text: str) -> str:
    """JSON text with every unsafe character inside its strings written as ``\\uXXXX``.

    Outside strings JSON has only whitespace (space, newline, tab, ``\\r``), none of which
    is touched, so the parsed value is exactly the same; lone surrogates become escapes
    too, which JSON allows.
    """
    if _ALWAYS.search(text) is None:
        return text
    return _ALWAYS.sub(_json_escape, text)


def echo(text: str = "", *, file: TextIO | None = None, newlines: bool = False) -> None:
    """Print one cleaned line (``newlines=True``: a cleaned block) to ``file`` (standard output)."""
    print(clean(text, newlines=newlines), file=file if file is not None else sys.stdout)


def warn(message: str) -> None:
    """``dojo: warning: MESSAGE`` on standard error, cleaned."""
    echo(f"dojo: warning: {message}", file=sys.stderr)
