"""``dojo facilitate PLAN``: the app around the facilitator's screen.

It owns what the screen only reads: the plan's :class:`~dojo.plans.clock.PlanClock` (whose
every change it writes to the state file; a failed write is said once, and the countdown
goes on), and the store (opened on first use, in a worker thread). The screens call its
typed methods: :meth:`roster` and :meth:`group_report` run in their workers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from dojo.plans.clock import ClockState, PlanClock, write_state
from dojo.tui.widgets.toosmall import MIN_HEIGHT, MIN_WIDTH

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from dojo.plans.models import Plan
    from dojo.plans.roster import Roster
    from dojo.storage.api import SessionStore

#: Who plays is read again this often (seconds).
REFRESH_S = 3.0
WIDE = 120

DARK, LIGHT = "textual-dark", "textual-light"


class FacilitateApp(App[int]):
    CSS_PATH = ["../app.tcss", "facilitate.tcss"]
    TITLE = "Kata Dojo — facilitator"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_WIDTH, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall"), (36, "-big")]
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Theme", show=False)]

    def __init__(
        self,
        plan: Plan,
        *,
        digest: str = "",
        state: ClockState | None = None,
        state_file: Path | None = None,
        store_factory: Callable[[], SessionStore],
        report: Callable[[SessionStore, int], str],
        clock: Callable[[], float] = time.time,
        refresh_s: float = REFRESH_S,
    ) -> None:
        """``state``: the clock as the state file kept it (taken when it fits the plan); ``state_file``: where
        every change is written (None: nowhere). ``report(store, number)`` builds round ``number``'s debrief."""
        super().__init__()
        self.state_file = state_file
        self.plan_clock = PlanClock(plan, digest=digest, clock=clock, state=state, save=self._keep)
        self.refresh_s = refresh_s
        self._store_factory = store_factory
        self._report = report
        self._store: SessionStore | None = None
        self._store_lock = threading.Lock()
        self.keep_problem: str | None = None
        self.theme = DARK

    def on_mount(self) -> None:
        from dojo.tui.screens.facilitate import FacilitateScreen

        self.push_screen(FacilitateScreen())
        s = self.plan_clock.state
        if self.plan_clock.resumed and (s.started or s.round > 1 or s.finished):  # not a fresh start
            view = self.plan_clock.view()
            self.notify(f"Round {view.number} of {view.rounds}, {view.phase.value}: where the facilitator left it.",
                        title="Carried on")

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text: messages quote paths and plan titles."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- what the screens call ---------------------------------------------------------------------

    def store(self) -> SessionStore:
        """The store (opened on first use; call from a worker thread)."""
        with self._store_lock:
            if self._store is None:
                self._store = self._store_factory()
            return self._store

    def roster(self, number: int) -> Roster:
        """Who has joined and finished round ``number`` (call from a worker thread)."""
        from dojo.plans.roster import round_roster

        return round_roster(self.store(), self.plan_clock.plan.id, number)

    def group_report(self, number: int) -> str:
        """Round ``number``'s group debrief as text (call from a worker thread)."""
        return self._report(self.store(), number)

    def close_store(self) -> None:
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    # -- keeping the clock -------------------------------------------------------------------------

    def _keep(self, state: ClockState) -> None:
        """Write every change of the clock to its file; a failure is said once, and the countdown goes on."""
        if self.state_file is None:
            return
        try:
            write_state(self.state_file, state)
        except OSError as exc:
            problem = f"{self.state_file}: {exc.strerror or exc}"
            if problem != self.keep_problem:
                self.keep_problem = problem
                self.notify(f"{problem}\nThe countdown goes on, but a restart would not find it.",
                            title="Cannot keep the round's state", severity="error", timeout=10)
        else:
            self.keep_problem = None

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK


def run_facilitator(app: FacilitateApp) -> int:
    """Run ``app`` until the facilitator quits; the store is closed after."""
    try:
        app.run()
    finally:
        app.close_store()
    return 0 if app.return_code is None else int(app.return_code)
