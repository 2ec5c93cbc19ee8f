"""The Kata Dojo app: home → session → (between cycles) → debrief.

The app owns what outlives a screen: the classifier (loaded in a thread at start so
the first frame is not delayed), the optional session store, the clock. Screens own
their widgets; a session screen drives one :class:`~dojo.session.engine.Session`.
"""

from __future__ import annotations

import os
import random
import threading
import time
from typing import TYPE_CHECKING, Callable, Iterable

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from dojo.tui.messages import StartSession
from dojo.tui.widgets.toosmall import MIN_HEIGHT, MIN_WIDTH

if TYPE_CHECKING:
    from dojo.coaching.classifier import Classifier
    from dojo.scenarios.registry import ScenarioInfo
    from dojo.session.debrief import Debrief
    from dojo.session.engine import Session
    from dojo.session.record import SessionRecord
    from dojo.session.store import SessionStore
    from dojo.tui.exporting import Saved
    from dojo.tui.storing import StoreWriter

#: Set to a file path: the app writes the time of its first frame there and exits (bench/bench_tui.py).
FIRST_FRAME_ENV = "DOJO_FIRST_FRAME_FILE"
#: Set to a file path: the home screen writes the time the scenario list is shown there and exits.
LISTED_ENV = "DOJO_LISTED_FILE"
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
        store: "SessionStore | None" = None,
        classifier: "Classifier | None" = None,
        clock: Callable[[], float] = time.time,
        live: bool = True,
        catalog: "Callable[[], list[ScenarioInfo]] | None" = None,
    ) -> None:
        """``live=False`` (tests, snapshots): no animation between cycles, no ticking clock, no blink.

        ``catalog`` lists the scenarios for the home screen (default: ``list_scenarios``).
        """
        super().__init__()
        self.start_scenario = scenario
        self.seed = seed
        self.mode = mode
        self.store = store
        self.clock = clock
        self.live = live
        self.catalog = catalog
        self.session: "Session | None" = None
        self.scenario_ref: str | None = None  # how the current session's scenario was named (id or path)
        self._stored = 0  # actions of the current session already handed to the store
        self._writer: "StoreWriter | None" = None
        self._classifier = classifier
        self._classifier_ready = threading.Event()
        self._classifier_started = False
        if classifier is not None:
            self._classifier_ready.set()
        self.theme = DARK

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.start_scenario:
            self.start_background_work()
            self.post_message(StartSession(self.start_scenario, self.mode, self.seed))
        else:
            from dojo.tui.screens.home import HomeScreen  # noqa: PLC0415

            self.push_screen(HomeScreen())

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
        """Load the classifier in a thread (once)."""
        if self._classifier is None and not self._classifier_started:
            self._classifier_started = True
            self._load_classifier()

    @work(thread=True, exclusive=True, group="classifier", exit_on_error=False)
    def _load_classifier(self) -> None:
        from dojo.coaching.classifier import default_classifier  # noqa: PLC0415

        try:
            self._classifier = default_classifier()
        finally:
            self._classifier_ready.set()

    def classifier(self) -> "Classifier":
        """The classifier, waiting for it if it is still loading (call from a worker thread)."""
        self._classifier_ready.wait()
        if self._classifier is None:  # loading failed: fall back to the keyword baseline
            from dojo.coaching.baseline import KeywordClassifier  # noqa: PLC0415

            self._classifier = KeywordClassifier()
        return self._classifier

    # -- sessions ----------------------------------------------------------------------------

    @on(StartSession)
    def _start(self, message: StartSession) -> None:
        self._build_session(message.scenario, message.mode, message.seed, message.saved_key)

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _build_session(self, scenario_ref: str, mode: str, seed: int | None, saved_key: str | None) -> None:
        from dojo.errors import UserError  # noqa: PLC0415
        from dojo.scenarios.loader import ScenarioError  # noqa: PLC0415
        from dojo.scenarios.registry import load_scenario  # noqa: PLC0415
        from dojo.session.engine import Session  # noqa: PLC0415

        try:
            scenario = load_scenario(scenario_ref)
            classifier = self.classifier()
            saved = None
            if saved_key is not None and self.store is not None:
                saved = next((s for s in self.store.unfinished() if s.key == saved_key), None)
            if saved is not None:
                session = Session.restore(saved.record, scenario, classifier=classifier, clock=self.clock)
            else:
                if seed is None:
                    seed = random.SystemRandom().randrange(1, 2**31)
                session = Session(scenario, seed=seed, mode=mode, classifier=classifier, clock=self.clock)
        except (UserError, ScenarioError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Cannot load the scenario", severity="error")
            self.call_from_thread(self._go_home)
            return
        except Exception as exc:  # noqa: BLE001 - a message and the home screen, not a crash
            self.call_from_thread(self.notify, f"{type(exc).__name__}: {exc}", title="Cannot start the session",
                                  severity="error")
            self.call_from_thread(self._go_home)
            return
        self.scenario_ref = scenario_ref
        self.call_from_thread(self._open_session, session, saved_key if saved is not None else None)

    def _open_session(self, session: "Session", saved_key: str | None) -> None:
        from dojo.tui.screens.session import SessionScreen  # noqa: PLC0415

        self.session = session
        self._stored = len(session.record.actions)
        writer = self.store_writer()
        if writer is not None:
            if saved_key is None:
                writer.begin(id(session), session.record)
            else:
                writer.adopt(id(session), saved_key)
        self._replace_top(SessionScreen(session))

    def store_writer(self) -> "StoreWriter | None":
        if self.store is None:
            return None
        if self._writer is None:
            from dojo.tui.storing import StoreWriter  # noqa: PLC0415

            self._writer = StoreWriter(self.store, self._store_failed)
        return self._writer

    def _store_failed(self, problem: str) -> None:
        self.call_from_thread(
            self.notify, f"{problem}\nThe game goes on; this session is not being saved.",
            title="Saving stopped", severity="error", timeout=10,
        )

    def sync_store(self) -> None:
        """Hand the store every action the engine recorded since the last call (written in the background)."""
        session = self.session
        writer = self.store_writer()
        if session is None or writer is None:
            return
        for action in session.record.actions[self._stored :]:
            writer.append(id(session), action)
        self._stored = len(session.record.actions)
        if session.ended:
            writer.finish(id(session))

    def flush_store(self, timeout: float = 5.0) -> bool:
        return self._writer.flush(timeout) if self._writer is not None else True

    def _replace_top(self, screen: Screen) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _go_home(self) -> None:
        from dojo.tui.screens.home import HomeScreen  # noqa: PLC0415

        self.session = None
        self._replace_top(HomeScreen())

    def play_again(self, same_seed: bool = True) -> None:
        session = self.session
        if session is None:
            self._go_home()
            return
        self.post_message(
            StartSession(self.scenario_ref or session.scenario.id, session.record.mode,
                         session.seed if same_seed else None)
        )

    def go_home(self) -> None:
        self._go_home()

    # -- export ------------------------------------------------------------------------------

    def export_session(
        self, session: "Session | None" = None, debrief: "Debrief | None" = None, fmt: str = "md"
    ) -> None:
        """Ask for a format and a file, then write ``session`` (default: the one in play) with its debrief."""
        from dojo.tui.exporting import default_path  # noqa: PLC0415
        from dojo.tui.screens.export import ExportDialog  # noqa: PLC0415

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
        from dojo.tui.screens.session import SessionScreen  # noqa: PLC0415

        return any(isinstance(s, SessionScreen) and s.in_worker for s in self.screen_stack)

    def _saved(self, session: "Session") -> "Saved | None":
        """Where the store keeps ``session`` (call from a worker thread: waits for pending writes)."""
        from dojo.tui.exporting import Saved  # noqa: PLC0415
        from dojo.tui.storing import LazyStore  # noqa: PLC0415

        writer = self._writer
        if writer is None or not writer.flush():
            return None
        key = writer.key(id(session))
        store: object = self.store
        if isinstance(store, LazyStore):
            store = store.store
        kept = getattr(store, "store", None)  # the game store writes to a storage store (SqliteStore)
        if key is None or kept is None or not hasattr(kept, "get"):
            return None
        return Saved(kept, key)

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(
        self, session: "Session", record: "SessionRecord", title: str, debrief: "Debrief | None", fmt: str,
        typed: str,
    ) -> None:
        from dojo.errors import UserError  # noqa: PLC0415
        from dojo.tui.exporting import FORMATS, render_session, resolve_target, write_file  # noqa: PLC0415

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
        from dojo.tui.screens.help import HelpScreen  # noqa: PLC0415

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
        from dojo.tui.screens.base import DojoScreen  # noqa: PLC0415 - base imports this module

        listed = screen.palette_commands() if isinstance(screen, DojoScreen) else []
        for title, help_text, action in listed:
            yield SystemCommand(title, help_text, _runner(screen, action))
        if self.session is not None and not any(action.startswith("export") for _, _, action in listed):
            yield SystemCommand("Export the session", "Write it as Markdown, HTML or JSON", self.export_session)


def _runner(screen: Screen, action: str) -> Callable[[], object]:
    def run() -> object:
        return screen.run_action(action)

    return run


def run_app(
    scenario: str | None = None,
    seed: int | None = None,
    *,
    store: "SessionStore | None" = None,
    store_factory: "Callable[[], SessionStore] | None" = None,
    **kwargs,
) -> int:
    """Run the game; returns the exit status.

    ``store_factory`` opens the store lazily (off the first frame); ``store`` is one already open.
    """
    if store is None and store_factory is not None:
        from dojo.tui.storing import LazyStore  # noqa: PLC0415

        store = LazyStore(store_factory)
    app = DojoApp(scenario=scenario, seed=seed, store=store, **kwargs)
    try:
        app.run()
    finally:
        app.flush_store()
        close = getattr(store, "close", None)
        if close is not None:
            close()
    return 0 if app.return_code is None else int(app.return_code)
