"""The game's one store: opened on first use, written on one thread, in order.

The game saves a session the way headless play does, through
:class:`~dojo.storage.recorder.SessionRecorder`; the only difference is where the writes
run: a single-thread executor, so a SQLite write never delays the reply on screen and the
writes keep the order the engine made them in. The first failure is handed to
``on_error`` (the app posts it back to the screen as a message) and saving stops.

The store is opened by ``open_store()`` when first needed (by the home screen's worker,
normally), so neither its imports nor the database file slow down the first frame.
Plain Python: this module does not import Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.scenarios.models import Scenario
    from dojo.session.engine import Session
    from dojo.storage.api import SessionStore
    from dojo.storage.recorder import Job, Resumed, SavedSession, SessionRecorder


class GameStorage:
    def __init__(self, open_store: Callable[[], SessionStore], on_error: Callable[[str], None]) -> None:
        self._open = open_store
        self._on_error = on_error
        self._store: SessionStore | None = None
        self._opening = threading.Lock()  # held while the store opens (migrations, checks: may take a while)
        self._lock = threading.Lock()  # the executor: never held for long, the screen's thread takes it
        self._executor: ThreadPoolExecutor | None = None

    @property
    def store(self) -> SessionStore:
        """The store, opened now if it is not yet (raises StoreError when it cannot be)."""
        with self._opening:
            if self._store is None:
                self._store = self._open()
            return self._store

    def _submit(self, job: Job) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dojo-store")
            self._executor.submit(job)

    def record(self, session: Session) -> SessionRecorder:
        """Keep a new session: every action as it is played, the debrief when it ends."""
        from dojo.storage.recorder import SessionRecorder

        return SessionRecorder.start(self.store, session, source="tui", submit=self._submit, on_error=self._on_error)

    def resume(
        self, saved: SavedSession, scenario: Scenario | None, classifier: Classifier, clock: Callable[[], float]
    ) -> Resumed:
        """Continue ``saved`` (as listed on home) on the scenario as played (``scenario``: the one on offer,
        if any); StoreError if another dojo continued it since."""
        from dojo.storage.recorder import SessionRecorder

        return SessionRecorder.resume(
            self.store, saved.session_id, listed=len(saved.record.actions), scenario=scenario,
            classifier=classifier, clock=clock, submit=self._submit, on_error=self._on_error,
        )

    def resumable(self, player: str | None = None) -> list[SavedSession]:
        """The sessions to offer for continuing (``player``: only that player's)."""
        from dojo.storage.recorder import resumable

        return resumable(self.store, player=player)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every write handed over so far has run (True) or the timeout passed (False)."""
        with self._lock:
            executor = self._executor
        if executor is None:
            return True
        try:
            executor.submit(lambda: None).result(timeout)
        except FutureTimeout:
            return False
        return True

    def close(self) -> None:
        """Finish the pending writes, then close the store."""
        with self._lock:
            executor, self._executor = self._executor, None
        with self._opening:
            store, self._store = self._store, None
        if executor is not None:
            executor.shutdown(wait=True)
        if store is not None:
            store.close()
