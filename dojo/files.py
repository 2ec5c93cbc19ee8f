"""Reading user-supplied text files safely: every failure becomes a one-line UserError."""

from __future__ import annotations

from pathlib import Path

from dojo.errors import UserError

#: Larger inputs are refused rather than read: no scenario or transcript is this big.
MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text(path: str | Path, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> str:
    """Return the UTF-8 text of ``path`` or raise a UserError naming the file and the problem."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UserError(f"{p}: is a directory, expected a {what}")
        size = p.stat().st_size
        if size > max_bytes:
            raise UserError(f"{p}: {what} is too large ({size:,} bytes; the limit is {max_bytes:,})")
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)  # a device or a pipe may report 0 bytes and never end
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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{p}:{line}: not valid UTF-8 text (byte {exc.start})") from None
    return text
