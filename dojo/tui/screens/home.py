"""Home: pick a scenario and a mode, start; continue an unfinished session when a store has one; join a dojo plan's round."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dojo.tui.hooks import FIRST_FRAME_ENV, LISTED_ENV
from dojo.tui.messages import StartSession
from dojo.tui.screens.base import DojoScreen
from dojo.tui.text import literal
from dojo.tui.widgets.figures import PUFFIN, YETI

if TYPE_CHECKING:
    from dojo.plans.joining import Joined
    from dojo.plans.loader import PlanFile
    from dojo.scenarios.registry import ScenarioInfo
    from dojo.storage.recorder import SavedSession

MODES = {
    "free": "free text — you type your own questions",
    "guided": "guided — pick 1 of 4 questions (some are traps)",
}


def banner() -> Text:
    out = Text()
    for p, y in zip(PUFFIN, YETI):
        out.append(f" {p:<7}", style="bold")
        out.append(f" {y}\n", style="bold")
    out.append(" Kata Dojo", style="bold")
    out.append(" — rehearse coaching with the I-don't-know-yet Yeti.", style="italic")
    return out


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario to start in the chosen mode."""

    info: ScenarioInfo

    @property
    def option_id(self) -> str:
        return f"scenario:{self.info.id}"


@dataclass(frozen=True)
class SavedEntry:
    """An unfinished session to continue; ``info`` is its scenario when the catalogue still lists it."""

    saved: SavedSession
    info: ScenarioInfo | None

    @property
    def option_id(self) -> str:
        return f"saved:{self.saved.session_id}"


@dataclass(frozen=True)
class PlanEntry:
    """A dojo plan: starting it asks which round to join (:class:`~dojo.tui.screens.join.JoinRound`)."""

    found: PlanFile

    @property
    def option_id(self) -> str:
        return f"plan:{self.found.plan.id}"


HomeEntry = ScenarioEntry | SavedEntry | PlanEntry


def list_plans(scenario_ids: Iterable[str]) -> list[PlanFile]:
    """The plans whose every round names a scenario this home screen lists (so each can be started);
    like a broken scenario file, a plan with problems is left out here (``dojo plans list`` names it)."""
    from dojo.plans.loader import offered
    from dojo.plans.registry import discover

    try:
        return discover(scenario_check=offered(set(scenario_ids))).plans
    except Exception:  # noqa: BLE001 - e.g. DOJO_PLANS names no directory: no plans, as with a broken file
        return []


