"""The one view model every export format renders: a stored session as people read it.

:func:`build_view` turns a :class:`~dojo.storage.export.SessionExport` (the data model at
the storage boundary) into a :class:`SessionView` once: headings, facts, score rows, the
transcript grouped by cycle with its labels and notes, the storyboard, the stopwatch, the
learner's development and the run chart. Its text is plain and unescaped: each renderer
(:mod:`dojo.render.markdown`, :mod:`dojo.render.html`, :mod:`dojo.render.svg`) escapes it
for its format through :mod:`dojo.render.escape`; :mod:`dojo.render.json` writes the export itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from dojo.coaching.card import STEP_NAMES, label_name
from dojo.coaching.labels import Label
from dojo.coaching.report import CRITERION_NAMES, ScoreReport
from dojo.formatting import moment
from dojo.session.debrief import GUIDE_MINUTES, Debrief, idea_of
from dojo.session.views import RunChart, StoryboardView
from dojo.storage.export import ExportTurn, SessionExport

#: How each kind of stored session is named in a heading.
KIND_NAMES = {"practice": "practice session", "real": "real conversation"}
#: The speakers as people read them.
SPEAKER_NAMES = {"coach": "Coach", "learner": "Learner"}


@dataclass(frozen=True)
class CriterionRow:
    name: str
    score: str  # as shown: whole, "–" when none
    weight: str


@dataclass(frozen=True)
class StepRow:
    name: str
    score: str  # as shown: whole, "–" when none
    asked: int


@dataclass(frozen=True)
class Feedback:
    text: str
    why: str
    example: str | None


@dataclass(frozen=True)
class Scores:
    criteria: tuple[CriterionRow, ...]
    steps: tuple[StepRow, ...]
    feedback: tuple[Feedback, ...]
    strengths: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    author: str
    text: str


@dataclass(frozen=True)
class Turn:
    number: int  # 1-based
    speaker: str  # "coach" | "learner"
    who: str
    label: str  # the move as heard, "" for none
    text: str
    note: str  # the 2nd coach's note
    notes: tuple[Note, ...]  # the human 2nd coach's notes


@dataclass(frozen=True)
class Cycle:
    number: int
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class OrphanNote:
    turn: int  # 1-based
    text: str


@dataclass(frozen=True)
class Lap:
    """One cycle on the 2nd coach's stopwatch."""

    number: int
    minutes: float
    over: bool  # longer than the guide
    phases: tuple[tuple[str, float], ...]  # (card step, seconds), steps that took time only
    experiment: str
    idea: str  # whose idea the step run was
    events: tuple[str, ...]
    marks: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Level:
    name: str
    start: int  # out of 100
    end: int


@dataclass(frozen=True)
class Development:
    levels: tuple[Level, ...]
    predictions_made: int
    learnings_captured: int
    dont_knows: int
    told: int
    led: int


@dataclass(frozen=True)
class Stopwatch:
    guide_minutes: int
    laps: tuple[Lap, ...]
    development: Development


@dataclass(frozen=True)
class SessionView:
    export: SessionExport  # what it was built from: the JSON format writes this as it is
    kind: str
    short_id: str
    title: str
    practice: bool
    scenario: str
    seed: int | None
    mode: str
    player: str  # "" when no name was chosen
    plan: str  # "plan-id, round N" when played for a dojo plan's round, else ""
    started: str
    score: int | None
    target_met: bool | None  # None: no debrief
    scores: Scores | None
    cycles: tuple[Cycle, ...]
    orphan_notes: tuple[OrphanNote, ...]
    storyboard: StoryboardView | None
    stopwatch: Stopwatch | None
    run_chart: RunChart | None  # None also when it has no runs
    dojo_version: str
    exported: str


