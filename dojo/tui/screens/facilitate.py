"""The facilitator's screen, for a projector: the round, its focus, a large countdown, the card, who is playing.

The countdown is :class:`dojo.plans.clock.PlanClock` (owned by the app, which keeps its state
file), read four times a second; nothing here counts time itself. Who has joined and
finished the round is read from the store by a thread worker every few seconds
(:meth:`FacilitateApp.roster`) and comes back as a :class:`FacilitateScreen.RosterRead`
message: names only, never scores — the screen is shown to the group. ``r`` opens the
round's group debrief (:meth:`FacilitateApp.group_report`, built in a worker) in a
scrollable :class:`GroupReportScreen`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from dojo.coaching.card import SHORT
from dojo.coaching.labels import CARD_ORDER, REFLECTION
from dojo.plans.clock import ClockView, Phase, countdown
from dojo.tui.text import clean
from dojo.tui.widgets.card import emphasised
from dojo.tui.widgets.toosmall import TooSmall

if TYPE_CHECKING:
    from dojo.plans.roster import Roster
    from dojo.tui.screens.facilitate_app import FacilitateApp

#: How often the countdown is redrawn (seconds); it shows whole seconds.
TICK_S = 0.25

#: The card's five questions, front of the card (the reflection on its back is asked within question 2).
FIVE_QUESTIONS: tuple[str, ...] = tuple(SHORT[label] for label in CARD_ORDER if label not in REFLECTION)

#: What the facilitator can do next, by phase (shown under the countdown).
NEXT_KEY: dict[Phase, str] = {
    Phase.NOT_STARTED: "space starts the countdown",
    Phase.RUNNING: "space pauses",
    Phase.PAUSED: "space resumes",
    Phase.TIME_UP: "n: next round · r: the group debrief",
    Phase.FINISHED: "r: the last round's debrief · p: back to it",
}


#: A 3×5 pixel font for the countdown: scaled to the room the screen has, so a projector's is large.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
FONT_HEIGHT = 5
#: Two pixels a cell, one above the other: (top, bottom) → character.
_HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def pixels(text: str) -> list[str]:
    """``text`` (digits and colons) as rows of ``#`` and ``.``, a blank column between characters."""
    glyphs = [FONT[ch] for ch in text if ch in FONT]
    return [".".join(g[row] for g in glyphs) for row in range(FONT_HEIGHT)]


