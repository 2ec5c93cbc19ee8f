"""A store that keeps sessions in memory: the second implementation of ``SessionStore``.

It exists so that the store contract (``tests/storage/test_contract.py``) is a contract and
not a description of SQLite, and for tests that want a store without a file. Several
:class:`MemoryStore` handles on one :class:`MemoryPlace` stand for several dojos on one
database: each handle owns the sessions it created or claimed, as with SQLite.

History is aggregated by the same SQL as SQLite's (:func:`dojo.storage.history.build_history`),
run on a throwaway in-memory database filled with the summary rows: what progress means is
defined once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dojo.storage import filters, summary
from dojo.storage.api import SessionStore, StoreError
from dojo.storage.filters import SessionFilter
from dojo.storage.rows import Kind, Note, SessionRow, Source, iso
from dojo.storage.schema import MIGRATIONS
from dojo.storage.sqlite import MAX_NOTE_CHARS

if TYPE_CHECKING:
    from dojo.coaching.report import ScoreReport
    from dojo.session.debrief import Debrief
    from dojo.session.record import Action, SessionRecord
    from dojo.storage.history import History


@dataclass
class _Kept:
    """One session as the place keeps it."""

    id: str
    kind: Kind
    source: str
    record: SessionRecord | None  # practice sessions; its actions are the saved ones
    title: str
    started_at: float
    updated_at: float
    owner: str | None
    finished_at: float | None = None
    abandoned: bool = False
    target_met: bool | None = None
    debrief: Debrief | None = None
    report: ScoreReport | None = None  # a real conversation's (a practice session's is its debrief's)
    real_player: str = ""  # a real conversation's player (a practice session's is its record's)

    @property
    def scored(self) -> ScoreReport | None:
        return self.debrief.score if self.debrief is not None else self.report

    @property
    def actions(self) -> int:
        return len(self.record.actions) if self.record is not None else 0

    @property
    def player(self) -> str:
        return self.record.player if self.record is not None else self.real_player

    @property
    def plan_id(self) -> str | None:
        return self.record.plan.plan_id if self.record is not None and self.record.plan is not None else None

    @property
    def plan_round(self) -> int | None:
        return self.record.plan.round if self.record is not None and self.record.plan is not None else None

    def chosen(self, by: SessionFilter) -> bool:
        return by.matches(kind=self.kind, player=self.player, plan=self.plan_id, round=self.plan_round)


@dataclass
class MemoryPlace:
    """Where in-memory sessions live, shared by the handles opened on it."""

    sessions: dict[str, _Kept] = field(default_factory=dict)
    notes: dict[int, Note] = field(default_factory=dict)
    next_note: int = 1
    lock: threading.RLock = field(default_factory=threading.RLock)


class MemoryStore(SessionStore):
    """See the module docstring. Implements :class:`dojo.storage.api.SessionStore`."""

    def __init__(self, place: MemoryPlace | None = None) -> None:
        self.place = place if place is not None else MemoryPlace()
        self.warnings: list[str] = []
        self._owner = uuid.uuid4().hex

    @property
    def location(self) -> str:
        return "memory"

    def _kept(self, session_id: str) -> _Kept:
        s = self.place.sessions.get(session_id)
        if s is None:
            raise StoreError(f"no session {session_id[:8]} in the store")
        return s

    # -- playing ------------------------------------------------------------------------------

    def create(
        self, record: SessionRecord, *, title: str = "", source: Source = "tui", session_id: str | None = None
    ) -> str:
        sid = session_id or uuid.uuid4().hex
        now = time.time()
        with self.place.lock:
            if sid in self.place.sessions:
                raise StoreError(f"session {sid[:8]} is already in the store")
            self.place.sessions[sid] = _Kept(
                id=sid, kind="practice", source=source, record=record.model_copy(deep=True), title=title,
                started_at=record.started_at, updated_at=now, owner=self._owner,
            )
        return sid

    def append(self, session_id: str, seq: int, action: Action) -> None:
        with self.place.lock:
            s = self._kept(session_id)
            if s.finished_at is not None:
                raise StoreError(f"session {session_id[:8]} has ended; it cannot be changed")
            if s.owner != self._owner:
                raise StoreError(
                    f"session {session_id[:8]} was resumed by another dojo; this copy stopped saving (nothing was lost)"
                )
            if s.record is None or s.actions != seq:
                raise StoreError(f"session {session_id[:8]}: expected action {s.actions + 1}, got {seq + 1}")
            s.record.actions.append(action.model_copy(deep=True))
            s.updated_at = time.time()

    def finish(self, session_id: str, debrief: Debrief) -> None:
        with self.place.lock:
            s = self._kept(session_id)
            if s.finished_at is None:
                s.finished_at = s.updated_at = time.time()
                s.target_met, s.debrief = debrief.outcome.target_met, debrief

    def claim(self, session_id: str, *, actions: int | None = None) -> SessionRecord:
        with self.place.lock:
            s = self._kept(session_id)
            if s.kind != "practice" or s.finished_at is not None or s.record is None:
                raise StoreError(f"session {session_id[:8]} has ended; it cannot be resumed")
            if actions is not None and s.actions != actions:
                raise StoreError(
                    f"session {session_id[:8]} was continued in another dojo since it was listed; "
                    "start it again from home"
                )
            s.owner, s.abandoned = self._owner, False
            return s.record.model_copy(deep=True)

    def abandon(self, session_id: str) -> None:
        with self.place.lock:
            s = self.place.sessions.get(session_id)
            if s is not None and s.finished_at is None:
                s.abandoned = True

    def unfinished(
        self, *, player: str | None = None, plan: str | None = None, round: int | None = None
    ) -> list[SessionRow]:
        by = SessionFilter(player=player, plan=plan, round=round)
        with self.place.lock:
            open_ = [s for s in self.place.sessions.values()
                     if s.finished_at is None and not s.abandoned and s.kind == "practice" and s.actions > 0
                     and s.chosen(by)]
            return [self._row(s) for s in sorted(open_, key=lambda s: s.updated_at, reverse=True)]

    # -- reading ------------------------------------------------------------------------------

    def sessions(
        self,
        *,
        kind: Kind | None = None,
        limit: int | None = None,
        player: str | None = None,
        plan: str | None = None,
        round: int | None = None,
    ) -> list[SessionRow]:
        by = SessionFilter(kind=kind, player=player, plan=plan, round=round)
        with self.place.lock:
            kept = sorted((s for s in self.place.sessions.values() if s.chosen(by)),
                          key=lambda s: (s.started_at, s.id))
            if limit is not None:
                kept = kept[len(kept) - max(0, int(limit)):] if limit > 0 else []
            return [self._row(s) for s in kept]

    def get(self, session_id: str) -> SessionRow:
        with self.place.lock:
            return self._row(self._kept(session_id))

    def resolve(self, ref: str, *, finished: bool = False, player: str | None = None) -> str:
        ref = ref.strip().lower()
        with self.place.lock:
            kept = list(self.place.sessions.values())
        if ref == "last":
            whose = [s for s in kept if s.chosen(SessionFilter(player=player))]
            pool = [s for s in whose if s.finished_at is not None] if finished else whose
            if not pool and finished and whose:
                raise StoreError(f"no finished session yet in {self.location} (give an id from 'dojo history')")
            if not pool and player is not None and kept:
                from dojo.players import shown

                raise StoreError(f"no sessions of {shown(player)} in {self.location} (see: dojo history --all-players)")
            if not pool:
                raise StoreError(f"no sessions stored yet in {self.location}")
            return max(pool, key=lambda s: (s.updated_at, s.started_at)).id
        if not ref or any(ch not in "0123456789abcdef" for ch in ref):
            raise StoreError(f"{ref or '(empty)'!r} is not a session id (use an id or prefix from 'dojo history', or 'last')")
        found = sorted(s.id for s in kept if s.id.startswith(ref))
        if not found:
            raise StoreError(f"no session {ref!r} (see: dojo history)")
        if len(found) > 1:
            raise StoreError(f"session prefix {ref!r} is ambiguous; give more characters")
        return found[0]

    def record(self, session_id: str) -> SessionRecord:
        with self.place.lock:
            s = self._kept(session_id)
            if s.record is None:
                raise StoreError(f"session {session_id[:8]} is a scored real conversation: it has no replayable record")
            return s.record.model_copy(deep=True)

    def debrief(self, session_id: str) -> Debrief | None:
        with self.place.lock:
            s = self.place.sessions.get(session_id)
            return s.debrief if s is not None else None

    def report(self, session_id: str) -> ScoreReport | None:
        with self.place.lock:
            s = self.place.sessions.get(session_id)
            return s.scored if s is not None else None

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

        with self.place.lock:
            kept = list(self.place.sessions.values())
        conn = sqlite3.connect(":memory:")
        filters.register(conn)
        try:
            for statements in MIGRATIONS:
                for statement in statements:
                    conn.execute(statement)
            for s in kept:
                _summary_rows(conn, s)
            return build_history(
                conn, SessionFilter(kind=kind, player=player, plan=plan, round=round), recent=recent,
                buckets=buckets,
            )
        finally:
            conn.close()

    # -- real conversations, notes, import -------------------------------------------------


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
        scored = report if report is not None else (debrief.score if debrief is not None else None)
        with self.place.lock:
            self.place.sessions[sid] = _Kept(
                id=sid, kind=kind, source=source, record=record.model_copy(deep=True) if record else None,
                title=title, started_at=started_at, updated_at=now, owner=None,
                finished_at=(finished_at or now) if scored is not None else None,
                target_met=debrief.outcome.target_met if debrief else None,
                debrief=debrief, report=report if debrief is None else None,
                real_player=player if record is None else "",
            )
            for turn, text, author, at in notes:
                self._note(sid, turn, text, author, at)
        return sid

    def add_note(self, session_id: str, turn: int, text: str, *, author: str = "") -> Note:
        text = text.strip()
        if not text:
            raise StoreError("the note is empty")
        if len(text) > MAX_NOTE_CHARS:
            raise StoreError(f"the note is {len(text):,} characters long (the limit is {MAX_NOTE_CHARS:,})")
        if turn < 0:
            raise StoreError("turn numbers start at 1")
        with self.place.lock:
            s = self._kept(session_id)
            turns = len(s.scored.turns) if s.scored is not None else None
            if turns is not None and turn >= turns:
                raise StoreError(f"session {session_id[:8]} has {turns} turns; there is no turn {turn + 1}")
            return self._note(session_id, turn, text, author.strip(), time.time())

    def _note(self, session_id: str, turn: int, text: str, author: str, at: float) -> Note:
        note = Note(id=self.place.next_note, session_id=session_id, turn=turn, text=text, author=author, at=at)
        self.place.notes[note.id] = note
        self.place.next_note += 1
        return note

    def notes(self, session_id: str) -> list[Note]:
        with self.place.lock:
            return sorted((n for n in self.place.notes.values() if n.session_id == session_id),
                          key=lambda n: (n.turn, n.at, n.id))

    def delete_note(self, note_id: int) -> None:
        with self.place.lock:
            self.place.notes.pop(note_id, None)

    def delete(self, session_id: str) -> None:
        with self.place.lock:
            self._kept(session_id)
            del self.place.sessions[session_id]
            for note_id in [n.id for n in self.place.notes.values() if n.session_id == session_id]:
                del self.place.notes[note_id]

    def close(self) -> None:
        """Nothing to release: the place lives as long as someone holds it."""

    # -- rows -------------------------------------------------------------------------------

    def _row(self, s: _Kept) -> SessionRow:
        report = s.scored
        r = s.record
        return SessionRow(
            id=s.id, kind=s.kind, source=s.source, scenario=r.scenario_id if r else "real", title=s.title,
            seed=r.seed if r else None, mode=r.mode if r else "real", started=iso(s.started_at),
            started_at=s.started_at, updated_at=s.updated_at, finished=s.finished_at is not None,
            finished_at=s.finished_at, abandoned=s.abandoned, actions=s.actions,
            score=report.score if report is not None else None,
            criteria=report.criteria.model_dump(exclude={"listening"}) if report is not None else None,
            target_met=s.target_met, cycles=len(report.cycles) if report is not None else None,
            coach_turns=sum(1 for t in report.turns if t.speaker == "coach") if report is not None else None,
            notes=sum(1 for n in self.place.notes.values() if n.session_id == s.id),
            player=s.player, plan_id=s.plan_id, plan_round=s.plan_round,
        )


def _summary_rows(conn: sqlite3.Connection, s: _Kept) -> None:
    """The rows history aggregates, for one kept session (the columns build_history reads)."""
    report = s.scored
    steps = {step: score for step, score, _ in summary.steps(report)} if report is not None else {}
    columns = ["id", "kind", "source", "scenario_id", "started_at", "updated_at", "finished_at", "abandoned",
               "n_actions", "score", "player", "plan_id", "plan_round", *(f"step_{name}" for name in summary.STEP_ORDER)]
    values = [s.id, s.kind, s.source, s.record.scenario_id if s.record else "real", s.started_at, s.updated_at,
              s.finished_at, int(s.abandoned), s.actions, report.score if report is not None else None,
              s.player, s.plan_id, s.plan_round, *(steps.get(name) for name in summary.STEP_ORDER)]
    conn.execute(f"INSERT INTO sessions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)
    if report is not None:
        conn.executemany("INSERT INTO patterns (session_id, pattern, count) VALUES (?, ?, ?)",
                         [(s.id, k.value, n) for k, n in summary.patterns(report).items()])
        conn.executemany("INSERT INTO feedback (session_id, rank, kind, text) VALUES (?, ?, ?, ?)",
                         [(s.id, *row) for row in summary.feedback(report)])
