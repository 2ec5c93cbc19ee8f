"""What an SQLite error means for the dojo's data: damage, or a condition of the machine.

Only a file that is not a database or whose pages are corrupt is *damaged* (and may be
set aside). A full disk, an I/O error, a read-only file, directory or file system, a
permission problem or a busy database say nothing about the data: the database is left
exactly as it is and the user is told, in one line, what is wrong.
"""

from __future__ import annotations

import errno
import sqlite3

#: Primary result codes that mean the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

_WHAT = {
    sqlite3.SQLITE_FULL: "the disk is full (SQLite: database or disk is full); free some space and try again",
    sqlite3.SQLITE_IOERR: "the disk reported an error (SQLite: disk I/O error); it may be full, read-only or failing",
    sqlite3.SQLITE_READONLY: "the database cannot be written (read-only file, directory or file system); "
    "make it writable or use --data-dir DIR",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened (permissions, a missing or read-only directory); "
    "check them or use --data-dir DIR",
    sqlite3.SQLITE_PERM: "permission denied; check the file's permissions or use --data-dir DIR",
}


def primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(exc: BaseException) -> bool:
    """True only when SQLite says the file is corrupt or not a database."""
    return primary_code(exc) in DAMAGE_CODES


def is_busy(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return primary_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in msg or "busy" in msg


def describe(exc: BaseException) -> str:
    """One line for the user: what is wrong, in their terms, with SQLite's own words kept."""
    code = primary_code(exc)
    if code in _WHAT:
        return _WHAT[code]
    return f"database error: {' '.join(str(exc).split())[:200]}"


def describe_os(exc: OSError) -> str:
    """The same for an error from the operating system (e.g. renaming or reading the file)."""
    if exc.errno == errno.ENOSPC:
        return _WHAT[sqlite3.SQLITE_FULL]
    if exc.errno == errno.EROFS:
        return "the file system is read-only; use --data-dir DIR"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _WHAT[sqlite3.SQLITE_PERM]
    return exc.strerror or str(exc)
