"""``SqliteStore``: the session store on SQLite (stdlib ``sqlite3``).

Durability and concurrency, in short:

- WAL journal, ``synchronous=FULL``: a committed action survives ``kill -9`` and a power
  cut; a process killed mid-transaction leaves the database as it was before that
  transaction (at most the action in flight is lost).
- One short ``BEGIN IMMEDIATE`` transaction per call (per player action), a 10 s busy
  timeout: several dojo processes on one data directory wait for each other briefly
  instead of failing, and readers never block writers (WAL).
- No read-modify-write across transactions: an append is a conditional ``UPDATE``
  (this store owns the session, it is not finished, ``seq`` is the next number) and an
  ``INSERT`` in the same transaction. A session resumed by another process is taken over
  (``claim``); the first process then gets a clear error instead of interleaving actions.
- Only a damaged database (not a database, corrupt pages, failing ``quick_check``, a
  directory in its place) is renamed aside, never deleted, with its ``-wal``/``-shm``
  files; a fresh one is started and a warning says where the old one went
  (``store.warnings``).
- A full disk, an I/O error, a read-only file, directory or file system and a permission
  problem are not damage (:mod:`dojo.storage.sqlite_errors`): nothing is changed and a
  :class:`~dojo.storage.api.StoreError` says what is wrong.
- A database written by a newer dojo (``user_version`` above ours, read from the file's
  header before SQLite opens it, so even a read-only one) is refused before anything is
  written: :class:`~dojo.storage.api.NewerSchemaError`.

The connection is shared by the threads of one process (the TUI writes from workers)
behind a lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dojo.storage import filters, integrity, summary
from dojo.storage.api import NewerSchemaError, SessionStore, StoreError
from dojo.storage.filters import SessionFilter
from dojo.storage.paths import db_path
from dojo.storage.rows import Kind, Note, SessionRow, Source, iso
from dojo.storage.schema import MIGRATIONS, SCHEMA_VERSION
from dojo.storage.sqlite_errors import describe, describe_os, is_busy, is_damage

if TYPE_CHECKING:
    from dojo.coaching.report import ScoreReport
    from dojo.session.debrief import Debrief
    from dojo.session.record import Action, SessionRecord
    from dojo.storage.history import History

T = TypeVar("T")

BUSY_TIMEOUT_S = 10.0
MAX_NOTE_CHARS = 2000

_ROW_COLUMNS = """
    s.id, s.kind, s.source, s.scenario_id, s.title, s.seed, s.mode, s.started_at, s.updated_at, s.finished_at,
    s.abandoned, s.n_actions, s.score, s.crit_coverage, s.crit_order, s.crit_quality, s.crit_prediction,
    s.crit_go_see, s.target_met, s.cycles, s.coach_turns,
    (SELECT COUNT(*) FROM notes n WHERE n.session_id = s.id) AS n_notes, s.player, s.plan_id, s.plan_round
"""


def open_store(path: str | Path | None = None, *, timeout: float = BUSY_TIMEOUT_S) -> SqliteStore:
    """Open (creating or migrating) the store at ``path`` (default: the data directory's database)."""
    return SqliteStore(path, timeout=timeout)


_EXPECTED: dict[tuple[tuple[str, ...], ...], dict[str, set[str]]] = {}


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: {r[1] for r in conn.execute(f"PRAGMA table_info('{n}')")} for n in names}


def _layout_problem(conn: sqlite3.Connection) -> str | None:
    """A database that says it has our schema version but lacks a table or column we need (e.g. made
    by a development build) is not usable: say what is missing."""
    key = tuple(tuple(m) for m in MIGRATIONS)
    if key not in _EXPECTED:  # computed once from the migrations themselves
        ref = sqlite3.connect(":memory:")
        for statements in MIGRATIONS:
            for statement in statements:
                ref.execute(statement)
        _EXPECTED[key] = _tables(ref)
        ref.close()
    have = _tables(conn)
    for table, columns in _EXPECTED[key].items():
        if table not in have:
            return f"no table {table}"
        missing = sorted(columns - have[table])
        if missing:
            return f"table {table} has no column {missing[0]}"
    return None


class _Damaged(Exception):
    """The file opened but fails our checks (``quick_check``, the expected layout)."""


