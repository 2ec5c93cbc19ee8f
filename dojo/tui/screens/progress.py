"""Progress: how your coaching changes over weeks — the score trend, per card step, habits, what next.

Everything shown comes from :meth:`SessionStore.history` (SQL aggregates over the summary
columns written when sessions end; nothing is replayed), read in a thread worker that posts
a :class:`ProgressScreen.Loaded` message: the event loop never waits for the database. Enter on a session opens it in the replay view, where a 2nd
coach can add notes; ``d`` deletes it, after a confirmation dialog.

It shows the current player's sessions (players, issue 10); ``w`` switches to everyone's
(each session listed with its player; nothing is ranked) and to those saved without a
player name (before players existed), and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dojo.formatting import short_iso, stamp
from dojo.players import shown
from dojo.tui.screens.base import DojoScreen
from dojo.tui.text import clean, literal

if TYPE_CHECKING:
    from dojo.storage.api import SessionStore
    from dojo.storage.history import History
    from dojo.storage.rows import SessionRow

#: Sessions listed under the charts (newest first) until ``a`` lists more; the charts cover all of them.
#: Each listed row costs layout time when the screen opens (bench/bench_storage.py).
LISTED = 30
LISTED_ALL = 1000
KINDS: tuple[Literal["practice", "real"] | None, ...] = (None, "practice", "real")


def _score_style(score: float) -> str:
    if score >= 75:
        return "green"
    if score >= 50:
        return "yellow"
    return "red"


_EIGHTHS = " ▁▂▃▄▅▆▇█"
_HBLOCKS = " ▏▎▍▌▋▊▉█"


def hbar(value: float | None, width: int, top: float = 100.0) -> Text:
    """A horizontal bar of ``value`` out of ``top`` in ``width`` cells (eighths of a cell)."""
    if value is None:
        return Text("·" * width, style="dim")
    cells = max(0.0, min(1.0, value / top)) * width
    full = int(cells)
    part = _HBLOCKS[int((cells - full) * 8)] if full < width else ""
    bar = "█" * full + part
    out = Text(bar, style=_score_style(value if top == 100.0 else 100.0))
    out.append("░" * (width - len(bar)), style="dim")
    return out


class ScoreChart(Widget):
    """Score per group of sessions, oldest → newest, as columns on a 0–100 scale with 50/75 guides."""

    DEFAULT_CSS = "ScoreChart { height: 12; }"

    history: reactive[History | None] = reactive(None, layout=False)

    def render(self) -> Text:
        h = self.history
        out = Text()
        if h is None:
            return Text("Loading…", style="dim")
        if not h.trend:
            return Text("No finished sessions yet: the chart appears after your first debrief.", style="dim")
        rows = max(3, self.size.height - 2)
        points = h.trend
        width = max(10, self.size.width - 6)
        col = max(1, min(4, width // max(1, len(points))))
        for r in range(rows, 0, -1):
            level_top = r / rows * 100
            level_bottom = (r - 1) / rows * 100
            axis = f"{level_top:3.0f} ┤" if r in (rows, (rows + 1) // 2) else "    │"
            out.append(axis, style="dim")
            for p in points:
                if p.score >= level_top:
                    cell = "█"
                elif p.score > level_bottom:
                    cell = _EIGHTHS[max(1, int((p.score - level_bottom) / (100 / rows) * 8))]
                else:
                    guide = 75 if level_bottom < 75 <= level_top else 50 if level_bottom < 50 <= level_top else None
                    cell = "┈" if guide is not None else " "
                    out.append(cell * col, style="dim")
                    continue
                out.append(cell * max(1, col - 1) + (" " if col > 1 else ""), style=_score_style(p.score))
            out.append("\n")
        out.append("    └" + "─" * (len(points) * col) + "\n", style="dim")
        marks = Text("     ")
        for p in points:
            marks.append(("◆" if p.real else " ").ljust(col), style="magenta")
        first, last = (f"{short_iso(d[:10])} {d[:4]}" for d in (points[0].first, points[-1].last))
        gap = max(1, len(points) * col - len(first) - len(last))
        out.append(f"     {first}{' ' * gap}{last}", style="dim")
        if any(p.real for p in points):
            out.append("\n")
            out.append_text(marks)
            out.append(" ◆ includes a real conversation", style="magenta")
        return out


class ConfirmDelete(ModalScreen[bool]):
    """Asks before a session is deleted for good: ``y`` deletes, ``n`` or Escape keeps it."""

    DEFAULT_CSS = """
    ConfirmDelete { align: center middle; }
    ConfirmDelete > Vertical { width: 64; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Delete"),
        Binding("n", "answer(False)", "Keep"),
        Binding("escape", "answer(False)", "Keep", show=False),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble(("Delete ", "bold"), (self.what, "bold"), "?"))  # a Text: never markup
            yield Static(Text("Its transcript, scores and notes go too; this cannot be undone.\n\n"
                              "y: delete · n or Esc: keep", style="dim"))

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)


