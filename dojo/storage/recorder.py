"""The one recorder: keeps a played :class:`~dojo.session.engine.Session` in a store, driven by its events.

Headless play, the interactive protocol and the game all save through :class:`SessionRecorder`:

- it subscribes to the session's events. The engine appends an action to
  ``session.record`` *before* it publishes that call's events, so the first event of each
  engine call hands the new action to the store, and
  :class:`~dojo.session.events.SessionEnded` hands over the debrief the engine built
  (nothing is replayed to rebuild it);
- the session is written with its first action, so a session left without a word leaves
  nothing behind; its id is known from the start (``session_id``);
- ``submit`` decides where the writes run. By default at once, on the engine's thread (a
  headless command: a failed write raises out of the engine call). The game passes a
  single-thread executor: writes keep their order, off the screen's thread; what is
  handed over is copied first, so the engine may go on meanwhile.
- the first failure stops saving; with ``on_error`` it is reported there once (the game
  goes on), without it is raised.

Replaying is needed in two places only, both here: resuming
(:meth:`SessionRecorder.resume`: a session is its actions, so restoring it is replaying
them) and listing what can be resumed (:func:`resumable`: a session killed after its last
cycle ended but before its debrief was stored is finished from the replay instead of
being offered again).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dojo.errors import UserError
from dojo.storage.api import SessionStore, StoreError
from dojo.storage.played import copy_of, played
from dojo.storage.rows import Source

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.scenarios.models import Scenario
    from dojo.session import events as ev
    from dojo.session.debrief import Debrief
    from dojo.session.engine import Session
    from dojo.session.record import Action, SessionRecord

#: A write for the store; ``Submit`` runs it (now, or queued on the store's thread).
Job = Callable[[], None]
Submit = Callable[[Job], object]


def run_now(job: Job) -> None:
    job()


@dataclass(frozen=True, slots=True)
class SavedSession:
    """An unfinished session the player can continue."""

    session_id: str
    record: SessionRecord
    title: str = ""


@dataclass
class Resumed:
    """A session rebuilt from the store, with its recorder attached."""

    session: Session
    recorder: SessionRecorder
    scenario_changed: bool  # the scenario file on offer changed since the session was played
    note: str | None = None  # for the player, when it did: what the session replays on


class SessionRecorder:
    def __init__(
        self,
        store: SessionStore,
        session: Session,
        *,
        session_id: str | None = None,
        saved: int = 0,
        source: Source = "tui",
        submit: Submit = run_now,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """``saved``: how many of the session's actions the store already has (a resumed one: all)."""
        self.store = store
        self.session = session
        self.session_id = session_id or uuid.uuid4().hex
        self.saved = saved  # actions of session.record handed to the store
        self.created = saved > 0  # the session's row is (or is being) written
        self.finished = False
        self.error: str | None = None
        self._title = session.scenario.title
        self._source = source
        self._submit = submit
        self._on_error = on_error
        session.subscribe(self._on_event)

    # -- making one -------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: SessionStore,
        session: Session,
        *,
        source: Source = "tui",
        submit: Submit = run_now,
        on_error: Callable[[str], None] | None = None,
    ) -> SessionRecorder:
        """Keep ``session`` from now on (with any actions it already has: written at once); its record
        says who plays it and for which plan round (:class:`dojo.session.engine.Session`'s ``player``, ``plan``)."""
        rec = cls(store, session, source=source, submit=submit, on_error=on_error)
        if session.record.actions:
            rec._hand_over(None)
        if session.ended:  # no SessionEnded will come: it was published before the recorder existed
            rec._hand_over(_debrief(session))
        return rec

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: str,
        *,
        listed: int | None = None,
        scenario: Scenario | None = None,
        classifier: Classifier | None = None,
        clock: Callable[[], float] = time.time,
        submit: Submit = run_now,
        on_error: Callable[[str], None] | None = None,
    ) -> Resumed:
        """Take over an unfinished session and rebuild it exactly (replay), on the scenario as played
        (the copy kept with it; ``scenario``: the one on offer, to tell whether its file changed since).

        ``listed``: the number of actions it had when it was offered; if another dojo has
        continued it since, StoreError and nothing is taken over."""
        from dojo.session.engine import Session

        record = store.claim(session_id, actions=listed)
        try:
            scenario_as_played = played(record, on_offer=scenario)
        except UserError as exc:
            raise StoreError(f"cannot continue session {session_id[:8]}: {exc}") from None
        session = Session.restore(record, scenario_as_played.scenario, classifier=classifier, clock=clock)
        rec = cls(store, session, session_id=session_id, saved=len(record.actions), submit=submit, on_error=on_error)
        if session.ended:  # killed between its last action and storing the debrief: finish it now
            rec._hand_over(_debrief(session))
        return Resumed(session, rec, scenario_changed=scenario_as_played.changed, note=scenario_as_played.note)

    @property
    def written(self) -> bool:
        """The store has the session (once the handed-over writes ran) and saving has not stopped."""
        return self.created and self.error is None

    # -- saving -------------------------------------------------------------------------------------

    def _on_event(self, event: ev.Event) -> None:
        from dojo.session import events as ev

        debrief = event.debrief if isinstance(event, ev.SessionEnded) else None
        if debrief is not None or self.saved < len(self.session.record.actions):
            self._hand_over(debrief)

    def _hand_over(self, debrief: Debrief | None) -> None:
        """Copy what the store lacks (new actions, the debrief) now; write it where ``submit`` says."""
        if self.error is not None or self.finished:
            return
        actions = list(self.session.record.actions)
        record: SessionRecord | None = None
        start, new = self.saved, actions[self.saved :]
        if not self.created:
            record = self.session.record.model_copy(update={"actions": actions})
            start, new = len(actions), []
            self.created = True
        self.saved = len(actions)
        if debrief is not None:
            self.finished = True
        self._submit(lambda: self._write(record, start, new, debrief))

    def _write(
        self, record: SessionRecord | None, start: int, new: list[Action], debrief: Debrief | None
    ) -> None:
        if self.error is not None:
            return
        try:
            if record is not None:  # with a copy of its scenario (made here: off the game's thread)
                record = record.model_copy(update={"scenario_text": copy_of(self.session.given)})
                self.store.create(record, title=self._title, source=self._source, session_id=self.session_id)
            for seq, action in enumerate(new, start):
                self.store.append(self.session_id, seq, action)
            if debrief is not None:
                self.store.finish(self.session_id, debrief)
        except StoreError as exc:
            self._fail(str(exc))
        except Exception as exc:
            if self._on_error is None:
                raise
            self._fail(f"{type(exc).__name__}: {exc}")  # on the store's thread: reported, not lost

    def _fail(self, message: str) -> None:
        self.error = message
        if self._on_error is None:
            raise StoreError(message)
        self._on_error(message)


def resumable(store: SessionStore, *, player: str | None = None) -> list[SavedSession]:
    """The unfinished sessions to offer for continuing, newest first (``player``: only that player's).

    One whose every cycle has ended (killed before its debrief was stored) is finished here
    from its replay instead: there is nothing left to play."""
    out = []
    for row in store.unfinished(player=player):
        record = store.record(row.id)
        if not _finished_now(store, row.id, record):
            out.append(SavedSession(session_id=row.id, record=record, title=row.title))
    return out


def _finished_now(store: SessionStore, session_id: str, record: SessionRecord) -> bool:
    try:
        scenario = played(record).scenario
    except UserError:
        return False
    if sum(1 for a in record.actions if a.kind == "end_cycle") < scenario.cycles:
        return False
    from dojo.session.engine import Session

    session = Session.restore(record, scenario)
    if not session.ended:
        return False
    try:
        store.finish(session_id, _debrief(session))
    except StoreError:
        return False
    return True


def _debrief(session: Session) -> Debrief:
    """The debrief of a session rebuilt by replaying (a replay publishes no SessionEnded)."""
    from dojo.session.debrief import build_debrief

    return build_debrief(session)
