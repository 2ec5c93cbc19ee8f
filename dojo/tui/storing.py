"""Keeping a session in the store without blocking the screen.

Every store call (``begin``, ``append``, ``finish``) runs, in order, on one background
thread: a SQLite write or the debrief rebuilt on ``finish`` never delays the reply on
screen. ``LazyStore`` opens the real store on first use, so neither its imports nor the
database file slow down the first frame.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from dojo.session.record import Action, SessionRecord
    from dojo.session.store import SavedSession, SessionStore


class LazyStore:
    """A :class:`~dojo.session.store.SessionStore` opened by ``factory()`` when first needed."""

    def __init__(self, factory: Callable[[], "SessionStore"]) -> None:
        self._factory = factory
        self._store: "SessionStore | None" = None
        self._lock = threading.Lock()

    @property
    def store(self) -> "SessionStore":
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    def begin(self, record: "SessionRecord") -> str:
        return self.store.begin(record)

    def append(self, key: str, action: "Action") -> None:
        self.store.append(key, action)

    def finish(self, key: str) -> None:
        self.store.finish(key)

    def unfinished(self) -> Sequence["SavedSession"]:
        return self.store.unfinished()

    def close(self) -> None:
        with self._lock:
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()  # type: ignore[union-attr]


class StoreWriter:
    """Runs store calls in order on one daemon thread; ``on_error`` hears the first failure."""

    def __init__(self, store: "SessionStore", on_error: Callable[[str], None]) -> None:
        self.store = store
        self._on_error = on_error
        self._queue: queue.Queue = queue.Queue()
        self._keys: dict[int, str] = {}  # a session's token -> its key in the store
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="dojo-store", daemon=True)
        self._thread.start()

    def begin(self, token: int, record: "SessionRecord") -> None:
        self._queue.put(("begin", token, record.model_copy(deep=True)))

    def adopt(self, token: int, key: str) -> None:
        """A continued session: its key is already known."""
        self._queue.put(("adopt", token, key))

    def append(self, token: int, action: "Action") -> None:
        self._queue.put(("append", token, action))

    def finish(self, token: int) -> None:
        self._queue.put(("finish", token, None))

    def key(self, token: int) -> str | None:
        """The store's key of a session (after ``flush``); ``None`` when it was never begun or saving stopped."""
        return None if self._failed else self._keys.get(token)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued call has run (True) or the timeout passed (False)."""
        done = threading.Event()
        self._queue.put(("flush", 0, done))
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            op, token, arg = self._queue.get()
            if op == "flush":
                arg.set()
                continue
            if self._failed:
                continue
            try:
                if op == "begin":
                    self._keys[token] = self.store.begin(arg)
                elif op == "adopt":
                    self._keys[token] = arg
                elif op == "append" and token in self._keys:
                    self.store.append(self._keys[token], arg)
                elif op == "finish" and token in self._keys:
                    self.store.finish(self._keys[token])
            except Exception as exc:  # noqa: BLE001 - the game goes on; the player is told once
                self._failed = True
                self._on_error(f"{exc}")
