"""Exporting the session in play from inside the game, through ``dojo.storage.export`` and ``dojo.render``.

The game's session is exported and rendered as ``dojo export`` does it: from the data
directory's store when the game is saving it (so its id and notes are those of the
stored session), otherwise from a throw-away store holding just this session's record
and debrief. Plain Python (no Textual): the dialog and the worker live in the screens.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dojo.errors import UserError
from dojo.files import write_atomically

if TYPE_CHECKING:
    from dojo.session.debrief import Debrief
    from dojo.session.engine import Session
    from dojo.session.record import SessionRecord
    from dojo.storage.api import SessionStore

#: Export format -> (name shown to the player, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("Markdown", ".md"),
    "html": ("HTML", ".html"),
    "json": ("JSON", ".json"),
}
EXPORTS_DIR = "exports"


def format_of(path: str | Path, default: str = "md") -> str:
    """The format a file name asks for by its extension (``default`` when it names none)."""
    suffix = Path(path).suffix.lower()
    for fmt, (_, ext) in FORMATS.items():
        if suffix == ext or (fmt == "md" and suffix == ".markdown") or (fmt == "html" and suffix == ".htm"):
            return fmt
    return default


def with_format(path: str, fmt: str) -> str:
    """``path`` with its extension switched to ``fmt``'s (added when it has no known one)."""
    ext = FORMATS[fmt][1]
    p = Path(path)
    if p.suffix.lower() in {e for _, e in FORMATS.values()} | {".markdown", ".htm"}:
        return str(p.with_suffix(ext))
    return path + ext if path else path


def default_path(session: Session, fmt: str, *, now: float | None = None) -> Path:
    """``<data dir>/exports/<scenario>-<date>-<time>.<ext>``."""
    from dojo.storage.paths import data_dir

    stamp = time.strftime("%Y-%m-%d-%H%M", time.localtime(time.time() if now is None else now))
    name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in session.scenario.id) or "session"
    return data_dir() / EXPORTS_DIR / f"{name}-{stamp}{FORMATS[fmt][1]}"


def resolve_target(typed: str, session: Session, fmt: str) -> Path:
    """The file the player asked for: ``~`` expanded; a directory gets the default file name."""
    typed = typed.strip()
    if not typed:
        return default_path(session, fmt)
    path = Path(typed).expanduser()
    if path.is_dir() or typed.endswith(("/", os.sep)):
        return path / default_path(session, fmt).name
    return path


@dataclass(frozen=True)
class Saved:
    """Where the game keeps the session: the storage store and the session's id in it."""

    store: SessionStore
    session_id: str


def render_session(
    record: SessionRecord, title: str, debrief: Debrief | None, fmt: str, saved: Saved | None
) -> tuple[str, list[str]]:
    """The export of a session (its ``record``, a copy taken on the game's thread) as text in ``fmt``,
    and the exporter's warnings."""
    from dojo.render import render
    from dojo.storage.api import StoreError
    from dojo.storage.export import build_export

    if saved is not None:
        try:
            export, warnings = build_export(saved.store, saved.session_id)
            return render(export, fmt), warnings
        except StoreError:
            pass  # not written yet (no action so far) or the store failed: export what is in play
    from dojo.storage.sqlite import SqliteStore

    with tempfile.TemporaryDirectory(prefix="dojo-export-") as tmp:
        store = SqliteStore(Path(tmp) / "session.sqlite3")
        try:
            sid = store.create(record, title=title, source="tui")
            if debrief is not None:
                store.finish(sid, debrief)
            export, warnings = build_export(store, sid)
        finally:
            store.close()
    return render(export, fmt), warnings


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, creating its folder; one clear UserError on failure."""
    try:
        write_atomically(path, text)
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
