"""Connects a running :class:`~dojo.session.engine.Session` to a store: every action is saved as it happens.

Two ways to use it, both idempotent and safe to combine:

- ``SessionRecorder.start(store, session)`` subscribes to the session's events. The
  engine appends an action to ``session.record`` *before* it publishes that call's
  events, so the first event of each engine call saves the new action (one transaction),
  and :class:`~dojo.session.events.SessionEnded` stores the score and the debrief.
- ``recorder.sync()`` after each engine call does the same explicitly (what a UI that
  prefers to call the store itself does); it saves whatever actions are not saved yet.

Resuming: ``SessionRecorder.resume(store, session_id)`` claims the unfinished session,
rebuilds it by replaying its actions (same seed, learner state, storyboard and run chart)
and attaches a recorder that continues numbering where the store stopped.

A store failure (e.g. the session was resumed in another dojo) does not break the game:
with ``on_error`` the recorder reports it once and stops saving; without, it raises.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from dojo.storage.api import SessionStore, Source, StoreError

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.scenarios.models import Scenario
    from dojo.session import events as ev
    from dojo.session.engine import Session


@dataclass
class Resumed:
    """A session rebuilt from the store, with its recorder attached."""

    session: "Session"
    recorder: "SessionRecorder"
    scenario_changed: bool  # the scenario file changed since the session was played


class SessionRecorder:
    def __init__(
        self,
        store: SessionStore,
        session: "Session",
        session_id: str,
        *,
        saved: int,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.session_id = session_id
        self.saved = saved  # how many of session.record.actions are in the store
        self.finished = False
        self.error: str | None = None
        self._on_error = on_error
        session.subscribe(self._on_event)

    # -- making one -------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: SessionStore,
        session: "Session",
        *,
        source: Source = "tui",
        on_error: Callable[[str], None] | None = None,
    ) -> "SessionRecorder":
        """Start keeping ``session`` (with any actions it already has) and save every later one."""
        sid = store.create(session.record, title=session.scenario.title, source=source)
        rec = cls(store, session, sid, saved=len(session.record.actions), on_error=on_error)
        if session.ended:
            rec._finish()
        return rec

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: str,
        *,
        scenario: "Scenario | None" = None,
        classifier: "Classifier | None" = None,
        clock: Callable[[], float] = time.time,
        on_error: Callable[[str], None] | None = None,
    ) -> Resumed:
        """Take over an unfinished session and rebuild it exactly (replay)."""
        from dojo.session.engine import Session, scenario_digest  # noqa: PLC0415

        record = store.claim(session_id)
        if scenario is None:
            from dojo.scenarios.registry import load_scenario  # noqa: PLC0415

            scenario = load_scenario(record.scenario_id)
        session = Session.restore(record, scenario, classifier=classifier, clock=clock)
        rec = cls(store, session, session_id, saved=len(record.actions), on_error=on_error)
        if session.ended:  # killed between its last action and storing the debrief: finish it now
            rec.sync()
        return Resumed(session, rec, scenario_changed=scenario_digest(scenario) != record.scenario_digest)

    # -- saving -------------------------------------------------------------------------------------

    def sync(self) -> None:
        """Save the actions not saved yet (normally one), then the debrief if the session ended."""
        if self.error is not None:
            return
        try:
            self._save_actions()
            if self.session.ended and not self.finished:
                self._finish()
        except StoreError as exc:
            self._fail(str(exc))

    def _save_actions(self) -> None:
        actions = self.session.record.actions
        while self.saved < len(actions):
            self.store.append(self.session_id, self.saved, actions[self.saved])
            self.saved += 1

    def _finish(self) -> None:
        from dojo.session.debrief import build_debrief  # noqa: PLC0415

        self.store.finish(self.session_id, build_debrief(self.session))
        self.finished = True

    def _fail(self, message: str) -> None:
        self.error = message
        if self._on_error is None:
            raise StoreError(message)
        self._on_error(message)

    def _on_event(self, event: "ev.Event") -> None:
        from dojo.session import events as ev  # noqa: PLC0415

        if self.error is not None:
            return
        try:
            self._save_actions()  # the new action of this engine call, on its first event
            if isinstance(event, ev.SessionEnded) and not self.finished:
                self.store.finish(self.session_id, event.debrief)
                self.finished = True
        except StoreError as exc:
            self._fail(str(exc))
