"""The store the Textual game is given: :class:`dojo.session.store.SessionStore` over SQLite.

The game (``dojo.tui.app``) defines the seam it needs in ``dojo.session.store``:
``begin(record) → key``, ``append(key, action)`` after every engine call,
``finish(key)`` when the session has ended, and ``unfinished()`` for the home screen's
"Continue" entries. :class:`GameStore` implements it on a
:class:`~dojo.storage.sqlite.SqliteStore` (``.store``, which the progress and replay
screens use for everything else):

- ``begin`` only reserves an id: the session is written with its first action, so a game
  opened and left without a word leaves nothing behind;
- ``append`` numbers the actions itself; the first append to a session this process did
  not begin (a continued one) claims it, and refuses if it changed since it was listed
  (continued in another dojo meanwhile) rather than mixing two players' actions;
- ``finish`` rebuilds the debrief by replaying the record (the seam passes no debrief),
  then stores the score and summary columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dojo.session.store import SavedSession
from dojo.storage.api import StoreError

if TYPE_CHECKING:
    from dojo.session.record import Action, SessionRecord
    from dojo.storage.sqlite import SqliteStore


class GameStore:
    def __init__(self, store: "SqliteStore", *, source: str = "tui") -> None:
        self.store = store
        self.source = source
        self._next: dict[str, int] = {}  # key -> number of the next action (sessions this process writes)
        self._listed: dict[str, int] = {}  # key -> actions when unfinished() listed it
        self._pending: dict[str, "SessionRecord"] = {}  # begun, not written yet (no action so far)

    @property
    def warnings(self) -> list[str]:
        return self.store.warnings

    def begin(self, record: "SessionRecord") -> str:
        import uuid  # noqa: PLC0415

        key = uuid.uuid4().hex
        if record.actions:
            self._write(key, record)
        else:
            self._pending[key] = record.model_copy(deep=True)
            self._next[key] = 0
        return key

    def _write(self, key: str, record: "SessionRecord") -> None:
        self.store.create(record, title=_title(record.scenario_id), source=self.source, session_id=key)  # type: ignore[arg-type]
        self._next[key] = len(record.actions)

    def append(self, key: str, action: "Action") -> None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            self._write(key, pending)
        if key not in self._next:
            claimed = self.store.claim(key)
            listed = self._listed.get(key)
            if listed is not None and len(claimed.actions) != listed:
                raise StoreError(
                    f"session {key[:8]} was continued in another dojo since it was listed; start it again from home"
                )
            self._next[key] = len(claimed.actions)
        self.store.append(key, self._next[key], action)
        self._next[key] += 1

    def finish(self, key: str) -> None:
        if key in self._pending:  # ended without a single action (cannot happen in the engine today)
            self._write(key, self._pending.pop(key))
        from dojo.session.debrief import build_debrief  # noqa: PLC0415
        from dojo.session.engine import Session  # noqa: PLC0415

        record = self.store.record(key)
        session = Session.restore(record, find_scenario(record))
        self.store.finish(key, build_debrief(session))

    def unfinished(self) -> list[SavedSession]:
        out = []
        for row in self.store.unfinished():
            record = self.store.record(row.id)
            if self._ended(row.id, record):
                continue
            self._listed[row.id] = len(record.actions)
            out.append(SavedSession(key=row.id, record=record, title=row.title))
        return out

    def _ended(self, key: str, record: "SessionRecord") -> bool:
        """A session killed after its last cycle ended but before its debrief was stored is
        finished now instead of being offered for resuming (there is nothing left to play)."""
        ends = sum(1 for a in record.actions if a.kind == "end_cycle")
        try:
            scenario = find_scenario(record)
        except StoreError:
            return False
        if ends < scenario.cycles:
            return False
        from dojo.session.debrief import build_debrief  # noqa: PLC0415
        from dojo.session.engine import Session  # noqa: PLC0415

        session = Session.restore(record, scenario)
        if not session.ended:
            return False
        try:
            self.store.finish(key, build_debrief(session))
        except StoreError:
            return False
        return True

    def close(self) -> None:
        self.store.close()


def find_scenario(record: "SessionRecord"):  # noqa: ANN201 - a Scenario
    """The scenario a record was played on: by id, or (a scenario the game opened by its path) the
    already loaded scenario with the record's digest."""
    from dojo.errors import UserError  # noqa: PLC0415
    from dojo.scenarios.loader import ScenarioError  # noqa: PLC0415
    from dojo.scenarios import registry  # noqa: PLC0415
    from dojo.session.engine import scenario_digest  # noqa: PLC0415

    try:
        scenario = registry.load_scenario(record.scenario_id)
        if scenario_digest(scenario) == record.scenario_digest:
            return scenario
    except (UserError, ScenarioError):
        scenario = None
    with registry._lock:  # noqa: SLF001 - the registry's cache of parsed files, by path
        cached = [hit[1] for hit in registry._cache.values()]  # noqa: SLF001
    for candidate in cached:
        if getattr(candidate, "id", None) == record.scenario_id and scenario_digest(candidate) == record.scenario_digest:
            return candidate
    if scenario is not None:
        return scenario  # changed since it was played: the closest there is
    raise StoreError(f"scenario {record.scenario_id!r} cannot be found to score the session")


def _title(scenario_id: str) -> str:
    try:
        from dojo.scenarios.registry import load_scenario  # noqa: PLC0415

        return load_scenario(scenario_id).title
    except Exception:  # noqa: BLE001 - a title is a nicety; the id stands in
        return scenario_id


def open_game_store(path: str | Path | None = None) -> GameStore:
    from dojo.storage.sqlite import open_store  # noqa: PLC0415

    return GameStore(open_store(path))
