"""Reading user-supplied text files safely (every failure becomes a one-line UserError), and
writing the dojo's own small files whole or not at all (:func:`write_atomically`).

Bounded in bytes and in waiting: a regular file is read up to the limit; a FIFO (a named
pipe, or ``<(…)`` process substitution) is opened without blocking, so one that nobody
writes to reads as empty instead of hanging, and a writer that goes quiet is given up on
after :data:`PIPE_PATIENCE_S`; a character device is read up to the limit; a socket or a
block device is refused.
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
import tempfile
import time
from pathlib import Path

from dojo.errors import UserError

#: Larger inputs are refused rather than read: no scenario or transcript is this big.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: How long a pipe may stay silent before the read is given up.
PIPE_PATIENCE_S = 30.0


def read_text(path: str | Path, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> str:
    """Return the UTF-8 text of ``path`` or raise a UserError naming the file and the problem."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UserError(f"{p}: is a directory, expected a {what}")
        if stat.S_ISREG(mode):
            size = p.stat().st_size
            if size > max_bytes:
                raise UserError(f"{p}: {what} is too large ({size:,} bytes; the limit is {max_bytes:,})")
        elif not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise UserError(f"{p}: is not a regular file, expected a {what}")
        data = _read_pipe(p, max_bytes) if stat.S_ISFIFO(mode) else _read(p, max_bytes)
        if len(data) > max_bytes:
            raise UserError(f"{p}: {what} is too large (more than {max_bytes:,} bytes)")
    except FileNotFoundError:
        raise UserError(f"{p}: no such {what}") from None
    except PermissionError:
        raise UserError(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise UserError(f"{p}: is a directory, expected a {what}") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, RuntimeError) as exc:  # an embedded NUL, an unresolvable '~user'
        raise UserError(f"{p}: cannot read: {exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{p}:{line}: not valid UTF-8 text (byte {exc.start})") from None
    return text


def _read(p: Path, max_bytes: int) -> bytes:
    with p.open("rb") as f:
        return f.read(max_bytes + 1)  # a device may report 0 bytes and never end


def _read_pipe(p: Path, max_bytes: int) -> bytes:
    """A FIFO without blocking on open: no writer means empty; a silent writer is given up on."""
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    try:
        chunks: list[bytes] = []
        total = 0
        deadline = time.monotonic() + PIPE_PATIENCE_S
        while total <= max_bytes:
            try:
                chunk = os.read(fd, 65536)  # b"" at once when no one has the pipe open for writing
            except BlockingIOError:  # a writer, with nothing written yet
                ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    raise UserError(f"{p}: nothing was written to this pipe for {PIPE_PATIENCE_S:.0f} s") from None
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            deadline = time.monotonic() + PIPE_PATIENCE_S
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_atomically(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` (its folder created) through a temporary file beside it, synced, then
    renamed over it: a reader, or a crash, sees the old file or the new one, never part of one.
    ``mode``: the new file's permissions (a temporary file is 0600). OSError when it cannot be
    written; the caller says so in its own words."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
