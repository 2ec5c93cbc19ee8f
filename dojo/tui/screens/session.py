"""The coaching session: dialogue, storyboard, run chart, card, question input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events as tev
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Input, Static

from dojo.coaching.labels import Label
from dojo.errors import UserError
from dojo.formatting import human_date, human_iso
from dojo.session import events as ev
from dojo.session.guided import asked_steps, candidates, next_due
from dojo.tui.screens.base import DojoScreen
from dojo.tui.text import literal, quantity
from dojo.tui.widgets.card import CardMarks, CoachingCard
from dojo.tui.widgets.dialogue import Bubble, Dialogue
from dojo.tui.widgets.guided import GuidedChoices
from dojo.tui.widgets.heard import HeardAs, HeardHint, LabelPicker
from dojo.tui.widgets.question import QuestionInput
from dojo.tui.widgets.runchart import RunChartView
from dojo.tui.widgets.status import StatusLine
from dojo.tui.widgets.storyboard import StoryboardPanel

if TYPE_CHECKING:
    from dojo.plans.joining import Joined
    from dojo.session.engine import CycleOutcome, Session

#: From this width the storyboard and the run chart sit beside the dialogue.
WIDE = 120


def plan_focus(joined: Joined) -> Text:
    """The plan round's focus, as the line under the status line shows it (the plan's text as text)."""
    r = joined.round
    out = Text(no_wrap=False)
    out.append(f" Round {joined.number}/{len(joined.found.plan.rounds)} · {r.minutes} min · ", style="bold")
    out.append("Focus: ", style="bold")
    out.append_text(literal(r.focus))
    return out


class SessionScreen(DojoScreen):
    """One session in play. While ``in_worker`` a worker computes the cycle's end (the step's run on the
    simulated process) without changing the session; the event loop applies it when the worker's message
    arrives. Meanwhile the stopwatch stops and export waits: the cycle's time is over."""

    @dataclass
    class CycleRan(Message):
        """The worker computed the end of the cycle; the event loop applies ``outcome`` to the session."""

        outcome: CycleOutcome

    @dataclass
    class CycleFailed(Message):
        """The end of the cycle could not be run; the player can try again."""

        error: Exception

    BINDINGS = [
        Binding("ctrl+n", "end_cycle", "End cycle", priority=True, tooltip="The learner runs the agreed step"),
        Binding("ctrl+r", "correct", "Correct", priority=True, tooltip="Correct how the last question was heard"),
        Binding("f2", "toggle_card", "Card"),
        Binding("f3", "toggle_storyboard", "Storyboard"),
        Binding("f4", "toggle_chart", "Chart"),
        Binding("f6", "focus_dialogue", "Scroll the dialogue", show=False),
        Binding("escape", "focus_question", "Back to the question", show=False),
    ]

    show_card: reactive[bool] = reactive(False)
    show_storyboard: reactive[bool] = reactive(True)
    show_chart: reactive[bool] = reactive(True)
    busy: reactive[bool] = reactive(False)

    def __init__(self, session: Session, *, joined: Joined | None = None) -> None:
        """``joined``: the dojo plan round played; its focus stays on screen under the status line."""
        super().__init__()
        self.session = session
        self.joined = joined
        self.guided = session.record.mode == "guided"
        self.learner_name = session.scenario.learner.name
        self.events: list[ev.Event] = []  # everything the engine emitted while this screen was open
        self._pending: list[ev.Event] = []  # the end of a cycle, for the between-cycles screen
        self._chart_under_card = False  # wide: the card hid the chart, which comes back when the card closes
        self.in_worker = False  # the end of a cycle is running in a worker, which owns the session meanwhile
        self._typed_ahead: list[str] = []  # questions submitted while busy, asked when it is over
        self._wide: bool | None = None  # the layout in use: set on mount, changed by a resize across WIDE

    #: Whichever the mode composed: the guided options or the question input.
    AUTO_FOCUS = "#question, #choices"

    def compose_body(self) -> ComposeResult:
        yield StatusLine(id="status")
        if self.joined is not None:
            yield Static(plan_focus(self.joined), id="plan-focus", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Dialogue(id="dialogue")
            with Vertical(id="side"):
                yield CoachingCard(id="card")
                yield StoryboardPanel(id="storyboard")
                yield RunChartView(id="chart")
        yield HeardHint(id="heard")
        if self.guided:
            yield GuidedChoices(id="choices")
        else:
            yield QuestionInput(id="question")
        yield Footer()

    def on_mount(self) -> None:
        s = self.session
        status = self.query_one(StatusLine)
        status.title = s.scenario.title
        status.cycles = s.scenario.cycles
        status.mode = "guided" if self.guided else "free text"
        self._wide = self.app.size.width >= WIDE
        if not self._wide:
            self.show_storyboard = self.show_chart = False
        self.set_class(self.show_card, "-card")
        self._sync_side()
        dialogue = self.query_one(Dialogue)
        intro = Text()
        intro.append(f"{s.scenario.learner.name}, {s.scenario.learner.role}", style="bold")
        intro.append(f" is at the storyboard. {s.scenario.premise}\n", style="")
        how = "pick one of the four questions with 1–4 (some are traps)" if self.guided else "type a question, Enter asks"
        intro.append(
            f"You are the coach: {how}. F2 shows the card; ctrl+n ends the cycle and the learner runs the "
            "agreed step; F3 storyboard, F4 run chart, F1 help.",
            style="dim",
        )
        dialogue.add_note(intro)
        last_step = self._last_step_note()
        if last_step is not None:
            dialogue.add_note(last_step)
        # A continued session: show what was said so far, cycle by cycle.
        for log in s.cycles:
            self._cycle_note(log.number)
            for turn in (t for t in s.turns if t.cycle == log.number):
                if turn.speaker == "coach":
                    label = " + ".join(step.value for step in (turn.label, *turn.also)) if turn.label else None
                    dialogue.add_coach(turn.index, turn.text, label, turn.corrected and not self.guided)
                else:
                    dialogue.add_learner(
                        turn.index, self.learner_name, turn.text, yeti=turn.yeti, effects=turn.effects,
                        celebrate=False,
                    )
        self._refresh_views()
        if self.app.live:
            self.set_interval(1.0, self._tick)
        else:
            for question in self.query(QuestionInput):
                question.cursor_blink = False
        self._tick()

    def _last_step_note(self) -> Text | None:
        """The storyboard's latest earlier record, when it makes the reflection due from the first cycle.

        It sits at the foot of the storyboard, below the fold (and the storyboard is hidden when
        narrow): shown in the dialogue, the step the learner should reflect on is in view.
        """
        s = self.session
        records = s.scenario.storyboard.records
        if not records or not s.cycles or not s.cycles[0].had_last_step:
            return None
        r = records[-1]
        out = Text(f"On the storyboard, the last step ({human_date(r.date)}): ", style="bold")
        out.append_text(literal(r.step.strip(), "italic"))
        for name, value in (("expected", r.expected), ("happened", r.happened), ("learned", r.learned)):
            if value.strip():
                out.append(f"\n  {name}: ", style="dim")
                out.append_text(literal(value.strip()))
        out.append("\nReflect on it before the next step (the back of the card, F2).", style="dim")
        return out

    # -- keeping the views in step with the engine ---------------------------------------------

    def _tick(self) -> None:
        if self.in_worker:  # a worker is changing the session: the cycle's time is over anyway
            return
        s = self.session
        status = self.query_one(StatusLine)
        status.cycle, status.day, status.date = s.cycle, s.day, human_date(s.date)
        if self.app.live:
            status.elapsed = self.app.clock() - s.cycle_started_at
        else:
            coach = [t for t in s.turns if t.cycle == s.cycle and t.speaker == "coach"]
            status.elapsed = (coach[-1].at - s.cycle_started_at) if coach else 0.0

    def _cycle_note(self, cycle: int | None = None) -> None:
        s = self.session
        cycle = s.cycle if cycle is None else cycle
        day = (cycle - 1) * s.scenario.days_per_cycle
        note = Text(f"── Cycle {cycle} of {s.scenario.cycles} · day {day} · {human_date(s.date_of(day))} ──", style="bold")
        self.query_one(Dialogue).add_note(note)

    def _refresh_views(self) -> None:
        s = self.session
        self.query_one(StoryboardPanel).storyboard = s.storyboard()
        self.query_one(RunChartView).chart = s.run_chart()
        first = not s.cycles[-1].had_last_step
        self.query_one(CoachingCard).marks = CardMarks(frozenset(asked_steps(s)), next_due(s), first)
        if self.guided:
            self.query_one(GuidedChoices).candidates = tuple(candidates(s))
        self._tick()

    def apply(self, events: list[ev.Event]) -> None:
        """Show what the engine did."""
        self.events.extend(events)
        dialogue = self.query_one(Dialogue)
        heard = self.query_one(HeardHint)
        known = {b.turn for b in dialogue.query(Bubble) if b.turn is not None}
        for event in events:
            if isinstance(event, ev.CoachHeard):
                if event.turn in known:
                    dialogue.relabel(event.turn, event.label.value)
                else:
                    heard_as = " + ".join(step.value for step in (event.label, *event.also))  # a compound ask: each step
                    dialogue.add_coach(event.turn, event.text, heard_as, event.corrected and not self.guided)
                heard.heard = HeardAs(
                    event.label, corrected=event.corrected and event.turn in known, confidence=event.confidence,
                    guess=event.guess, because=event.because, also=event.also,
                )
            elif isinstance(event, ev.LearnerReplied):
                dialogue.add_learner(
                    event.turn, self.learner_name, event.text, yeti=event.yeti, effects=event.effects,
                    celebrate=event.celebrate,
                )
            elif isinstance(event, ev.ScriptedEvent):
                dialogue.add_note(Text(f"! {event.title}: {event.note}", style="italic"))
            elif isinstance(event, ev.ExperimentRan):
                chart = self.session.run_chart()
                dialogue.add_note(
                    literal(f"⟶ {self.learner_name} ran the step: {event.step} — {human_iso(event.run.date)}: "
                            f"{chart.statistic} {quantity(event.run.stat, chart.unit)}", "dim")
                )
            elif isinstance(event, ev.CycleStarted):
                heard.heard = None
                self._cycle_note()
        self._refresh_views()

    # -- the coach speaks -----------------------------------------------------------------------

    @on(Input.Submitted, "#question")
    def _asked(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()  # the input is already empty (QuestionInput): typed-ahead keys are the next line
        if not text:
            return
        if self.busy:  # typed while the learner runs the step: asked when they are back, in order
            self._typed_ahead.append(text)
            self.query_one(Dialogue).add_note(
                Text(f"(asked when {self.learner_name} is back) {text}", style="dim italic")
            )
            return
        self.ask(text)

    def _ask_typed_ahead(self) -> None:
        """The questions typed while the cycle ended, one action each, in the order they were typed."""
        waiting, self._typed_ahead = self._typed_ahead, []
        if waiting and self.session.ended:
            self.notify(f"The session has ended: {len(waiting)} question(s) typed ahead were not asked.",
                        severity="warning")
            return
        for text in waiting:
            self.ask(text)

    @on(GuidedChoices.Picked)
    def _picked(self, event: GuidedChoices.Picked) -> None:
        event.stop()
        if not self.busy:
            candidate = event.candidate
            self.ask(candidate.text, candidate.label)
            note = Text("2nd coach: ", style="bold dim")
            note.append("✓ " if candidate.good else "✗ ", style="green" if candidate.good else "red")
            note.append(candidate.why, style="italic dim")
            self.query_one(Dialogue).add_note(note)

    def ask(self, text: str, label: Label | None = None) -> None:
        try:
            events = self.session.coach(text, label)
        except UserError as exc:
            self.notify(str(exc), severity="warning")
            return
        if not self._wide and (self.show_storyboard or self.show_chart):
            self.show_storyboard = self.show_chart = False  # narrow: the reply must be visible
        self.apply(events)

    def action_correct(self) -> None:
        if self.busy:
            return
        s = self.session
        coach = [t for t in s.turns if t.speaker == "coach" and t.cycle == s.cycle]
        heard = coach[-1].label if coach else None
        if heard is None:
            self.notify("There is no question in this cycle to correct yet.", severity="warning")
            return
        last = coach[-1]

        def picked(label: Label | None) -> None:
            if label is None or label == heard:
                return
            try:
                events = s.relabel(label)
            except UserError as exc:
                self.notify(str(exc), severity="warning")
                return
            self.apply(events)

        self.app.push_screen(LabelPicker(heard, last.runner_up), picked)

    # -- ending a cycle -------------------------------------------------------------------------

    def action_end_cycle(self) -> None:
        if self.busy or self.session.ended:
            return
        s = self.session
        if not any(t.speaker == "coach" and t.cycle == s.cycle for t in s.turns):
            from dojo.tui.screens.confirm import Confirm

            def answered(yes: bool | None) -> None:
                if yes:
                    self._end_cycle()
                else:
                    self.action_focus_question()

            self.app.push_screen(
                Confirm(
                    f"End cycle {s.cycle} without a single question?",
                    f"{self.learner_name} would run a step nobody talked about; the 2nd coach will notice.",
                    yes="end the cycle", no="keep coaching",
                ),
                answered,
            )
            return
        self._end_cycle()

    def _end_cycle(self) -> None:
        if self.busy or self.session.ended:
            return
        self.busy = True
        self.query_one(Dialogue).add_note(
            Text(f"{self.learner_name} goes to run the step…", style="italic")
        )
        self.in_worker = True
        self._run_cycle()

    @work(thread=True, exclusive=True, group="cycle", exit_on_error=False)
    def _run_cycle(self) -> None:
        """The simulation, and on the last cycle the debrief's scoring, off the event loop: it computes and
        changes nothing (the session is only read)."""
        try:
            outcome = self.session.cycle_outcome()
        except Exception as exc:  # noqa: BLE001 - shown, and the player can try again
            self.post_message(self.CycleFailed(exc))
            return
        self.post_message(self.CycleRan(outcome))

    @on(CycleFailed)
    def _cycle_failed(self, message: CycleFailed) -> None:
        self.busy = self.in_worker = False
        exc = message.error
        self.notify(f"{type(exc).__name__}: {exc}", title="The step could not be run", severity="error", markup=False)
        self._ask_typed_ahead()

    @on(CycleRan)
    def _cycle_done(self, message: CycleRan) -> None:
        from dojo.tui.screens.between import BetweenCycles

        self.in_worker = False  # busy until the between-cycles screen goes
        try:
            events = self.session.apply_cycle_end(message.outcome)
        except Exception as exc:  # noqa: BLE001 - shown, and the player can try again
            self.post_message(self.CycleFailed(exc))
            return
        self.apply(events)
        ended = next((e for e in events if isinstance(e, ev.SessionEnded)), None)

        def after(_: object = None) -> None:
            self.busy = False
            if ended is not None:
                from dojo.tui.screens.debrief import DebriefScreen

                self._ask_typed_ahead()  # says they were not asked
                self.app.switch_screen(DebriefScreen(ended.debrief, self.session))
            else:
                self.action_focus_question()
                self._ask_typed_ahead()

        self.app.push_screen(BetweenCycles(events, self.session), after)

    def watch_busy(self, busy: bool) -> None:
        for widget in self.query("#choices"):  # the question input stays open: what is typed waits (_typed_ahead)
            widget.disabled = busy

    # -- layout ------------------------------------------------------------------------------------

    def action_toggle_card(self) -> None:
        self.show_card = not self.show_card
        if self._wide:
            if self.show_card and self.show_storyboard and self.show_chart:
                self.show_chart = False  # the card takes the chart's place; the storyboard keeps its room
                self._chart_under_card = True
            elif not self.show_card and self._chart_under_card:
                self.show_chart = True
        if not self.show_card:
            self._chart_under_card = False

    def action_toggle_storyboard(self) -> None:
        self.show_storyboard = not self.show_storyboard
        if (not self._wide or self.show_card) and self.show_storyboard:
            self.show_chart = False  # narrow, or beside the card: one panel at a time
            self._chart_under_card = bool(self._wide)

    def action_toggle_chart(self) -> None:
        self.show_chart = not self.show_chart
        if (not self._wide or self.show_card) and self.show_chart:
            self.show_storyboard = False
        self._chart_under_card = False

    def on_resize(self, event: tev.Resize) -> None:
        wide = event.size.width >= WIDE
        if self._wide is not None and wide != self._wide:
            self._wide = wide
            self.show_storyboard = wide  # beside the dialogue when wide, on demand when narrow
            self.show_chart = wide and not self.show_card  # beside the card, only the storyboard
            self._chart_under_card = wide and self.show_card

    def watch_show_card(self, show: bool) -> None:
        self.set_class(show, "-card")
        self._keep_dialogue_at_end()

    def _keep_dialogue_at_end(self) -> None:
        """After a layout change the newest turn must stay in view."""
        dialogue = self.query_one(Dialogue)
        self.call_after_refresh(dialogue.scroll_end, animate=False)

    def watch_show_storyboard(self) -> None:
        self._sync_side()

    def watch_show_chart(self) -> None:
        self._sync_side()

    def _sync_side(self) -> None:
        self.set_class(self.show_storyboard, "-storyboard")
        self.set_class(self.show_chart, "-chart")
        self.set_class(self.show_storyboard or self.show_chart, "-side")
        if self.is_mounted:
            self._keep_dialogue_at_end()

    def action_focus_dialogue(self) -> None:
        self.query_one(Dialogue).focus()

    def action_focus_question(self) -> None:
        target = "#choices" if self.guided else "#question"
        self.query_one(target).focus()
