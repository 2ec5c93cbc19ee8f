"""The Kata Dojo app: home → session → (between cycles) → debrief.

The app owns what outlives a screen: the classifier (loaded in a thread at start so
the first frame is not delayed), the optional store (:class:`~dojo.tui.storing.GameStorage`:
the session in play is saved by the same event-driven recorder as headless play, its
writes on one thread), the clock. Screens own their widgets; a session screen drives one
:class:`~dojo.session.engine.Session`.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from dojo.tui.hooks import FIRST_FRAME_ENV
from dojo.tui.messages import SavingStopped, StartSession
from dojo.tui.widgets.toosmall import MIN_HEIGHT, MIN_WIDTH

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from dojo.coaching.classifier import Classifier
    from dojo.plans.joining import Joined
    from dojo.scenarios.models import Scenario
    from dojo.scenarios.registry import ScenarioInfo
    from dojo.session.debrief import Debrief
    from dojo.session.engine import Session
    from dojo.session.record import SessionRecord
    from dojo.storage.api import SessionStore
    from dojo.storage.recorder import SavedSession, SessionRecorder
    from dojo.tui.exporting import Saved
    from dojo.tui.storing import GameStorage

WIDE = 120

DARK, LIGHT = "textual-dark", "textual-light"


class DojoApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Kata Dojo"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_WIDTH, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Theme"),
    ]

    def __init__(
        self,
        *,
        scenario: str | None = None,
        seed: int | None = None,
        mode: str = "free",
        store: SessionStore | None = None,
        store_factory: Callable[[], SessionStore] | None = None,
        classifier: Classifier | None = None,
        clock: Callable[[], float] = time.time,
        live: bool = True,
        catalog: Callable[[], list[ScenarioInfo]] | None = None,
        joined: Joined | None = None,
        player: str | None = None,
    ) -> None:
        """``live=False`` (tests, snapshots): no animation between cycles, no ticking clock, no blink.

        Sessions are saved in ``store`` (one already open) or in the one ``store_factory``
        opens on first use; with neither, nothing is saved (``--no-save``).
        ``catalog`` lists the scenarios for the home screen (default: ``list_scenarios``).
        ``joined``: start straight into that plan round (``dojo play --plan --round``).
        ``player``: who plays (``--player``); None: the last name chosen here, else home asks
        (:mod:`dojo.tui.screens.player`).
        """
        super().__init__()
        self.start_scenario = scenario
        self.start_joined = joined
        self.seed = seed
        self.mode = mode
        self.storage: GameStorage | None = None
        opener = store_factory or (_already_open(store) if store is not None else None)
        if opener is not None:
            from dojo.tui.storing import GameStorage

            self.storage = GameStorage(opener, self._saving_failed)
        self.clock = clock
        self.live = live
        self.catalog = catalog
        self.session: Session | None = None
        self.scenario_ref: str | None = None  # how the current session's scenario was named (id or path)
        self.joined: Joined | None = None  # the plan round the current session is played for, if any
        self.recorder: SessionRecorder | None = None  # keeps the current session, when saving
        self._classifier = classifier
        self._classifier_ready = threading.Event()
        self._classifier_started = False
        if classifier is not None:
            self._classifier_ready.set()
        self.theme = DARK
        # players (issue 10): whose sessions are kept and listed; "" until known
        self.player = player or ""
        self.player_given = player is not None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text, whatever the caller asks: messages quote paths, errors and
        files (``DOJO_SCENARIOS='/x/[/]'``), and markup in them would be parsed or crash the game."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        from dojo.tui.screens.player import PlayerDialog, asks_for_player, initial_player

        self.player = initial_player(self)
        if self.start_scenario:
            self.start_background_work()
            start = StartSession(self.start_scenario, self.mode, self.seed, joined=self.start_joined)
            if asks_for_player(self):  # straight into a session (dojo play --plan P --round N): whose is it?
                def chosen(name: str | None) -> None:
                    if name is not None:
                        self.choose_player(name)
                    self.post_message(start)

                self.push_screen(PlayerDialog(required=True), chosen)
            else:
                self.post_message(start)
        else:
            from dojo.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def choose_player(self, name: str) -> None:
        """``name`` plays from now on (a name :func:`dojo.players.normalize` accepted). A terminal
        remembers it for next time; a browser tab, or a game that keeps nothing, does not."""
        self.player = name
        if self.storage is not None and not self.is_web:
            self._remember_player(name)

    @work(thread=True, group="player")
    def _remember_player(self, name: str) -> None:
        from dojo.errors import UserError
        from dojo.players import remember

        try:
            remember(name)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), title="Name not remembered", severity="warning")

    def first_frame_shown(self, *, start_work: bool = True) -> None:
        """Called by the first screen after its first refresh: now the slow imports may start.

        Started any earlier, the threads importing the classifier and parsing the scenarios
        would hold the interpreter lock while the first frame is being drawn.
        """
        if os.environ.get(FIRST_FRAME_ENV):
            with open(os.environ[FIRST_FRAME_ENV], "w", encoding="utf-8") as fh:
                fh.write(f"{time.time():.6f}\n")
            self.exit(0)
            return
        if start_work:
            self.start_background_work()

    def start_background_work(self) -> None:
        """Load the classifier and build the learner's vocabulary in a thread (once), so the
        first question is not the one that pays for them (~0.3 s of processor time)."""
        if not self._classifier_started:
            self._classifier_started = True
            self._load_classifier()

    @work(thread=True, exclusive=True, group="classifier", exit_on_error=False)
    def _load_classifier(self) -> None:
        from dojo.coaching.hearing import default_classifier
        from dojo.learner.vocabulary import known_stems

        try:
            if self._classifier is None:
                self._classifier = default_classifier()
        finally:
            self._classifier_ready.set()
        known_stems()

    def classifier(self) -> Classifier:
        """The classifier, waiting for it if it is still loading (call from a worker thread)."""
        self._classifier_ready.wait()
        if self._classifier is None:  # loading failed: fall back to the keyword baseline
            from dojo.coaching.baseline import KeywordClassifier

            self._classifier = KeywordClassifier()
        return self._classifier

    # -- sessions ----------------------------------------------------------------------------

    @on(StartSession)
    def _start(self, message: StartSession) -> None:
        self._build_session(message.scenario, message.mode, message.seed, message.saved, message.joined)

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _build_session(
        self, scenario_ref: str, mode: str, seed: int | None, saved: SavedSession | None, joined: Joined | None = None
    ) -> None:
        from dojo.errors import UserError
        from dojo.scenarios.loader import ScenarioError
        from dojo.scenarios.registry import load_scenario
        from dojo.session.engine import Session
        from dojo.storage.api import StoreError

        recorder = None
        try:
            try:
                scenario: Scenario | None = load_scenario(scenario_ref)
            except (UserError, ScenarioError):
                if saved is None or saved.record.scenario_text is None:
                    raise
                scenario = None  # gone or broken since: the session continues on the copy kept with it
            classifier = self.classifier()
            if saved is not None and self.storage is not None:  # continued: replayed from the store, taken over
                resumed = self.storage.resume(saved, scenario, classifier, self.clock)
                recorder, session = resumed.recorder, resumed.session
                if resumed.note is not None:
                    self.call_from_thread(self.notify, resumed.note, title="Scenario changed", markup=False)
            elif scenario is None:
                raise UserError(f"scenario {scenario_ref!r} cannot be loaded")
            else:
                if seed is None:
                    seed = random.SystemRandom().randrange(1, 2**31)
                session = Session(scenario, seed=seed, mode=mode, classifier=classifier, clock=self.clock,
                                  plan=joined.tag if joined is not None else None, player=self.player)
        except StoreError as exc:  # e.g. continued in another dojo since home listed it
            self.call_from_thread(self.notify, str(exc), title="Cannot continue the session", severity="error",
                                  markup=False)
            self.call_from_thread(self._go_home)
            return
        except (UserError, ScenarioError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Cannot load the scenario", severity="error")
            self.call_from_thread(self._go_home)
            return
        except Exception as exc:  # noqa: BLE001 - a message and the home screen, not a crash
            self.call_from_thread(self.notify, f"{type(exc).__name__}: {exc}", title="Cannot start the session",
                                  severity="error")
            self.call_from_thread(self._go_home)
            return
        if recorder is None and self.storage is not None:
            try:
                recorder = self.storage.record(session)
            except StoreError as exc:  # the store cannot be opened: the game goes on unsaved
                self._saving_failed(str(exc))
        if joined is None and session.record.plan is not None:  # continued: the round's focus, if the plan is on offer
            from dojo.plans.joining import rejoin

            joined = rejoin(session.record.plan)
        self.scenario_ref = scenario_ref
        self.call_from_thread(self._open_session, session, recorder, joined)

    def _open_session(self, session: Session, recorder: SessionRecorder | None, joined: Joined | None = None) -> None:
        from dojo.tui.screens.session import SessionScreen

        self.session = session
        self.recorder = recorder
        self.joined = joined
        self._replace_top(SessionScreen(session, joined=joined))

    # -- saving ------------------------------------------------------------------------------

    def saved_store(self) -> SessionStore | None:
        """The store sessions are kept in (opened now if need be; StoreError when it cannot be),
        or None when this game keeps nothing (``--no-save``)."""
        return self.storage.store if self.storage is not None else None

    def _saving_failed(self, problem: str) -> None:
        """From the store's thread (or a worker): the problem goes to the screen as a message."""
        self.post_message(SavingStopped(problem))

    @on(SavingStopped)
    def _saving_stopped(self, message: SavingStopped) -> None:
        self.notify(
            f"{message.problem}\nThe game goes on; this session is not being saved.",
            title="Saving stopped", severity="error", timeout=10, markup=False,
        )

    def flush_store(self, timeout: float = 5.0) -> bool:
        """Wait for the writes handed to the store so far (True), or until ``timeout`` (False)."""
        return self.storage.flush(timeout) if self.storage is not None else True

    def _replace_top(self, screen: Screen) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _go_home(self) -> None:
        from dojo.tui.screens.home import HomeScreen

        self.session = None
        self._replace_top(HomeScreen())

    def play_again(self, same_seed: bool = True) -> None:
        session = self.session
        if session is None:
            self._go_home()
            return
        self.post_message(  # the same seed is the same plan round; another seed is practice outside the plan
            StartSession(self.scenario_ref or session.scenario.id, session.record.mode,
                         session.seed if same_seed else None, joined=self.joined if same_seed else None)
        )

    def go_home(self) -> None:
        self._go_home()

    # -- export ------------------------------------------------------------------------------

    def export_session(
        self, session: Session | None = None, debrief: Debrief | None = None, fmt: str = "md"
    ) -> None:
        """Ask for a format and a file, then write ``session`` (default: the one in play) with its debrief."""
        from dojo.tui.exporting import default_path
        from dojo.tui.screens.export import ExportDialog

        session = session or self.session
        if session is None:
            self.notify("There is no session to export: start one from the list.", severity="warning")
            return
        if self._session_in_worker():
            self.notify("The learner is running the step: export when the new run is in.", severity="warning")
            return
        record = session.record.model_copy(deep=True)
        title = session.scenario.title
        where = "The file goes to the exports folder of the data directory unless you type another path."

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                chosen_fmt, typed = result
                self._write_export(session, record, title, debrief, chosen_fmt, typed)

        self.push_screen(ExportDialog(fmt, str(default_path(session, fmt)), where), chosen)

    def _session_in_worker(self) -> bool:
        """A worker is ending a cycle: it owns the session until its message arrives (read nothing)."""
        from dojo.tui.screens.session import SessionScreen

        return any(isinstance(s, SessionScreen) and s.in_worker for s in self.screen_stack)

    def _saved(self, session: Session) -> Saved | None:
        """Where the store keeps ``session`` (call from a worker thread: waits for pending writes)."""
        from dojo.tui.exporting import Saved

        recorder, storage = self.recorder, self.storage
        if recorder is None or storage is None or recorder.session is not session or not storage.flush():
            return None
        return Saved(recorder.store, recorder.session_id) if recorder.written else None

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(
        self, session: Session, record: SessionRecord, title: str, debrief: Debrief | None, fmt: str,
        typed: str,
    ) -> None:
        from dojo.errors import UserError
        from dojo.tui.exporting import FORMATS, render_session, resolve_target, write_file

        try:
            path = resolve_target(typed, session, fmt)
            text, warnings = render_session(record, title, debrief, fmt, self._saved(session))
            write_file(path, text)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), title="Export failed", severity="error", markup=False)
            return
        except Exception as exc:  # noqa: BLE001 - a message, not a crash
            self.call_from_thread(self.notify, f"{type(exc).__name__}: {exc}", title="Export failed",
                                  severity="error", markup=False)
            return
        message = f"Wrote the session as {FORMATS[fmt][0]} to\n{path}"
        if warnings:
            message += "\n" + "\n".join(warnings)
        self.call_from_thread(self.notify, message, title="Exported", timeout=10, markup=False)

    # -- actions everywhere --------------------------------------------------------------------

    def action_help(self) -> None:
        from dojo.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.session))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys, the coaching card, what each label means (F1)", self.action_help)
        yield SystemCommand("Toggle light/dark theme", "Switch between the light and the dark theme (ctrl+t)",
                            self.action_toggle_theme)
        from dojo.tui.screens.base import DojoScreen

        listed = screen.palette_commands() if isinstance(screen, DojoScreen) else []
        for title, help_text, action in listed:
            yield SystemCommand(title, help_text, _runner(screen, action))
        if self.session is not None and not any(action.startswith("export") for _, _, action in listed):
            yield SystemCommand("Export the session", "Write it as Markdown, HTML or JSON", self.export_session)


def _already_open(store: SessionStore) -> Callable[[], SessionStore]:
    return lambda: store


def _runner(screen: Screen, action: str) -> Callable[[], object]:
    def run() -> object:
        return screen.run_action(action)

    return run


def run_app(
    scenario: str | None = None,
    seed: int | None = None,
    *,
    store_factory: Callable[[], SessionStore] | None = None,
    **kwargs: Any,
) -> int:
    """Run the game; returns the exit status.

    ``store_factory`` opens the store lazily (off the first frame); it is closed, its
    pending writes done, when the game ends.
    """
    app = DojoApp(scenario=scenario, seed=seed, store_factory=store_factory, **kwargs)
    try:
        app.run()
    finally:
        if app.storage is not None:
            app.storage.close()
    return 0 if app.return_code is None else int(app.return_code)
