"""Rows that pass SQLite's ``quick_check`` but hold values no session can have.

SQLite keeps any value in any column (a ``'abc'`` start time, a score of ``1e300``, a
title stored as bytes); ``quick_check`` does not look. The dojo checks the values it is
about to read with one query per table, so a bad row becomes one line naming the session
and how to remove it, instead of a traceback in history, exports or the progress screen.
A session's own rows are checked before it is read (indexed lookups); the summary tables
of all sessions only when a listing could not be read (a full scan: ~50 ms for 5,000).
"""

from __future__ import annotations

import sqlite3

from dojo.players import MAX_NAME
from dojo.storage.limits import TIME_RANGE
from dojo.storage.summary import STEP_ORDER

_NUM = "typeof({c}) NOT IN ('integer', 'real')"
_TIME = f"({_NUM} OR {{c}} NOT BETWEEN {TIME_RANGE[0]} AND {TIME_RANGE[1]})"
_OPT_TIME = f"({{c}} IS NOT NULL AND {_TIME})"
_PCT = f"({{c}} IS NOT NULL AND ({_NUM} OR {{c}} NOT BETWEEN 0 AND 100))"
_INT = "(typeof({c}) != 'integer')"
_OPT_INT = "({c} IS NOT NULL AND typeof({c}) != 'integer')"
_COUNT = "(typeof({c}) != 'integer' OR {c} < 0)"
_OPT_COUNT = "({c} IS NOT NULL AND (typeof({c}) != 'integer' OR {c} < 0))"
_TEXT = "(typeof({c}) != 'text')"
_OPT_TEXT = "({c} IS NOT NULL AND typeof({c}) != 'text')"

#: table -> (column holding the session id, [(column, condition that makes it bad)])
CHECKS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "sessions": ("id", [
        ("id", _TEXT), ("kind", _TEXT), ("source", _TEXT), ("scenario_id", _TEXT), ("title", _TEXT),
        ("scenario_digest", _TEXT), ("mode", _TEXT), ("seed", _OPT_INT), ("record_version", _INT),
        ("started_at", _TIME), ("updated_at", _TIME), ("finished_at", _OPT_TIME), ("abandoned", _INT),
        ("n_actions", _COUNT), ("n_turns", _OPT_COUNT), ("score", f"({_OPT_INT} OR {{c}} NOT BETWEEN 0 AND 100)"),
        *((f"crit_{k}", _PCT) for k in ("coverage", "order", "quality", "prediction", "go_see")),
        ("target_met", _OPT_INT), ("cycles", _OPT_COUNT), ("coach_turns", _OPT_COUNT),
        *((f"step_{s}", _PCT) for s in STEP_ORDER), ("scenario_sha256", _OPT_TEXT),
        ("player", f"({_TEXT} OR length({{c}}) > {MAX_NAME})"), ("plan_id", _OPT_TEXT),
        ("plan_round", "({c} IS NOT NULL AND (typeof({c}) != 'integer' OR {c} NOT BETWEEN 1 AND 50))"),
        ("plan_digest", _TEXT),
    ]),
    "actions": ("session_id", [("seq", _COUNT), ("kind", _TEXT), ("at", _TIME), ("text", _TEXT),
                               ("label", _OPT_TEXT), ("heard", _OPT_TEXT)]),
    "documents": ("session_id", [("debrief", _OPT_TEXT), ("report", _OPT_TEXT)]),
    "patterns": ("session_id", [("pattern", _TEXT), ("count", _COUNT)]),
    "feedback": ("session_id", [("rank", _INT), ("kind", _TEXT), ("text", _TEXT)]),
    "notes": ("session_id", [("turn", _COUNT), ("text", _TEXT), ("author", _TEXT), ("at", _TIME)]),
}


def _query(table: str, key: str, checks: list[tuple[str, str]], one: bool) -> str:
    cases = " ".join(f"WHEN {cond.format(c=col)} THEN '{col}'" for col, cond in checks)
    where = f" WHERE {key} = ?" if one else ""
    return f"SELECT * FROM (SELECT {key}, CASE {cases} END AS bad FROM {table}{where}) WHERE bad IS NOT NULL LIMIT 1"


_QUERIES = {(t, one): _query(t, key, checks, one) for t, (key, checks) in CHECKS.items() for one in (False, True)}


#: What history and the session lists read of every session; a session's own rows are checked when it is read.
SUMMARY_TABLES = ("sessions", "patterns", "feedback")


def first_bad(conn: sqlite3.Connection, session_id: str | None = None) -> tuple[str, str] | None:
    """The first (session id, ``table.column``) holding a value no session can have, or None.

    Without ``session_id`` only the summary tables are scanned (they are small: one row per
    session, a few per pattern); with it, every table, for that session's rows only."""
    for table in CHECKS if session_id is not None else SUMMARY_TABLES:
        sql = _QUERIES[(table, session_id is not None)]
        row = conn.execute(sql, (session_id,) if session_id is not None else ()).fetchone()
        if row is not None:
            sid = row[0] if isinstance(row[0], str) else repr(row[0])
            return sid, f"{table}.{row[1]}"
    return None


def message(sid: str, where: str) -> str:
    short = sid[:8]
    return f"session {short} holds a value no session can have ({where}); remove it with: dojo delete {short}"
