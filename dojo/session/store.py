"""The seam between a played session and where it is kept (plain Python, no Textual).

The game is given an optional store; it never needs one. When it has one:

- ``begin(record)`` when a session starts (the record has no actions yet, or, for a
  continued session, the actions replayed so far) → a key for that session;
- ``append(key, action)`` after every engine call, once per new
  :class:`~dojo.session.record.Action` (coach, relabel, end_cycle), so nothing is lost
  if the terminal is closed mid-cycle;
- ``finish(key)`` when the session has ended (the debrief is rebuilt by replaying);
- ``unfinished()`` lists what the home screen offers to continue; continuing is
  ``Session.restore(saved.record, load_scenario(saved.record.scenario_id))``.

The storage package implements this; tests use :class:`MemoryStore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from dojo.session.record import Action, SessionRecord


@dataclass(frozen=True, slots=True)
class SavedSession:
    """An unfinished session the player can continue."""

    key: str
    record: SessionRecord
    title: str = ""  # the scenario's title when the store knows it


@runtime_checkable
class SessionStore(Protocol):
    def begin(self, record: SessionRecord) -> str: ...

    def append(self, key: str, action: Action) -> None: ...

    def finish(self, key: str) -> None: ...

    def unfinished(self) -> Sequence[SavedSession]: ...


class MemoryStore:
    """A store in memory: the reference behaviour of the protocol, for tests."""

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}
        self.finished: set[str] = set()

    def begin(self, record: SessionRecord) -> str:
        key = f"s{len(self.records) + 1}"
        self.records[key] = record.model_copy(deep=True)
        return key

    def append(self, key: str, action: Action) -> None:
        self.records[key].actions.append(action)

    def finish(self, key: str) -> None:
        self.finished.add(key)

    def unfinished(self) -> list[SavedSession]:
        return [SavedSession(key=k, record=r) for k, r in self.records.items() if k not in self.finished]
