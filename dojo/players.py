"""Player names: the one rule for a valid name, how two names are compared, and the last name used.

A name is what a person types to say who is playing on a shared machine or server, so that
history, progress and exports are theirs. The rule (:func:`normalize`): surrounding spaces
are dropped and any run of whitespace inside becomes one space; then it must be 1 to
:data:`MAX_NAME` characters, each printable (no control, format or bidi characters, no lone
surrogates). Anything else is one :class:`~dojo.errors.UserError` line. The name is kept as
typed (``Ana María``); two names are the same player when their :func:`key` is equal
(Unicode case folding: ``alice`` and ``Alice`` are one player).

The empty name ``""`` is not a name: it marks sessions saved before players existed (or
played without one), shown as :data:`NO_PLAYER`.

Who is playing (:func:`current`): the name given for the run (``--player NAME`` or
``$DOJO_PLAYER``), else the last name chosen in the game on this data directory, remembered in
``settings.json`` there (:func:`last_player`, :func:`remember`; written whole through a
temporary file), else ``""``.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

from dojo.errors import UserError
from dojo.files import write_atomically
from dojo.storage.paths import data_dir
from dojo.terminal import clean

#: The name for this run when ``--player`` is not given (``dojo --player NAME`` sets it for the command).
ENV_VAR = "DOJO_PLAYER"
#: The longest name, in characters (the session record keeps at most this many).
MAX_NAME = 40
#: How sessions without a player are named where a name is shown.
NO_PLAYER = "(no player)"
SETTINGS_NAME = "settings.json"
#: A settings file is a few bytes; a larger one is not ours and is ignored.
_MAX_SETTINGS_BYTES = 64 * 1024


def _shown(text: str) -> str:
    return clean(text[:60]) + ("…" if len(text) > 60 else "")


def normalize(raw: str) -> str:
    """``raw`` as a player name (stripped, inner whitespace collapsed, NFC), or UserError saying why not."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise UserError("a player name cannot be empty; type the name you want your sessions kept under")
    bad = next((ch for ch in name if not ch.isprintable()), None)
    if bad is not None:
        raise UserError(
            f"player name '{_shown(name)}': U+{ord(bad):04X} is not a printable character; use letters, digits, "
            "spaces and punctuation"
        )
    if len(name) > MAX_NAME:
        raise UserError(f"player name '{_shown(name)}' is {len(name)} characters long (at most {MAX_NAME})")
    return name


def key(name: str) -> str:
    """What two names are compared by: the same player when equal (case and spacing do not count)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def shown(name: str) -> str:
    """A stored name as people see it (``(no player)`` for sessions without one)."""
    return name if name else NO_PLAYER


# --------------------------------------------------------------------------- who is playing


def given(name: str | None = None) -> str | None:
    """The name given for this run: ``name`` (``--player``), else ``$DOJO_PLAYER``; normalized; None when neither."""
    if name is None:
        name = os.environ.get(ENV_VAR)
        if name is None or not name.strip():
            return None
    return normalize(name)


def current(name: str | None = None) -> str:
    """Who is playing: the name given for this run, else the last one chosen in the game here, else ``""``."""
    chosen = given(name)
    if chosen is not None:
        return chosen
    try:
        return last_player()
    except UserError:  # the data directory itself is wrong: the store says so in its own words
        return ""


# --------------------------------------------------------------------------- the last name chosen


def settings_path(directory: Path | None = None) -> Path:
    return (directory if directory is not None else data_dir()) / SETTINGS_NAME


def _read(path: Path) -> dict[str, object]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_SETTINGS_BYTES + 1)
    except OSError:
        return {}
    if len(data) > _MAX_SETTINGS_BYTES:
        return {}
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def last_player(directory: Path | None = None) -> str:
    """The name chosen last in this data directory, or ``""`` (none yet, or the file is unreadable or not valid)."""
    value = _read(settings_path(directory)).get("player")
    if not isinstance(value, str):
        return ""
    try:
        return normalize(value)
    except UserError:
        return ""


def remember(name: str, directory: Path | None = None) -> None:
    """Keep ``name`` as the last player (the other settings are kept). The file is replaced whole or not
    at all (written beside it, then renamed); UserError when it cannot be written."""
    name = normalize(name)
    path = settings_path(directory)
    settings = _read(path)
    settings["player"] = name
    text = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise UserError(f"{path}: cannot remember the player name: {exc.strerror or exc}") from None
