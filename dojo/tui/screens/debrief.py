"""The debrief: the 2nd coach's view of the whole session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static, TabbedContent, TabPane

from dojo.coaching.card import label_name
from dojo.coaching.labels import ANTI_PATTERNS, CARD_STEPS, Label
from dojo.coaching.report import CRITERIA, CRITERION_NAMES
from dojo.formatting import duration
from dojo.session.debrief import GUIDE_MINUTES, Debrief, corrections_line, whose_idea
from dojo.tui.screens.base import DojoScreen
from dojo.tui.text import literal, quantity
from dojo.tui.widgets.runchart import RunChartView, fmt

if TYPE_CHECKING:
    from dojo.session.engine import Session

#: Colour of a coach move in the annotated transcript.
LABEL_STYLE: dict[str, str] = {
    "card": "green",
    "clarify": "cyan",
    "anti": "bold red",
    "closed": "yellow",
    "other": "dim",
}


def label_style(label: Label | None) -> str:
    if label is None:
        return ""
    if label in CARD_STEPS:
        return LABEL_STYLE["card"]
    if label in ANTI_PATTERNS:
        return LABEL_STYLE["anti"]
    if label is Label.CLARIFY:
        return LABEL_STYLE["clarify"]
    if label is Label.CLOSED:
        return LABEL_STYLE["closed"]
    return LABEL_STYLE["other"]


def bar(value: float | None, width: int = 20, empty: str = "not due") -> Text:
    if value is None:
        return Text(empty.ljust(width), style="dim")
    filled = round(value / 100 * width)
    return Text("█" * filled + "░" * (width - filled), style="green" if value >= 75 else "yellow" if value >= 40 else "red")


def summary_text(d: Debrief) -> Text:
    o = d.outcome
    out = Text()
    out.append(f"Coaching score {d.score.score}/100", style="bold reverse")
    out.append(f"   {d.title} · seed {d.seed} · {d.mode}\n\n", style="dim")
    sign = "≤" if o.direction == "at_most" else "≥"
    out.append("Where the process ended: ", style="bold")
    out.append(f"{o.metric} {fmt(o.baseline)} → {fmt(o.final)} {o.unit}, target {sign} {quantity(o.target, o.unit)}  ")
    out.append("✓ target condition met\n" if o.target_met else "not met yet — the learning counts too\n",
               style="green" if o.target_met else "yellow")
    corrected = corrections_line(d)
    if corrected:
        out.append(corrected + "\n", style="dim")
    out.append("\nThe 2nd coach's feedback\n", style="bold underline")
    if not d.score.feedback:
        out.append("Nothing to add: keep coaching this way.\n", style="italic")
    for i, item in enumerate(d.score.feedback, 1):
        out.append(f"{i}. ", style="bold")
        out.append_text(literal(item.text, "bold"))
        out.append("\n")
        out.append_text(literal(item.why, "dim italic"))
        if item.example is not None:
            out.append("\n   ")
            out.append_text(literal(item.example.text, "italic"))
        out.append("\n\n")
    if d.score.strengths:
        out.append("\nWhat went well\n", style="bold underline")
        for s in d.score.strengths:
            out.append("✓ ", style="green")
            out.append_text(literal(s))
            out.append("\n")
    out.rstrip()
    return out


def steps_table(d: Debrief) -> Table:
    table = Table(title="Per card step (mean over the cycles where it was due)", title_justify="left", expand=False)
    table.add_column("step")
    table.add_column("score", no_wrap=True)
    table.add_column("", justify="right")
    table.add_column("asked", justify="right")
    for s in d.score.steps:
        table.add_row(label_name(s.step), bar(s.score), "—" if s.score is None else f"{s.score:.0f}",
                      str(s.asked))
    c = d.score.criteria
    table.add_section()
    for name in CRITERIA:
        value = getattr(c, name)
        shown = "—" if value is None else f"{value:.0f}"  # listening: not judged without learner lines
        table.add_row(Text(CRITERION_NAMES[name], style="italic"), bar(value, empty="not judged"), shown, "")
    return table


def transcript_text(d: Debrief) -> Text:
    out = Text()
    legend = Text("Colours: ")
    for name, style in (("card step", "green"), ("follow-up", "cyan"), ("closed", "yellow"),
                        ("leading / telling", "bold red"), ("other", "dim")):
        legend.append(f"■ {name}  ", style=style)
    out.append_text(legend)
    out.append("\n")
    cycle = None
    for t in d.score.turns:
        if t.cycle != cycle:
            cycle = t.cycle
            out.append(f"\n── Cycle {cycle + 1} ──\n", style="bold")
        if t.speaker == "coach":
            style = label_style(t.label)
            out.append(f"{label_name(t.label) if t.label else '?':>10}  ", style=style)
            out.append_text(literal(t.text, style if t.label in ANTI_PATTERNS else ""))
            out.append("\n")
            if t.note:
                out.append("         ✎  ", style="dim")
                out.append_text(literal(t.note, "italic dim"))
                out.append("\n")
        else:
            out.append("         ↳  ", style="dim")
            out.append_text(literal(t.text, "dim"))
            out.append("\n")
    out.rstrip()
    return out


def stopwatch_text(d: Debrief) -> Text:
    out = Text("The 2nd coach's stopwatch ", style="bold underline")
    out.append(f"(a cycle is meant to take about {GUIDE_MINUTES} minutes or less)\n\n", style="dim")
    for c in d.cycles:
        over = c.minutes > GUIDE_MINUTES
        out.append(f"Cycle {c.number}: {c.minutes:.1f} min", style="bold red" if over else "bold")
        out.append("  over the guide\n" if over else "\n", style="red")
        total = sum(p.seconds for p in c.phases) or 1.0
        for p in c.phases:
            width = max(1, round(p.seconds / total * 30)) if p.seconds else 0
            out.append(f"  {p.phase.replace('_', ' '):<10} ", style="dim")
            out.append("▇" * width, style="cyan")
            out.append(f" {duration(p.seconds)}\n")
        marks = [
            ("prediction", c.prediction_stated), ("go and see", c.go_see_agreed),
            ("learning", c.learning_captured), ("target met", c.target_met),
        ]
        out.append("  ")
        for name, ok in marks:
            out.append(f"{'✓' if ok else '✗'} {name}  ", style="green" if ok else "dim")
        out.append("\n  step: ", style="dim")
        out.append_text(literal(c.experiment))
        out.append(f"\n  {whose_idea(c.chosen_by, c.tempting)}\n\n", style="dim")
    lr = d.learner
    out.append("How the learner developed\n", style="bold underline")
    out.append("  (out of 100, from the first cycle to the end)\n", style="dim")
    for name, level in (("clarity", lr.clarity), ("ownership", lr.ownership), ("confidence", lr.confidence)):
        start, end = round(level.start * 100), round(level.end * 100)
        out.append(f"  {name:<11} {start} → {end} ")
        out.append(f"({end - start:+d})\n", style="green" if end > start else "red" if end < start else "dim")
    out.append(f"  predictions made {lr.predictions_made} · learnings captured {lr.learnings_captured} · "
               f"'I don't know yet' {lr.dont_knows} · told {lr.told} · led {lr.led}")
    return out


class DebriefScreen(DojoScreen):
    BINDINGS = [
        Binding("1", "show_tab('tab-score')", "Score"),
        Binding("2", "show_tab('tab-transcript')", "Transcript"),
        Binding("3", "show_tab('tab-chart')", "Chart"),
        Binding("4", "show_tab('tab-stopwatch')", "Stopwatch"),
        Binding("e", "export", "Export", tooltip="Write the session as Markdown, HTML or JSON"),
        Binding("a", "again", "Again", tooltip="Play again with the same seed"),
        Binding("n", "home", "Home", tooltip="Back to the list of scenarios"),
        Binding("q", "app.quit", "Quit", show=False),
        Binding("down", "scroll(1)", "", show=False),
        Binding("up", "scroll(-1)", "", show=False),
        Binding("pagedown,space", "scroll(10)", "", show=False),
        Binding("pageup", "scroll(-10)", "", show=False),
    ]

    def __init__(self, debrief: Debrief, session: Session | None = None) -> None:
        super().__init__()
        self.debrief = debrief
        self.session = session

    def compose_body(self) -> ComposeResult:
        d = self.debrief
        with TabbedContent(id="debrief-tabs"):
            with TabPane("1 Score", id="tab-score"), VerticalScroll():
                yield Static(summary_text(d), id="summary", markup=False)
                yield Static(steps_table(d), id="steps")
            with TabPane("2 Transcript", id="tab-transcript"), VerticalScroll():
                yield Static(transcript_text(d), id="transcript", markup=False)
            with TabPane("3 Run chart", id="tab-chart"):
                yield RunChartView(d.run_chart, id="debrief-chart")
            with TabPane("4 Stopwatch & learner", id="tab-stopwatch"), VerticalScroll():
                yield Static(stopwatch_text(d), id="stopwatch", markup=False)
        yield Footer(compact=True)

    def action_scroll(self, lines: int) -> None:
        """Up/down scroll the open tab while the tab bar keeps left/right."""
        pane = self.query_one(TabbedContent).active_pane
        if pane is None:
            return
        for scroller in pane.query(VerticalScroll):
            scroller.scroll_relative(y=lines, animate=False)
            return

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_export(self) -> None:
        self.app.export_session(self.session, self.debrief)

    def action_again(self) -> None:
        self.app.play_again(same_seed=True)

    def action_home(self) -> None:
        self.app.go_home()