class ProgressScreen(DojoScreen):
    """Sessions over time. Escape goes back; Enter opens the highlighted session for replay and notes."""

    CSS_PATH = "progress.tcss"
    # Nothing takes the focus when the screen opens: the keys below drive the session list from the
    # screen. (A focus change on mount makes the footer compose its keys twice: ~70 ms, the largest
    # single cost of opening this screen in bench/bench_storage.py.) A click still focuses the list.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Replay & notes", show=True),
        Binding("k", "kind", "All / practice / real"),
        Binding("w", "whose", "Whose sessions"),
        Binding("a", "more", "List more"),
        Binding("d", "delete", "Delete"),
        Binding("up", "cursor('cursor_up')", "Previous", show=False),
        Binding("down", "cursor('cursor_down')", "Next", show=False),
        Binding("pageup", "scroll_body(-1)", "Charts up", show=False),
        Binding("pagedown", "scroll_body(1)", "Charts down", show=False),
        Binding("home", "cursor('first')", "First", show=False),
        Binding("end", "cursor('last')", "Last", show=False),
    ]

    @dataclass
    class Loaded(Message):
        """What the worker read: the aggregates and the listed rows, or the problem that stopped it."""

        history: History | None
        rows: list[SessionRow]
        problem: str | None

    def __init__(self, store: SessionStore, *, player: str | None = None) -> None:
        """``player``: whose sessions are shown first ("": those without a name; None: everyone's)."""
        super().__init__()
        self.store = store
        #: What ``w`` goes through: the player's sessions, everyone's, those saved without a name.
        self.whose_options: list[str | None] = [player] + [w for w in (None, "") if w != player]
        self.whose_index = 0
        self.kind_index = 0
        self.history: History | None = None
        self.rows: list[SessionRow] = []
        self.loaded = False
        self.listed = LISTED

    def compose_body(self) -> ComposeResult:
        yield Static("Progress", id="progress-title", classes="heading", markup=False)
        with VerticalScroll(id="progress-body"):
            yield Static(id="progress-summary", markup=False)
            yield ScoreChart(id="progress-chart")
            with Horizontal(id="progress-panels"):
                yield Static(id="progress-steps", markup=False)
                yield Static(id="progress-habits", markup=False)
            yield Static(id="progress-next", markup=False)
        yield Static("Sessions, newest first — Enter: replay and 2nd-coach notes · a: list more", classes="heading",
                     markup=False)
        yield Static(id="progress-header", markup=False)
        yield OptionList(id="progress-sessions")
        yield Footer()

    @property
    def whose(self) -> str | None:
        return self.whose_options[self.whose_index]

    def on_mount(self) -> None:
        # The aggregates take a few tens of milliseconds even with thousands of sessions
        # (bench/bench_storage.py): read off the event loop, shown when the message arrives.
        self.query_one("#progress-summary", Static).update(Text("Loading…", style="dim"))
        self.load()

    def _query(self) -> tuple[History | None, list[SessionRow], str | None]:
        kind, player = KINDS[self.kind_index], self.whose
        try:
            return (self.store.history(kind=kind, player=player),
                    self.store.sessions(kind=kind, limit=self.listed, player=player), None)
        except Exception as exc:  # noqa: BLE001 - shown, not a crash
            return None, [], str(exc)

    @work(thread=True, exclusive=True, group="progress")
    def load(self) -> None:
        """Read the history for the current kind and listing length; the answer comes back as ``Loaded``."""
        self.post_message(self.Loaded(*self._query()))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._show(message.history, message.rows, message.problem)

    def _show(self, history: History | None, rows: list[SessionRow], problem: str | None) -> None:
        self.history, self.rows = history, rows
        summary = self.query_one("#progress-summary", Static)
        if history is None:
            summary.update(Text(f"Cannot read your history: {problem}", style="bold red"))
            self.loaded = True
            return
        kind, player = KINDS[self.kind_index], self.whose
        title = Text("Progress", style="bold")
        title.append(" — ", style="dim")
        if player:
            title.append_text(literal(player, "bold"))  # as typed: never markup
        else:
            title.append("every player" if player is None else "sessions without a player name", style="bold")
        title.append(f" · {kind or 'all'} sessions  (k: kind · w: whose)", style="dim")
        self.query_one("#progress-title", Static).update(title)
        who = f"{'player':<14}  " if player is None else ""
        self.query_one("#progress-header", Static).update(
            Text(f"  {'id':<8}  {'started':<17}  {who}{'kind':<8}  {'scenario':<20}  {'score':>5}  notes", style="dim")
        )
        summary.update(self._summary(history))
        self.query_one(ScoreChart).history = history
        self.query_one("#progress-steps", Static).update(self._steps(history))
        self.query_one("#progress-habits", Static).update(self._habits(history))
        self.query_one("#progress-next", Static).update(self._next(history))
        listing = self.query_one("#progress-sessions", OptionList)
        listing.clear_options()
        options = []
        for r in reversed(rows):
            line = Text(f"{r.short_id:<8}  {stamp(r.started_at):<17}  ")
            if player is None:
                line.append(f"{clean(shown(r.player))[:14]:<14}  ", style="" if r.player else "dim")
            line.append(f"{r.kind:<8}", style="magenta" if r.kind == "real" else "")
            name = clean(r.title if r.kind == "real" else r.scenario)[:20]
            line.append(f"  {name:<20}  ")
            if r.score is not None:
                line.append(f"{r.score:>5}", style=_score_style(r.score))
            else:
                line.append(f"{'open' if not r.finished else '–':>5}", style="dim")
            if r.notes:
                line.append(f"  ✎{r.notes}", style="yellow")
            options.append(Option(line, id=r.id))
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        self.loaded = True

    @staticmethod
    def _summary(h: History) -> Text:
        if h.sessions == 0:
            return Text("No sessions yet. Play one from home: every session is kept here.", style="italic")
        out = Text()
        out.append(f"{h.sessions}", style="bold")
        out.append(f" sessions ({h.practice} practice, {h.real} real) · ")
        if h.average is not None:
            out.append("average ")
            out.append(f"{h.average:.0f}", style=f"bold {_score_style(h.average)}")
            out.append(f" · best {h.best}")
        if h.recent_average is not None:
            out.append(f" · last {h.recent_window}: ")
            out.append(f"{h.recent_average:.0f}", style=f"bold {_score_style(h.recent_average)}")
            if h.change is not None:
                arrow = "▲" if h.change > 0.5 else "▼" if h.change < -0.5 else "="
                out.append(f" {arrow} {h.change:+.0f}", style="green" if h.change > 0.5 else "red" if h.change < -0.5 else "")
        if h.unfinished:
            out.append(f" · {h.unfinished} to continue", style="dim")
        return out

    @staticmethod
    def _steps(h: History) -> Text:
        out = Text("Card steps", style="bold")
        out.append(f"   all · last {h.recent_window}\n", style="dim")
        for s in h.steps:
            out.append(f"{s.name:<18} ")
            out.append_text(hbar(s.average, 12))
            out.append(f" {'–' if s.average is None else f'{s.average:3.0f}'}")
            if s.recent is not None and s.average is not None:
                d = s.recent - s.average
                out.append(f" {'▲' if d > 2 else '▼' if d < -2 else '·'}", style="green" if d > 2 else "red" if d < -2 else "dim")
            out.append("\n")
        return out

    @staticmethod
    def _habits(h: History) -> Text:
        out = Text("Habits to watch", style="bold")
        out.append("  (sessions with it)\n", style="dim")
        if not h.patterns:
            out.append("None so far — well done.\n", style="green")
        top = max((p.sessions for p in h.patterns), default=1)
        for p in h.patterns[:6]:
            out.append(f"{p.name[:30]:<30} ")
            bar = "■" * max(1, round(p.sessions / top * 8))
            out.append(f"{bar:<8}", style="red" if p.recent_sessions else "dim")
            out.append(f" {p.sessions}\n")
        if h.feedback:
            out.append("\nRecurring feedback\n", style="bold")
            for f in h.feedback[:3]:
                out.append(f"{f.sessions:3d}× ", style="bold")
                out.append(clean(f.text) + "\n")
        return out

    @staticmethod
    def _next(h: History) -> Text:
        if h.practise_next is None:
            return Text("")
        out = Text("Practise next: ", style="bold reverse")
        out.append(" ")
        out.append(clean(h.practise_next.text), style="bold")
        return out

    # -- actions --------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_kind(self) -> None:
        self.kind_index = (self.kind_index + 1) % len(KINDS)
        self.loaded = False
        self.load()

    def action_whose(self) -> None:
        self.whose_index = (self.whose_index + 1) % len(self.whose_options)
        self.loaded = False
        self.load()

    def action_more(self) -> None:
        self.listed = LISTED_ALL
        self.loaded = False
        self.load()

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#progress-body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()

    def action_cursor(self, where: str) -> None:
        listing = self.query_one("#progress-sessions", OptionList)
        moves = {"cursor_up": listing.action_cursor_up, "cursor_down": listing.action_cursor_down,
                 "first": listing.action_first, "last": listing.action_last}
        if not listing.has_focus and where in moves:
            moves[where]()

    @on(OptionList.OptionSelected, "#progress-sessions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def action_open(self) -> None:
        option = self.query_one("#progress-sessions", OptionList).highlighted_option
        if option is not None:
            self._open(option.id)

    def action_delete(self) -> None:
        option = self.query_one("#progress-sessions", OptionList).highlighted_option
        row = next((r for r in self.rows if option is not None and r.id == option.id), None)
        if row is None:
            return
        what = f"session {row.short_id} ({row.kind}, {clean(row.title if row.kind == 'real' else row.scenario)[:40]})"

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.store.delete(row.id)  # one short transaction
            except Exception as exc:  # noqa: BLE001 - shown, not a crash
                self.notify(clean(str(exc)), severity="error", markup=False)
                return
            self.notify(f"Deleted {what}", markup=False)
            self.loaded = False
            self.load()

        self.app.push_screen(ConfirmDelete(what), answered)

    def _open(self, session_id: str | None) -> None:
        if not session_id:
            return
        from dojo.tui.screens.replay import ReplayScreen

        self.app.push_screen(ReplayScreen(self.store, session_id))