def _newer_error(path: Path, version: int) -> NewerSchemaError:
    return NewerSchemaError(
        f"{path}: this database was written by a newer version of the dojo (schema {version}; "
        f"this version knows up to {SCHEMA_VERSION}). Nothing was changed: upgrade the dojo, "
        "or use --data-dir DIR for a separate one"
    )


class SqliteStore(SessionStore):
    """See the module docstring. Implements :class:`dojo.storage.api.SessionStore`."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path) if path is not None else db_path()
        self.warnings: list[str] = []
        self._timeout = timeout
        self._lock = threading.RLock()
        self._owner = uuid.uuid4().hex
        self._conn: sqlite3.Connection | None = None
        self._wal_ino: int | None = None
        self._open()

    @property
    def location(self) -> str:
        return str(self.path)

    # -- opening -----------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file (or a device) where the directory should be: the path is wrong, not the disk
            raise StoreError(f"{self.path.parent}: not a directory; the data directory (--data-dir or DOJO_HOME) "
                             "must be a directory") from None
        except OSError as exc:
            raise StoreError(f"{self.path.parent}: cannot create the data directory: {describe_os(exc)}") from None
        self._refuse_newer()
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise StoreError(f"{self.path.parent}: the data directory is not writable (use --data-dir DIR)")
        problem = self._unusable_reason()
        if problem is None:
            try:
                self._conn = self._connect()
                return
            except NewerSchemaError:
                raise
            except _Damaged as exc:
                problem = str(exc)
            except sqlite3.Error as exc:
                if not is_damage(exc):
                    raise StoreError(f"{self.path}: {describe(exc)}; nothing was changed") from None
                problem = f"cannot be read ({' '.join(str(exc).split())[:160]})"
        kept = self._set_aside()
        self.warnings.append(
            f"{self.path}: the database {problem}; it was moved to {kept} and a fresh one was started"
        )
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot start a fresh database: {describe(exc)}") from None

    def _refuse_newer(self) -> None:
        """A newer database is refused first, whatever else is true of it (read-only, in a read-only directory)."""
        if not self.path.is_file():  # no file yet, or not one to open (a FIFO would block): said later
            return
        try:
            with open(self.path, "rb") as fh:
                header = fh.read(100)
        except OSError:
            return  # unreadable: said later
        if len(header) == 100 and header[:16] == b"SQLite format 3\x00":
            version = int.from_bytes(header[60:64], "big", signed=True)  # PRAGMA user_version lives in the header
            if version > SCHEMA_VERSION:
                raise _newer_error(self.path, version)

    def _unusable_reason(self) -> str | None:
        """Why the file is damaged (and may be set aside), or None. Raises StoreError for what is not
        damage (cannot be read, read-only), changing nothing."""
        p = self.path
        if not os.path.lexists(p):
            return None
        if p.is_dir():
            return "is a directory, not a file"
        if not p.is_file():
            return "is not a regular file"
        # Checked before SQLite opens it: SQLite would reset a -wal file next to a file it cannot read.
        try:
            with open(p, "rb") as fh:
                header = fh.read(100)
        except OSError as exc:
            raise StoreError(f"{p}: the database cannot be read ({describe_os(exc)}); nothing was changed") from None
        if header and header[:16] != b"SQLite format 3\x00":
            return "is not a database (unknown contents)"
        if not os.access(p, os.W_OK):
            raise StoreError(
                f"{p}: the database is read-only (permission denied or an immutable file); nothing was changed: "
                "make it writable or use --data-dir DIR"
            )
        return None

    def _set_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        base = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        target, n = base, 1
        while os.path.lexists(target):
            n += 1
            target = base.with_name(f"{base.name}-{n}")
        try:
            os.rename(self.path, target)
            for suffix in ("-wal", "-shm", "-journal"):
                extra = Path(f"{self.path}{suffix}")
                if os.path.lexists(extra):
                    os.rename(extra, f"{target}{suffix}")
        except OSError as exc:
            raise StoreError(
                f"{self.path}: the database cannot be read and cannot be moved aside ({exc.strerror or exc}); "
                "move it yourself or use --data-dir DIR"
            ) from None
        return target

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            # Read the version before writing anything: a newer database stays untouched.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _newer_error(self.path, version)
            if version > 0:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if rows != [("ok",)]:
                    first = str(rows[0][0]).strip().splitlines()[0][:120]
                    raise _Damaged(f"fails its integrity check ({first})")
            if version == SCHEMA_VERSION:
                problem = _layout_problem(conn)
                if problem:
                    raise _Damaged(f"has an unexpected layout for schema {version} ({problem})")
            self._retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            filters.register(conn)
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _retry_busy(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            if version > SCHEMA_VERSION:
                raise NewerSchemaError(f"{self.path}: this database was written by a newer version of the dojo")
            for target in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[target]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise StoreError("the session store is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                if is_busy(exc):
                    raise StoreError(
                        f"{self.path}: the database stayed busy for {self._timeout:.0f} s (another dojo is writing); "
                        "try again"
                    ) from None
                raise StoreError(f"{self.path}: {describe(exc)}") from None
            except UnicodeEncodeError:  # a lone surrogate (from a mis-decoded argument or file) cannot be stored
                raise StoreError("the text holds characters that are not valid Unicode; nothing was saved") from None
            except OverflowError:
                raise StoreError("a number is too large for the database") from None

    def _check_wal(self) -> None:
        """Deleting or replacing ``-wal`` while a dojo runs loses committed sessions (a SQLite hazard): the
        write-ahead log this connection uses is no longer the one other processes see. Noticed here, per
        transaction (one ``stat``), by the log's inode; nothing more is written through this connection."""
        try:
            ino = os.stat(f"{self.path}-wal").st_ino
        except OSError:
            ino = None
        if self._wal_ino is None:
            self._wal_ino = ino  # the log appears with the first write; a deletion before that cannot be told
        elif ino != self._wal_ino:
            raise StoreError(
                f"{self.path}-wal was deleted or replaced while the dojo was running: sessions saved since it "
                "started may be lost and nothing more is saved here; restart the dojo (never delete -wal or -shm "
                "while a dojo runs)"
            )

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._guard() as conn:
            self._check_wal()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _check_values(conn: sqlite3.Connection, session_id: str | None = None) -> None:
        """StoreError naming the session when a row holds a value no session can have (see :mod:`integrity`).

        Per session it is one indexed lookup per table, so it runs before every read of a session.
        Over all sessions (about 50 ms for 5,000) it runs only when reading a listing failed
        (:meth:`_listing`)."""
        bad = integrity.first_bad(conn, session_id)
        if bad is not None:
            raise StoreError(integrity.message(*bad))

    def _listing(self, conn: sqlite3.Connection, build: Callable[[], T]) -> T:
        """Build a listing over all sessions; a value that breaks it is found and named, not a traceback."""
        from pydantic import ValidationError

        try:
            return build()
        except (ValidationError, ValueError, TypeError, OverflowError, KeyError, ZeroDivisionError) as exc:
            self._check_values(conn)
            raise StoreError(
                f"{self.path}: a stored session holds a value this dojo cannot read ({type(exc).__name__})"
            ) from None

    @staticmethod
    def _load(session_id: str, what: str, build: Callable[[], T]) -> T:
        """Build a model from stored JSON or rows; a value that does not fit is one line naming the session."""
        from pydantic import ValidationError

        try:
            return build()
        except (ValidationError, ValueError, TypeError, OverflowError, KeyError):
            raise StoreError(integrity.message(session_id, what)) from None

    # -- playing ---------------------------------------------------------------------------------

    def create(
        self, record: SessionRecord, *, title: str = "", source: Source = "tui", session_id: str | None = None
    ) -> str:
        sid = session_id or uuid.uuid4().hex
        now = time.time()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO sessions (id, kind, source, scenario_id, title, scenario_digest, seed, mode, "
                "record_version, started_at, updated_at, owner, n_actions, scenario_sha256, "
                "player, plan_id, plan_round, plan_digest) "
                "VALUES (?, 'practice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, source, record.scenario_id, title, record.scenario_digest, record.seed, record.mode,
                 record.version, record.started_at, now, self._owner, len(record.actions),
                 self._keep_scenario(conn, record.scenario_text), *_tags(record, "")),
            )
            self._insert_actions(conn, sid, record.actions)
        return sid

    @staticmethod
    def _keep_scenario(conn: sqlite3.Connection, text: str | None) -> str | None:
        """Keep a session's copy of its scenario (once per distinct content); its key, or None without one."""
        if text is None:
            return None
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        conn.execute("INSERT OR IGNORE INTO scenarios (sha256, text) VALUES (?, ?)", (key, text))
        return key

    @staticmethod
    def _insert_actions(conn: sqlite3.Connection, sid: str, actions: list[Action], start: int = 0) -> None:
        conn.executemany(
            "INSERT INTO actions (session_id, seq, kind, at, text, label, heard) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sid, start + i, a.kind, a.at, a.text, a.label.value if a.label else None,
                    a.heard.model_dump_json() if a.heard else None,
                )
                for i, a in enumerate(actions)
            ],
        )

    def append(self, session_id: str, seq: int, action: Action) -> None:
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE sessions SET n_actions = n_actions + 1, updated_at = ? "
                "WHERE id = ? AND owner = ? AND finished_at IS NULL AND n_actions = ?",
                (time.time(), session_id, self._owner, seq),
            )
            if cur.rowcount != 1:
                raise self._why_not_appendable(conn, session_id, seq)
            self._insert_actions(conn, session_id, [action], start=seq)

    def _why_not_appendable(self, conn: sqlite3.Connection, session_id: str, seq: int) -> StoreError:
        row = conn.execute(
            "SELECT owner, finished_at, n_actions FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            return StoreError(f"session {session_id[:8]} is not in the store")
        owner, finished_at, n = row
        if finished_at is not None:
            return StoreError(f"session {session_id[:8]} has ended; it cannot be changed")
        if owner != self._owner:
            return StoreError(
                f"session {session_id[:8]} was resumed by another dojo; this copy stopped saving (nothing was lost)"
            )
        return StoreError(f"session {session_id[:8]}: expected action {n + 1}, got {seq + 1}")

    def finish(self, session_id: str, debrief: Debrief) -> None:
        report = debrief.score
        with self._tx() as conn:
            now = time.time()
            cur = conn.execute(
                "UPDATE sessions SET finished_at = ?, updated_at = ?, target_met = ? WHERE id = ? AND finished_at IS NULL",
                (now, now, int(debrief.outcome.target_met), session_id),
            )
            if cur.rowcount == 1:
                conn.execute(
                    "INSERT OR REPLACE INTO documents (session_id, debrief) VALUES (?, ?)",
                    (session_id, debrief.model_dump_json()),
                )
                self._store_summary(conn, session_id, report)

    def _store_summary(self, conn: sqlite3.Connection, sid: str, report: ScoreReport) -> None:
        c = report.criteria
        steps = {step: score for step, score, _ in summary.steps(report)}
        conn.execute(
            "UPDATE sessions SET score = ?, crit_coverage = ?, crit_order = ?, crit_quality = ?, "
            "crit_prediction = ?, crit_go_see = ?, cycles = ?, coach_turns = ?, n_turns = ?, "
            + ", ".join(f"step_{name} = ?" for name in summary.STEP_ORDER)
            + " WHERE id = ?",
            (report.score, c.coverage, c.order, c.quality, c.prediction, c.go_see, len(report.cycles),
             sum(1 for t in report.turns if t.speaker == "coach"), len(report.turns),
             *(steps.get(name) for name in summary.STEP_ORDER), sid),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO patterns (session_id, pattern, count) VALUES (?, ?, ?)",
            [(sid, k, n) for k, n in summary.patterns(report).items()],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO feedback (session_id, rank, kind, text) VALUES (?, ?, ?, ?)",
            [(sid, *row) for row in summary.feedback(report)],
        )

    def claim(self, session_id: str, *, actions: int | None = None) -> SessionRecord:
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE sessions SET owner = ?, abandoned = 0 WHERE id = ? AND kind = 'practice' AND finished_at IS NULL "
                "AND (? IS NULL OR n_actions = ?)",
                (self._owner, session_id, actions, actions),
            )
            if cur.rowcount != 1:
                row = conn.execute("SELECT finished_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
                if row is None:
                    raise StoreError(f"no session {session_id[:8]} in the store")
                if row[0] is None and actions is not None:
                    raise StoreError(
                        f"session {session_id[:8]} was continued in another dojo since it was listed; "
                        "start it again from home"
                    )
                raise StoreError(f"session {session_id[:8]} has ended; it cannot be resumed")
            return self._record(conn, session_id)

    def abandon(self, session_id: str) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE sessions SET abandoned = 1 WHERE id = ? AND finished_at IS NULL", (session_id,))

    def unfinished(
        self, *, player: str | None = None, plan: str | None = None, round: int | None = None
    ) -> list[SessionRow]:
        where, params = SessionFilter(player=player, plan=plan, round=round).sql("s")
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM sessions s WHERE s.finished_at IS NULL AND s.abandoned = 0 "
                f"AND s.kind = 'practice' AND s.n_actions > 0{where} ORDER BY s.updated_at DESC",
                params,
            ).fetchall()
            return self._listing(conn, lambda: [_row(r) for r in rows])

    # -- reading -----------------------------------------------------------------------------------

    def sessions(
        self,
        *,
        kind: Kind | None = None,
        limit: int | None = None,
        player: str | None = None,
        plan: str | None = None,
        round: int | None = None,
    ) -> list[SessionRow]:
        where, params = SessionFilter(kind=kind, player=player, plan=plan, round=round).sql("s")
        sql = f"SELECT {_ROW_COLUMNS} FROM sessions s WHERE 1 = 1{where} ORDER BY s.started_at DESC, s.id DESC"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = max(0, int(limit))
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
            return self._listing(conn, lambda: [_row(r) for r in reversed(rows)])

    def get(self, session_id: str) -> SessionRow:
        with self._guard() as conn:
            self._check_values(conn, session_id)
            r = conn.execute(f"SELECT {_ROW_COLUMNS} FROM sessions s WHERE s.id = ?", (session_id,)).fetchone()
        if r is None:
            raise StoreError(f"no session {session_id[:8]} in the store")
        return _row(r)

    def resolve(self, ref: str, *, finished: bool = False, player: str | None = None) -> str:
        """The id ``ref`` names: an id, a unique prefix, or ``last`` (with ``finished``: the last finished one;
        with ``player``: that player's)."""
        ref = ref.strip().lower()
        with self._guard() as conn:
            if ref == "last":
                whose, params = SessionFilter(player=player).sql()
                where = "AND finished_at IS NOT NULL " if finished else ""
                r = conn.execute(
                    f"SELECT id FROM sessions WHERE 1 = 1{whose} {where}ORDER BY updated_at DESC, started_at DESC LIMIT 1",
                    params,
                ).fetchone()
                if r is None and finished and conn.execute(
                    f"SELECT 1 FROM sessions WHERE 1 = 1{whose} LIMIT 1", params
                ).fetchone():
                    raise StoreError(f"no finished session yet in {self.path.parent} (give an id from 'dojo history')")
                if r is None and player is not None and conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchone():
                    raise StoreError(f"no sessions of {_whose(player)} in {self.path.parent} (see: dojo history --all-players)")
                if r is None:
                    raise StoreError(f"no sessions stored yet in {self.path.parent}")
                return r[0]
            if not ref or any(ch not in "0123456789abcdef" for ch in ref):
                raise StoreError(f"{ref or '(empty)'!r} is not a session id (use an id or prefix from 'dojo history', or 'last')")
            rows = conn.execute(
                "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (ref, ref + "g")
            ).fetchall()
        if not rows:
            raise StoreError(f"no session {ref!r} (see: dojo history)")
        if len(rows) > 1:
            raise StoreError(f"session prefix {ref!r} is ambiguous; give more characters")
        return rows[0][0]

    def record(self, session_id: str) -> SessionRecord:
        with self._guard() as conn:
            return self._record(conn, session_id)

    def _record(self, conn: sqlite3.Connection, session_id: str) -> SessionRecord:
        from dojo.session.record import Action, Heard, PlanTag, SessionRecord

        r = conn.execute(
            "SELECT s.kind, s.scenario_id, s.scenario_digest, s.seed, s.mode, s.started_at, s.record_version, "
            "s.scenario_sha256, c.text, s.player, s.plan_id, s.plan_round, s.plan_digest "
            "FROM sessions s LEFT JOIN scenarios c ON c.sha256 = s.scenario_sha256 "
            "WHERE s.id = ?",
            (session_id,),
        ).fetchone()
        if r is None:
            raise StoreError(f"no session {session_id[:8]} in the store")
        if r[0] != "practice":
            raise StoreError(f"session {session_id[:8]} is a scored real conversation: it has no replayable record")
        self._check_values(conn, session_id)
        if r[7] is not None and not isinstance(r[8], str):  # the copy is gone or not text
            raise StoreError(integrity.message(session_id, "scenarios.text"))
        actions = conn.execute(
            "SELECT kind, at, text, label, heard FROM actions WHERE session_id = ? ORDER BY seq", (session_id,)
        ).fetchall()
        return self._load(session_id, "actions", lambda: SessionRecord(
            version=r[6], scenario_id=r[1], scenario_digest=r[2], seed=r[3], mode=r[4], started_at=r[5],
            scenario_text=r[8], player=r[9],
            plan=PlanTag(plan_id=r[10], round=r[11], plan_digest=r[12]) if r[10] is not None else None,
            actions=[
                Action(
                    kind=k, at=at, text=text, label=label,
                    heard=Heard.model_validate_json(heard) if heard else None,
                )
                for k, at, text, label, heard in actions
            ],
        ))

    def debrief(self, session_id: str) -> Debrief | None:
        with self._guard() as conn:
            r = conn.execute("SELECT debrief FROM documents WHERE session_id = ?", (session_id,)).fetchone()
        if r is None or r[0] is None:
            return None
        from dojo.session.debrief import Debrief

        return self._load(session_id, "documents.debrief", lambda: Debrief.model_validate_json(r[0]))

    def report(self, session_id: str) -> ScoreReport | None:
        with self._guard() as conn:
            r = conn.execute("SELECT debrief, report FROM documents WHERE session_id = ?", (session_id,)).fetchone()
        if r is None:
            return None
        from dojo.coaching.report import ScoreReport

        if r[1] is not None:
            return self._load(session_id, "documents.report", lambda: ScoreReport.model_validate_json(r[1]))
        if r[0] is not None:
            return self._load(session_id, "documents.debrief",
                              lambda: ScoreReport.model_validate(json.loads(r[0])["score"]))
        return None

    def history(
        self,
        *,
        kind: Kind | None = None,
        recent: int = 10,
        buckets: int = 40,
        player: str | None = None,
        plan: str | None = None,
        round: int | None = None,
    ) -> History:
        from dojo.storage.history import build_history

        with self._guard() as conn:
            conn.execute("BEGIN")  # one consistent snapshot for all the aggregates
            try:
                return self._listing(conn, lambda: build_history(
                    conn, SessionFilter(kind=kind, player=player, plan=plan, round=round), recent=recent,
                    buckets=buckets,
                ))
            finally:
                conn.execute("COMMIT")

    # -- real conversations, notes, import -----------------------------------------------------------


    def insert_complete(
        self,
        *,
        kind: Kind,
        source: Source,
        title: str,
        record: SessionRecord | None,
        debrief: Debrief | None,
        report: ScoreReport | None,
        notes: list[tuple[int, str, str, float]],
        started_at: float,
        finished_at: float | None = None,
        player: str = "",
    ) -> str:
        sid = uuid.uuid4().hex
        now = time.time()
        if report is None and debrief is not None:
            report = debrief.score
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO sessions (id, kind, source, scenario_id, title, scenario_digest, seed, mode, "
                "record_version, started_at, updated_at, finished_at, owner, n_actions, target_met, scenario_sha256, "
                "player, plan_id, plan_round, plan_digest) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sid, kind, source,
                    record.scenario_id if record else "real",
                    title,
                    record.scenario_digest if record else "",
                    record.seed if record else None,
                    record.mode if record else "real",
                    record.version if record else 1,
                    started_at, now,
                    (finished_at or now) if report is not None else None,
                    len(record.actions) if record else 0,
                    int(debrief.outcome.target_met) if debrief else None,
                    self._keep_scenario(conn, record.scenario_text if record else None),
                    *_tags(record, player),
                ),
            )
            if report is not None:
                conn.execute(
                    "INSERT INTO documents (session_id, debrief, report) VALUES (?, ?, ?)",
                    (sid, debrief.model_dump_json() if debrief else None,
                     report.model_dump_json() if debrief is None else None),
                )
            if record is not None:
                self._insert_actions(conn, sid, record.actions)
            if report is not None:
                self._store_summary(conn, sid, report)
            for turn, text, author, at in notes:
                conn.execute(
                    "INSERT INTO notes (session_id, turn, text, author, at) VALUES (?, ?, ?, ?, ?)",
                    (sid, turn, text, author, at),
                )
        return sid

    def add_note(self, session_id: str, turn: int, text: str, *, author: str = "") -> Note:
        text = text.strip()
        if not text:
            raise StoreError("the note is empty")
        if len(text) > MAX_NOTE_CHARS:
            raise StoreError(f"the note is {len(text):,} characters long (the limit is {MAX_NOTE_CHARS:,})")
        if turn < 0:
            raise StoreError("turn numbers start at 1")
        now = time.time()
        with self._tx() as conn:
            r = conn.execute("SELECT n_turns FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if r is None:
                raise StoreError(f"no session {session_id[:8]} in the store")
            if r[0] is not None and turn >= r[0]:
                raise StoreError(f"session {session_id[:8]} has {r[0]} turns; there is no turn {turn + 1}")
            cur = conn.execute(
                "INSERT INTO notes (session_id, turn, text, author, at) VALUES (?, ?, ?, ?, ?)",
                (session_id, turn, text, author.strip(), now),
            )
            note_id = cur.lastrowid
        return Note(id=int(note_id or 0), session_id=session_id, turn=turn, text=text, author=author.strip(), at=now)

    def notes(self, session_id: str) -> list[Note]:
        with self._guard() as conn:
            self._check_values(conn, session_id)
            rows = conn.execute(
                "SELECT id, session_id, turn, text, author, at FROM notes WHERE session_id = ? ORDER BY turn, at, id",
                (session_id,),
            ).fetchall()
        return [Note(id=r[0], session_id=r[1], turn=r[2], text=r[3], author=r[4], at=r[5]) for r in rows]

    def delete(self, session_id: str) -> None:
        """Remove a session and everything kept with it, in one transaction (StoreError if it is not there)."""
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise StoreError(f"no session {session_id[:8]} in the store")
            for table in ("notes", "feedback", "patterns", "actions", "documents"):  # not only ON DELETE CASCADE:
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))  # rows may predate it
            key = conn.execute("SELECT scenario_sha256 FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            if key is not None:  # the scenario copy goes with the last session that kept it
                conn.execute(
                    "DELETE FROM scenarios WHERE sha256 = ? AND NOT EXISTS "
                    "(SELECT 1 FROM sessions WHERE scenario_sha256 = ?)", (key, key),
                )

    def delete_note(self, note_id: int) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    # -- for tools and tests -----------------------------------------------------------------------

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only query (benchmarks and tests)."""
        with self._guard() as conn:
            return conn.execute(sql, params).fetchall()


def _row(r: tuple[Any, ...]) -> SessionRow:
    (sid, kind, source, scenario, title, seed, mode, started_at, updated_at, finished_at, abandoned, n_actions,
     score, cov, order, quality, prediction, go_see, target_met, cycles, coach_turns, n_notes, player, plan_id,
     plan_round) = r
    criteria = None
    if cov is not None:
        criteria = {"coverage": cov, "order": order, "quality": quality, "prediction": prediction, "go_see": go_see}
    return SessionRow(
        id=sid, kind=kind, source=source, scenario=scenario, title=title, seed=seed, mode=mode,
        started=iso(started_at), started_at=started_at, updated_at=updated_at, finished=finished_at is not None,
        finished_at=finished_at, abandoned=bool(abandoned), actions=n_actions, score=score, criteria=criteria,
        target_met=None if target_met is None else bool(target_met), cycles=cycles, coach_turns=coach_turns,
        notes=n_notes, player=player, plan_id=plan_id, plan_round=plan_round,
    )


def _tags(record: SessionRecord | None, player: str) -> tuple[str, str | None, int | None, str]:
    """The player and plan columns of a session: from its record (``player`` for one without a record)."""
    if record is None:
        return player, None, None, ""
    plan = record.plan
    return record.player, plan.plan_id if plan else None, plan.round if plan else None, plan.plan_digest if plan else ""


def _whose(player: str) -> str:
    from dojo.players import NO_PLAYER
    from dojo.terminal import clean

    return clean(player) if player else NO_PLAYER
