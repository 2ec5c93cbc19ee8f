"""The store interface: everything the game, the CLI and the recorder need from wherever sessions live.

``SessionStore`` is the one :class:`typing.Protocol` for keeping sessions, so another SQL
database (or a fake in a test) can replace :class:`dojo.storage.sqlite.SqliteStore` without
inheriting from it. Rows crossing the boundary are pydantic models (:mod:`dojo.storage.rows`).
A session being played is saved by :class:`dojo.storage.recorder.SessionRecorder` (headless
and in the game alike), which calls the playing verbs (``create``, ``append``, ``finish``,
``claim``) as the engine's events arrive.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from dojo.errors import UserError
from dojo.storage.rows import Kind, Note, SessionRow, Source

if TYPE_CHECKING:
    from dojo.coaching.report import ScoreReport
    from dojo.session.debrief import Debrief
    from dojo.session.record import Action, SessionRecord
    from dojo.storage.history import History


class StoreError(UserError):
    """The store cannot do what was asked (damaged database, session taken over, unknown id…)."""


class NewerSchemaError(StoreError):
    """The database was written by a newer version of the dojo; nothing was changed."""


@runtime_checkable
class SessionStore(Protocol):
    """Everything the dojo keeps about sessions. Implementations must be safe to use from
    several processes at once; each method is one short transaction."""

    #: Things the user should be told once (e.g. a damaged database was set aside).
    warnings: list[str]

    @property
    def location(self) -> str:
        """Where the data lives, for messages."""
        ...

    # -- playing: one call per engine call ----------------------------------------------

    def create(
        self, record: SessionRecord, *, title: str = "", source: Source = "tui", session_id: str | None = None
    ) -> str:
        """Start keeping a session (with any actions it already has); returns its id (``session_id``
        when given: a new hex id). This store instance owns it: only the owner may append."""
        ...

    def append(self, session_id: str, seq: int, action: Action) -> None:
        """Save action number ``seq`` (0-based). One transaction; raises StoreError when the
        session is finished, owned by another player (resumed elsewhere) or ``seq`` is not the next."""
        ...

    def finish(self, session_id: str, debrief: Debrief) -> None:
        """Mark the session finished and keep its score, summary columns and debrief."""
        ...

    def claim(self, session_id: str, *, actions: int | None = None) -> SessionRecord:
        """Take over an unfinished session (to resume it) and return its record. With ``actions``,
        only if it still has that many (it was not continued elsewhere since it was listed);
        StoreError, changing nothing, otherwise."""
        ...

    def abandon(self, session_id: str) -> None:
        """Stop offering an unfinished session for resuming (it stays in the store)."""
        ...

    def unfinished(
        self, *, player: str | None = None, plan: str | None = None, round: int | None = None
    ) -> list[SessionRow]:
        """Unfinished, not abandoned sessions with at least one action, newest first (``player``, ``plan``,
        ``round``: only those, as in :meth:`sessions`)."""
        ...

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
        """Sessions, oldest first (the last ``limit`` when given). ``player``: only that player's (compared
        as :func:`dojo.players.key` does; ``""``: those saved without a player); ``plan`` and ``round``:
        only those played for that plan id and round. ``None`` selects everything
        (:class:`dojo.storage.filters.SessionFilter`)."""
        ...

    def get(self, session_id: str) -> SessionRow: ...

    def resolve(self, ref: str, *, finished: bool = False, player: str | None = None) -> str:
        """A full id from an id, a unique prefix, or ``last`` (with ``finished``: the last finished one; with
        ``player``: that player's last); StoreError otherwise."""
        ...

    def record(self, session_id: str) -> SessionRecord:
        """The session's record (practice sessions; a real conversation has none)."""
        ...

    def debrief(self, session_id: str) -> Debrief | None: ...

    def report(self, session_id: str) -> ScoreReport | None: ...

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
        """Progress over time of the sessions :meth:`sessions` would list, aggregated by the database (no replaying)."""
        ...

    # -- real conversations, notes, import ---------------------------------------------------

    def save_real(
        self, report: ScoreReport, *, title: str, started_at: float | None = None, player: str = ""
    ) -> str:
        """Keep a scored real conversation (``dojo score --save``): a finished session with no record,
        kept under ``player``."""
        now = time.time()
        return self.insert_complete(
            kind="real", source="score", title=title, record=None, debrief=None, report=report, notes=[],
            started_at=now if started_at is None else started_at, finished_at=now, player=player,
        )

    def add_note(self, session_id: str, turn: int, text: str, *, author: str = "") -> Note: ...

    def notes(self, session_id: str) -> list[Note]: ...

    def delete_note(self, note_id: int) -> None: ...

    def delete(self, session_id: str) -> None:
        """Remove a session with its actions, debrief, summary and notes (one transaction)."""
        ...

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
        """Insert a whole session in one transaction (import); returns its new id. Its player and plan
        round are the record's; ``player`` names the player of a session without a record (a real conversation)."""
        ...

    def close(self) -> None: ...