def big_text(text: str, width: int, height: int) -> str:
    """``text`` drawn as large as fits in ``width`` × ``height`` cells (plain text when even the smallest does not)."""
    grid = pixels(text)
    wide = len(grid[0]) if grid else 0
    scale = min(width // max(1, wide), (2 * height) // FONT_HEIGHT)
    if scale < 1:
        return text
    rows = [row for row in grid for _ in range(scale)]
    rows += ["." * wide] * (len(rows) % 2)
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join(_HALVES[(t == "#", b == "#")] * scale for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


class BigCountdown(Widget):
    """The time left, as large as the widget's room allows (``M:SS``)."""

    text: reactive[str] = reactive("")

    def render(self) -> Text:
        return Text(big_text(self.text, self.size.width, self.size.height), no_wrap=True, overflow="crop")


def card_text() -> Text:
    out = Text("The Coaching Kata card\n", style="bold")
    for line in FIVE_QUESTIONS:
        out.append_text(emphasised(line.strip() + "\n"))
    out.rstrip()
    return out


def roster_text(roster: Roster | None, problem: str | None = None, join: str = "") -> Text:
    """Names as plain text (never markup), finished ones ticked; no scores. ``join``: how players join."""
    if problem is not None:
        return Text(f"Cannot read who is playing: {clean(problem)}", style="bold red")
    if roster is None:
        return Text("Looking for players…", style="dim")
    out = Text()
    out.append(f"{len(roster.joined) + roster.unnamed_joined} joined", style="bold")
    out.append(" · ")
    out.append(f"{len(roster.finished) + roster.unnamed_finished} finished", style="bold green")
    out.append("\n")
    if not roster.joined and not roster.unnamed_joined:
        out.append(f"Nobody yet. {join}", style="dim")
        return out
    done = set(roster.finished)
    for i, name in enumerate(roster.joined):
        if i:
            out.append("   ")
        if name in done:
            out.append("✓ ", style="bold green")
        out.append(clean(name), style="bold" if name in done else "")
    if roster.unnamed_joined:
        out.append(f"{'   ' if roster.joined else ''}+{roster.unnamed_joined} without a name", style="dim")
    return out


class FacilitateScreen(Screen[None]):
    """One dojo plan, round by round. Nothing takes the focus: every key is the screen's."""

    app: FacilitateApp  # the app this screen runs in (typed for the checker)

    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("space", "start_pause", "Start/pause"),
        Binding("n", "next_round", "Next round"),
        Binding("p", "previous_round", "Previous"),
        Binding("r", "report", "Report"),
        Binding("q", "quit", "Quit"),
    ]

    @dataclass
    class RosterRead(Message):
        """Who plays ``number`` (read by the worker), or the problem that stopped it."""

        number: int
        roster: Roster | None
        problem: str | None

    def __init__(self) -> None:
        super().__init__()
        self.roster: Roster | None = None
        self.roster_round = 0  # the round ``roster`` is for (0: none read yet)
        self.shown: ClockView | None = None

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield Static(id="fac-head", markup=False)
        with Vertical(id="fac-round"):
            yield Static(id="fac-title", markup=False)
            yield Static(id="fac-focus", markup=False)
        with Vertical(id="fac-clock"):
            yield BigCountdown(id="fac-countdown")
            yield Static(id="fac-phase", markup=False)
        with Horizontal(id="fac-lower"):
            yield Static(card_text(), id="fac-card", markup=False)
            with VerticalScroll(id="fac-players"):
                yield Static(roster_text(None), id="fac-roster", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_clock()
        self.load_roster()
        self.set_interval(TICK_S, self.show_clock)
        self.set_interval(self.app.refresh_s, self.load_roster)

    # -- the countdown ---------------------------------------------------------------------------

    def show_clock(self) -> None:
        """Redraw what changed since the last tick (the clock is read, never counted here)."""
        self.app.plan_clock.sync()  # time ran out: the state file says so too
        view = self.app.plan_clock.view()
        before, self.shown = self.shown, view
        if before is not None and (before.number, before.phase, countdown(before.remaining)) == (
            view.number, view.phase, countdown(view.remaining)
        ):
            return
        plan = self.app.plan_clock.plan
        head = Text.assemble((clean(plan.title), "bold"), "  ·  ", (f"round {view.number} of {view.rounds}", "bold"))
        if view.phase == Phase.FINISHED:
            head.append("  ·  all rounds played", style="bold green")
        self.query_one("#fac-head", Static).update(head)
        self.query_one("#fac-title", Static).update(Text(clean(view.round.title)))
        self.query_one("#fac-focus", Static).update(Text.assemble(("Focus: ", "bold"), clean(view.round.focus)))
        self.query_one("#fac-countdown", BigCountdown).text = countdown(view.remaining)
        for phase in Phase:
            self.query_one("#fac-clock").set_class(view.phase == phase, f"-{phase.name.lower().replace('_', '-')}")
        label = "TIME IS UP" if view.phase == Phase.TIME_UP else view.phase.value.upper()
        self.query_one("#fac-phase", Static).update(
            Text.assemble((f" {label} ", "bold reverse"), "  ", (NEXT_KEY[view.phase], "dim"))
        )
        if before is not None and before.number != view.number:
            self.roster, self.roster_round = None, 0
            self._show_roster(None, None)
            self.load_roster()

    # -- who plays ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="roster", exit_on_error=False)
    def load_roster(self) -> None:
        """Read who plays the current round (in a thread); the answer comes back as ``RosterRead``."""
        number = self.app.plan_clock.state.round
        try:
            self.post_message(self.RosterRead(number, self.app.roster(number), None))
        except Exception as exc:  # noqa: BLE001 - shown on the screen, not a crash
            self.post_message(self.RosterRead(number, None, str(exc)))

    @on(RosterRead)
    def _roster_read(self, message: RosterRead) -> None:
        if message.number != self.app.plan_clock.state.round:
            return  # read for a round the facilitator has left since
        if (message.roster, message.number) == (self.roster, self.roster_round) and message.problem is None:
            return  # nobody new: nothing to redraw
        self.roster, self.roster_round = message.roster, message.number
        self._show_roster(message.roster, message.problem)

    def _show_roster(self, roster: Roster | None, problem: str | None) -> None:
        s = self.app.plan_clock.state
        join = f"Players join with: dojo play --plan {s.plan_id} --round {s.round}"
        self.query_one("#fac-roster", Static).update(roster_text(roster, problem, join))

    # -- keys ----------------------------------------------------------------------------------

    def _changed(self, changed: bool) -> None:
        if changed:
            self.show_clock()

    def action_start_pause(self) -> None:
        self._changed(self.app.plan_clock.toggle())

    def action_next_round(self) -> None:
        self._changed(self.app.plan_clock.advance())

    def action_previous_round(self) -> None:
        self._changed(self.app.plan_clock.back())

    def action_report(self) -> None:
        number = self.app.plan_clock.state.round
        screen = GroupReportScreen(number)
        self.app.push_screen(screen)

    async def action_quit(self) -> None:
        self.app.exit(0)


class GroupReportScreen(Screen[None]):
    """The round's group debrief, as text (never markup), scrollable; Escape goes back to the countdown."""

    app: FacilitateApp

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("r", "back", "Back", show=False),
        Binding("q", "back", "Back", show=False),
        Binding("pageup", "scroll(-1)", "Page up", show=False),
        Binding("pagedown", "scroll(1)", "Page down", show=False),
    ]

    @dataclass
    class Built(Message):
        """The report's text, or the problem that stopped it."""

        text: str | None
        problem: str | None

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.text: str | None = None

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield Static(id="report-head", markup=False)
        with ScrollableContainer(id="report-body"):  # the debrief's tables are wider than 80 columns
            yield Static(Text("Gathering the round's sessions…", style="dim"), id="report-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        title = clean(self.app.plan_clock.plan.title)
        self.query_one("#report-head", Static).update(
            Text.assemble(("Group debrief", "bold"), f" — {title}, round {self.number}", ("   Esc: back", "dim"))
        )
        self.query_one("#report-body", ScrollableContainer).focus()
        self.build()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def build(self) -> None:
        try:
            self.post_message(self.Built(self.app.group_report(self.number), None))
        except Exception as exc:  # noqa: BLE001 - shown on the screen, not a crash
            self.post_message(self.Built(None, str(exc)))

    @on(Built)
    def _built(self, message: Built) -> None:
        self.text = message.text
        shown = (Text(clean(message.text), no_wrap=True) if message.text is not None
                 else Text(f"Cannot build the debrief: {clean(message.problem or '')}", style="bold red"))
        self.query_one("#report-text", Static).update(shown)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#report-body", ScrollableContainer)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()