def shown_score(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def turn_label(t: ExportTurn) -> str:
    """The move a coach turn was heard as, with "closed" and "corrected" when they apply; "" otherwise."""
    if t.speaker != "coach" or not t.label:
        return ""
    bits = [label_name(t.label)]
    if t.open is False and t.label != Label.CLOSED:  # a closed move is closed already: say it once
        bits.append("closed")
    if t.corrected:
        bits.append("corrected")
    return ", ".join(bits)


def _scores(report: ScoreReport) -> Scores:
    return Scores(
        criteria=tuple(
            CriterionRow(name, shown_score(getattr(report.criteria, key)), f"{report.weights.get(key, 0):.0f}")
            for key, name in CRITERION_NAMES.items()
            if key in report.weights  # reports saved before a criterion existed do not show it
        ),
        steps=tuple(
            StepRow(STEP_NAMES.get(Label(st.step), st.step.value), shown_score(st.score), st.asked) for st in report.steps
        ),
        feedback=tuple(
            Feedback(f.text, f.why, f.example.text if f.example is not None else None) for f in report.feedback
        ),
        strengths=tuple(report.strengths),
    )


def _cycles(export: SessionExport) -> tuple[Cycle, ...]:
    notes: dict[int, list[Note]] = {}
    for n in export.notes:
        notes.setdefault(n.turn, []).append(Note(n.author, n.text))
    groups: list[tuple[int, list[Turn]]] = []
    for t in export.turns:
        if not groups or groups[-1][0] != t.cycle:
            groups.append((t.cycle, []))
        groups[-1][1].append(Turn(
            number=t.index + 1, speaker=t.speaker, who=SPEAKER_NAMES[t.speaker], label=turn_label(t), text=t.text,
            note=t.note, notes=tuple(notes.get(t.index, [])),
        ))
    return tuple(Cycle(number, tuple(turns)) for number, turns in groups)


def _stopwatch(d: Debrief) -> Stopwatch:
    laps = tuple(
        Lap(
            number=c.number, minutes=c.minutes, over=c.minutes > GUIDE_MINUTES,
            phases=tuple((p.phase.replace("_", " "), p.seconds) for p in c.phases if p.seconds),
            experiment=c.experiment, idea=idea_of(c.chosen_by, c.tempting), events=tuple(c.events),
            marks=(("prediction", c.prediction_stated), ("go and see", c.go_see_agreed),
                   ("learning", c.learning_captured), ("target met", c.target_met)),
        )
        for c in d.cycles
    )
    lr = d.learner
    levels = tuple(
        Level(name, round(level.start * 100), round(level.end * 100))
        for name, level in (("clarity", lr.clarity), ("ownership", lr.ownership), ("confidence", lr.confidence))
    )
    return Stopwatch(GUIDE_MINUTES, laps, Development(
        levels, lr.predictions_made, lr.learnings_captured, lr.dont_knows, lr.told, lr.led,
    ))


def build_view(export: SessionExport) -> SessionView:
    """The view every format renders, built once from a session's export."""
    s = export.session
    report = export.score_report
    chart = export.run_chart
    return SessionView(
        export=export, kind=KIND_NAMES[s.kind], short_id=s.id[:8], title=s.title, practice=s.kind == "practice",
        scenario=s.scenario, seed=s.seed, mode=s.mode, player=s.player,
        plan=f"{s.plan_id}, round {s.plan_round}" if s.plan_id is not None else "",
        started=moment(s.started_at), score=s.score,
        target_met=export.debrief.outcome.target_met if export.debrief is not None else None,
        scores=_scores(report) if report is not None else None,
        cycles=_cycles(export),
        orphan_notes=tuple(OrphanNote(n.turn + 1, n.text) for n in export.notes if n.turn >= len(export.turns)),
        storyboard=export.storyboard,
        stopwatch=_stopwatch(export.debrief) if export.debrief is not None else None,
        run_chart=chart if chart is not None and chart.runs else None,
        dojo_version=export.dojo_version, exported=moment(export.exported_at),
    )
