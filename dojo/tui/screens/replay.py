"""Replay a stored session turn by turn and attach a 2nd coach's notes to turns.

The session is rebuilt by replaying its record (the same view an export gives: every
turn with the label it was heard as, the scorer's note, the human notes). ``n`` writes a
note on the highlighted turn; it is saved in the store at once and shows in exports.
This is how a peer acts as 2nd coach on a shared (imported) session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from dojo.coaching.card import label_name
from dojo.coaching.labels import ANTI_PATTERNS
from dojo.coaching.report import TurnFlag
from dojo.render.view import turn_label
from dojo.tui.screens.base import DojoScreen
from dojo.tui.text import literal

if TYPE_CHECKING:
    from dojo.storage.api import SessionStore
    from dojo.storage.export import ExportTurn, SessionExport
    from dojo.storage.rows import Note


class ReplayScreen(DojoScreen):
    CSS_PATH = "replay.tcss"
    AUTO_FOCUS = "#replay-turns"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("n", "note", "Note on this turn"),
        Binding("d", "delete_note", "Delete its last note"),
        Binding("home", "first", "First turn", show=False),
        Binding("end", "last", "Last turn", show=False),
        Binding("pagedown", "scroll_detail(1)", "Turn text down", show=False, priority=True),
        Binding("pageup", "scroll_detail(-1)", "Turn text up", show=False, priority=True),
    ]

    def __init__(self, store: SessionStore, session_id: str) -> None:
        super().__init__()
        self.store = store
        self.session_id = session_id
        self.export: SessionExport | None = None
        self.notes: list[Note] = []
        self.turn: int | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield Static(f"Replay {self.session_id[:8]}", id="replay-title", classes="heading", markup=False)
        with Horizontal(id="replay-main"):
            yield OptionList(Option("Replaying the session…", disabled=True), id="replay-turns")
            with VerticalScroll(id="replay-detail"):
                yield Static(id="replay-text", markup=False)
        yield Input(placeholder="Your note on this turn — Enter saves, Escape cancels", id="replay-note", max_length=2000)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="replay")
    def load(self) -> None:
        from dojo.storage.export import build_export

        try:
            export, warnings = build_export(self.store, self.session_id)
            notes = self.store.notes(self.session_id)
            problem = None
        except Exception as exc:  # noqa: BLE001 - shown, not a crash
            export, warnings, notes, problem = None, [], [], str(exc)
        self.app.call_from_thread(self._show, export, notes, warnings, problem)

    def _show(self, export: SessionExport | None, notes: list[Note], warnings: list[str], problem: str | None) -> None:
        self.loaded = True
        if export is None:
            self.query_one("#replay-text", Static).update(Text(f"Cannot open this session: {problem}", style="bold red"))
            return
        for w in warnings:
            self.notify(w, severity="warning")
        self.export, self.notes = export, notes
        s = export.session
        title = Text.assemble(("Replay ", "bold"), (s.id[:8], "bold"), " · ")
        title.append_text(literal(s.title))
        title.append(f" · {'score ' + str(s.score) if s.score is not None else 'unfinished'}", style="dim")
        if s.kind == "real":
            title.append(" · real conversation", style="magenta")
        self.query_one("#replay-title", Static).update(title)
        self._fill(keep=0)

    def _notes_on(self, turn: int) -> list[Note]:
        return [n for n in self.notes if n.turn == turn]

    def _prompt(self, t: ExportTurn) -> Text:
        out = Text(f"{t.index + 1:>3} ", style="dim")
        if t.speaker == "coach":
            out.append("coach   ", style="bold")
            if t.label:
                bad = t.label in ANTI_PATTERNS or TurnFlag.JUDGEMENTAL in t.flags
                out.append(f"{label_name(t.label):<10} ", style="red" if bad else "cyan")
        else:
            out.append("learner ", style="italic")
        out.append_text(literal(t.text))  # the whole line: the list wraps it, nothing is cut
        n = len(self._notes_on(t.index))
        if n:
            out.append(f"  ✎{n}", style="bold yellow")
        return out

    def _fill(self, keep: int | None = None) -> None:
        export = self.export
        if export is None:
            return
        listing = self.query_one("#replay-turns", OptionList)
        listing.clear_options()
        if not export.turns:
            listing.add_option(Option("This session has no turns yet.", disabled=True))
            self._detail(None)
            return
        listing.add_options([Option(self._prompt(t), id=str(t.index)) for t in export.turns])
        index = keep if keep is not None else 0
        listing.highlighted = min(index, len(export.turns) - 1)
        self._detail(listing.highlighted)

    @on(OptionList.OptionHighlighted, "#replay-turns")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(event.option_index)

    def _detail(self, index: int | None) -> None:
        export = self.export
        out = Text()
        if export is None or index is None or not export.turns:
            self.turn = None
            self.query_one("#replay-text", Static).update(out)
            return
        self.turn = index
        t = export.turns[index]
        heard = turn_label(t)  # "next step, corrected": the transcripts' wording
        who = f"{t.speaker} ({heard})" if heard else t.speaker
        out.append(f"Turn {t.index + 1} of {len(export.turns)} · cycle {t.cycle} · {who}\n", style="bold")
        out.append("\n")
        out.append_text(literal(t.text))
        out.append("\n")
        if t.note:
            out.append("\n2nd coach (automatic): ", style="bold")
            out.append_text(literal(t.note))
            out.append("\n")
        for n in self._notes_on(t.index):
            out.append("\n✎ ", style="bold yellow")
            if n.author:
                out.append_text(literal(n.author, "bold"))
                out.append(": ")
            out.append_text(literal(n.text))
            out.append("\n")
        report = export.score_report
        if report is not None and report.feedback and index == len(export.turns) - 1:
            out.append("\nFeedback on the session\n", style="bold")
            for k, f in enumerate(report.feedback, start=1):
                out.append(f"{k}. ")
                out.append_text(literal(f.text))
                out.append("\n")
        self.query_one("#replay-text", Static).update(out)
        self.query_one("#replay-detail", VerticalScroll).scroll_home(animate=False)

    def action_scroll_detail(self, direction: int) -> None:
        """Page through a turn longer than its pane (the list keeps the focus)."""
        detail = self.query_one("#replay-detail", VerticalScroll)
        if direction > 0:
            detail.scroll_page_down(animate=False)
        else:
            detail.scroll_page_up(animate=False)

    # -- notes ------------------------------------------------------------------------------------

    def action_note(self) -> None:
        if self.turn is None:
            return
        self.add_class("-noting")
        note = self.query_one("#replay-note", Input)
        note.placeholder = f"Your note on turn {self.turn + 1} — Enter saves, Escape cancels"
        note.value = ""
        note.focus()

    @on(Input.Submitted, "#replay-note")
    def _note_written(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        self._close_note()
        if not text or self.turn is None:
            return
        self.save_note(self.turn, text)

    def save_note(self, turn: int, text: str) -> None:
        from dojo.errors import UserError

        try:
            self.store.add_note(self.session_id, turn, text)
            self.notes = self.store.notes(self.session_id)
        except UserError as exc:
            self.notify(str(exc), title="The note was not saved", severity="error")
            return
        self._fill(keep=turn)
        self.notify(f"Note saved on turn {turn + 1}", timeout=2)

    def action_delete_note(self) -> None:
        if self.turn is None:
            return
        mine = self._notes_on(self.turn)
        if not mine:
            self.notify("This turn has no note", severity="warning", timeout=2)
            return
        self.store.delete_note(mine[-1].id)
        self.notes = self.store.notes(self.session_id)
        self._fill(keep=self.turn)

    def _close_note(self) -> None:
        self.remove_class("-noting")
        self.query_one("#replay-note", Input).value = ""
        self.query_one("#replay-turns", OptionList).focus()

    def action_back(self) -> None:
        if self.has_class("-noting"):
            self._close_note()
            return
        self.app.pop_screen()

    def action_first(self) -> None:
        self.query_one("#replay-turns", OptionList).highlighted = 0

    def action_last(self) -> None:
        listing = self.query_one("#replay-turns", OptionList)
        if listing.option_count:
            listing.highlighted = listing.option_count - 1