class HomeScreen(DojoScreen):
    AUTO_FOCUS = "#scenarios"
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("g", "toggle_mode", "Free / guided"),
        Binding("p", "progress", "Progress"),  # storage (issue 5)
        Binding("w", "switch_player", "Player"),  # players (issue 10)
    ]
    DEFAULT_CSS = "#player-line { height: 1; padding: 0 1; }"

    mode: reactive[str] = reactive("free")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, HomeEntry] = {}  # by option id: the list shows them in this order

    @property
    def saved(self) -> dict[str, SavedSession]:
        """The unfinished sessions listed, by their id in the store."""
        return {e.saved.session_id: e.saved for e in self.entries.values() if isinstance(e, SavedEntry)}

    def compose_body(self) -> ComposeResult:
        yield Static(banner(), id="banner", markup=False)
        with Horizontal(id="home-main"):
            with Vertical(id="home-left"):
                yield Static("Scenarios", classes="heading", markup=False)
                yield OptionList(Option("Loading scenarios…", disabled=True), id="scenarios")
            yield Static(id="details", markup=False)
        yield Static(id="mode", markup=False)
        yield Static(id="player-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.mode = self.app.mode
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.app.first_frame_shown(start_work=False)  # the list first, then the classifier
        if self.app.is_running and not os.environ.get(FIRST_FRAME_ENV):
            self._load()
            from dojo.tui.screens.player import asks_for_player

            if asks_for_player(self.app):
                self.action_switch_player(required=True)

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        catalog = self.app.catalog
        if catalog is None:
            from functools import partial

            from dojo.scenarios.registry import list_scenarios

            catalog = partial(list_scenarios, keep_index=self.app.storage is not None)  # --no-save keeps nothing
        try:
            infos = catalog()
            problem = None
        except Exception as exc:  # noqa: BLE001 - shown to the player, not a crash
            infos, problem = [], str(exc)
        # storage (issue 5): a store that cannot open (e.g. written by a newer dojo) is a message, not a crash;
        # a damaged database set aside on opening is reported once.
        storage = self.app.storage
        saved: list[SavedSession] = []
        warnings: list[str] = []
        if storage is not None:
            try:
                saved = storage.resumable(player=self.app.player)  # players (issue 10): yours only
                warnings = storage.store.warnings
            except Exception as exc:  # noqa: BLE001 - shown to the player
                self.app.call_from_thread(self.notify, str(exc), title="Sessions are not being saved",
                                          severity="error", timeout=15)
        while warnings:
            self.app.call_from_thread(self.notify, warnings.pop(0), title="Your sessions", severity="warning", timeout=15)
        self.app.call_from_thread(self._show, infos, saved, problem, list_plans(i.id for i in infos))

    def _show(
        self, infos: list[ScenarioInfo], saved: list[SavedSession], problem: str | None, plans: Sequence[PlanFile] = ()
    ) -> None:
        by_id = {i.id: i for i in infos}
        entries: list[HomeEntry] = [SavedEntry(s, by_id.get(s.record.scenario_id)) for s in saved]
        entries += [ScenarioEntry(i) for i in infos]
        entries += [PlanEntry(p) for p in plans]  # after the scenarios: Enter on the first entry still starts one
        self.entries = {e.option_id: e for e in entries}
        options = [Option(self._prompt(e), id=e.option_id) for e in entries]
        if plans:
            first = len(entries) - len(plans)
            options.insert(first, Option(Text("Dojo plans: join a round", style="bold"), disabled=True))
        listing = self.query_one("#scenarios", OptionList)
        listing.clear_options()
        if options:
            listing.add_options(options)
            start = self.app.start_scenario
            listing.highlighted = next(
                (i for i, e in enumerate(entries) if isinstance(e, ScenarioEntry) and e.info.id == start), 0
            )  # before the plans' heading, so the index in entries is the index in the list
        else:
            listing.add_option(Option(literal(problem or "No scenarios found (see: dojo scenarios list)."), disabled=True))
        self._details()
        self.app.start_background_work()
        if os.environ.get(LISTED_ENV):  # bench: the scenarios are on screen
            self.call_after_refresh(self._listed)

    @staticmethod
    def _prompt(entry: HomeEntry) -> Text:
        if isinstance(entry, SavedEntry):
            r = entry.saved.record
            done = sum(1 for a in r.actions if a.kind == "end_cycle")
            title = entry.saved.title or (entry.info.title if entry.info else r.scenario_id)
            return Text.assemble(("▶ Continue: ", "bold"), literal(title), (f"  cycle {done + 1}, {r.mode}", "dim"))
        if isinstance(entry, PlanEntry):
            rounds = entry.found.plan.rounds
            return Text.assemble(
                literal(entry.found.plan.title, "bold"),
                (f"\n  {len(rounds)} round{'s' if len(rounds) != 1 else ''} · {sum(r.minutes for r in rounds)} min", "dim"),
            )
        info = entry.info
        return Text.assemble(literal(info.title, "bold"), (f"\n  {info.domain} · {info.difficulty}", "dim"))

    def _highlighted_entry(self) -> HomeEntry | None:
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if option is None or option.id is None or option.disabled:
            return None
        return self.entries.get(option.id)

    def _listed(self) -> None:
        with open(os.environ[LISTED_ENV], "w", encoding="utf-8") as fh:
            fh.write(f"{time.time():.6f}\n")
        self.app.exit(0)

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self) -> None:
        self._details()

    def _details(self) -> None:
        entry = self._highlighted_entry()
        out = Text()
        if isinstance(entry, SavedEntry):
            r = entry.saved.record
            out.append("Continue where you left off\n\n", style="bold")
            out.append_text(literal(entry.info.title if entry.info else r.scenario_id, "bold"))
            out.append(f"\n\nmode {r.mode} · seed {r.seed} · {len(r.actions)} moves so far", style="dim")
        elif isinstance(entry, ScenarioEntry):
            info = entry.info
            out.append_text(literal(info.title, "bold"))
            out.append("\n\n")
            for name, value in (
                ("Domain", info.domain),
                ("Difficulty", info.difficulty),
                ("Learner", f"{info.learner} — " + (", ".join(t.replace('_', ' ') for t in info.persona) or "—")),
            ):
                out.append(f"{name:<11}", style="dim")
                out.append_text(literal(value))
                out.append("\n")
            out.append("\n")
            out.append_text(literal(info.premise, "italic"))
        elif isinstance(entry, PlanEntry):
            plan = entry.found.plan
            out.append_text(literal(plan.title, "bold"))
            if plan.description:
                out.append("\n\n")
                out.append_text(literal(plan.description, "italic"))
            out.append("\n")
            for n, step in enumerate(plan.rounds, 1):
                out.append(f"\n{n}. ", style="bold")
                out.append_text(literal(step.title, "bold"))
                out.append(f"  {step.minutes} min · {step.mode} · ", style="dim")
                out.append_text(literal(step.scenario, "dim"))
            out.append("\n\nEnter chooses the round to join; its focus is shown first.", style="dim")
        self.query_one("#details", Static).update(out)
        self._mode_line()

    def watch_mode(self) -> None:
        self._mode_line()

    def _mode_line(self) -> None:
        if not self.is_mounted:
            return
        out = Text(" Mode: ", style="bold")
        out.append(MODES[self.mode])
        out.append("  · g switches · Enter starts", style="dim")
        self.query_one("#mode", Static).update(out)
        self._player_line()

    # -- players (issue 10) ------------------------------------------------------------------------

    def _player_line(self) -> None:
        player = self.app.player
        out = Text(" Player: ", style="bold")
        if player:
            out.append_text(literal(player))  # as typed: never markup
            out.append("  · w switches player", style="dim")
        else:
            out.append("no name", style="italic")
            out.append("  · w chooses one" + ("" if self.app.storage is not None else " (nothing is saved)"),
                       style="dim")
        self.query_one("#player-line", Static).update(out)

    def action_switch_player(self, required: bool = False) -> None:
        from dojo.tui.screens.player import PlayerDialog

        self.app.push_screen(PlayerDialog(self.app.player, required=required), self._player_chosen)

    def _player_chosen(self, name: str | None) -> None:
        if name is None:
            return
        self.app.choose_player(name)
        self._player_line()
        if self.app.storage is not None:
            self._load()  # the sessions to continue are the new player's

    def action_progress(self) -> None:  # storage (issue 5)
        from dojo.tui.screens.progress import ProgressScreen

        try:
            store = self.app.saved_store()
        except Exception as exc:  # noqa: BLE001 - shown to the player
            self.notify(str(exc), title="No history", severity="error")
            return
        if store is None:
            self.notify("This game is not keeping sessions (started with --no-save).", title="No history")
            return
        self.app.push_screen(ProgressScreen(store, player=self.app.player))

    def action_toggle_mode(self) -> None:
        self.mode = "guided" if self.mode == "free" else "free"
        self.app.mode = self.mode

    def action_start(self) -> None:
        entry = self._highlighted_entry()
        if isinstance(entry, SavedEntry):
            r = entry.saved.record
            ref = entry.info.path if entry.info is not None else r.scenario_id
            self.post_message(StartSession(ref, r.mode, r.seed, saved=entry.saved))
        elif isinstance(entry, ScenarioEntry):
            self.post_message(StartSession(entry.info.path, self.mode, self.app.seed))
        elif isinstance(entry, PlanEntry):
            from dojo.tui.screens.join import JoinRound

            self.app.push_screen(JoinRound(entry.found), self._join)

    def _join(self, joined: Joined | None) -> None:
        """Start the round chosen in :class:`~dojo.tui.screens.join.JoinRound` (its scenario, seed and mode)."""
        if joined is not None:
            r = joined.round
            self.post_message(StartSession(r.scenario, r.mode, r.seed, joined=joined))

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()
