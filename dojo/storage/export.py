"""Export a stored session (JSON, Markdown, HTML) and import a JSON export.

- JSON is :class:`SessionExport`, a versioned pydantic model: the session's record (what
  replays it), the transcript with labels and the 2nd coach's notes, the storyboard, the
  run chart, the debrief or score report, and the human 2nd coach's notes.
- Markdown and HTML are for people. Every piece of text that a player (or a scenario
  file, or an imported file) wrote is escaped: in HTML with :func:`html.escape` (after
  :func:`dojo.terminal.clean` has made control and bidi characters visible), in
  Markdown by backslash-escaping its punctuation and turning ``<``/``&`` into entities, so
  ``[x](http://…)``, ``<script>``, ``**bold**`` or a bare URL stay text. The HTML file is
  self-contained (inline CSS, an inline SVG run chart drawn here, no scripts, no links out).
- Import checks the file against what a real session can hold (:mod:`dojo.storage.limits`:
  depth, sizes, finite numbers, times, a 64-bit seed, valid Unicode), validates it with the
  model, resolves its scenario id through the registry only (never as a path), replays the
  record and compares the replay with the exported transcript and debrief; the debrief (or
  a real conversation's report) is rebuilt, not taken from the file. Any problem is one
  line and nothing is written. Round trip: export → import → export is equal except for
  the session id and the export time.
"""

from __future__ import annotations

import html
import json
import re
import time
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dojo import __version__
from dojo.coaching.card import STEP_NAMES, label_name
from dojo.coaching.labels import Label
from dojo.coaching.report import CRITERION_NAMES, ScoreReport
from dojo.errors import UserError
from dojo.formatting import number
from dojo.session.debrief import Debrief
from dojo.session.record import SessionRecord
from dojo.session.views import RunChart, StoryboardView
from dojo.storage import limits
from dojo.storage.api import SessionStore
from dojo.storage.rows import iso, local_time
from dojo.terminal import clean, clean_json

if TYPE_CHECKING:
    from dojo.session.engine import Session

EXPORT_FORMAT: Literal["kata-dojo-session"] = "kata-dojo-session"
EXPORT_VERSION: Literal[1] = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExportTurn(_M):
    index: int = Field(ge=0, description="0-based; people see index + 1")
    cycle: int = Field(ge=1)
    speaker: Literal["coach", "learner"]
    text: str
    label: str | None = None  # coach turns: the move as heard (or corrected)
    open: bool | None = None
    corrected: bool = False
    at: float | None = None
    note: str = ""  # the scorer's 2nd-coach note
    flags: list[str] = Field(default_factory=list)


class ExportNote(_M):
    turn: int = Field(ge=0)
    text: str = Field(min_length=1, max_length=2000)
    author: str = ""
    at: float


class ExportSession(_M):
    id: str
    kind: Literal["practice", "real"]
    source: str
    scenario: str
    title: str
    seed: int | None
    mode: str
    started_at: float
    finished_at: float | None
    score: int | None


class SessionExport(_M):
    format: Literal["kata-dojo-session"] = EXPORT_FORMAT
    version: Literal[1] = EXPORT_VERSION
    dojo_version: str = __version__
    exported_at: float
    session: ExportSession
    record: SessionRecord | None = Field(description="practice sessions: replays the session exactly")
    turns: list[ExportTurn]
    notes: list[ExportNote]
    storyboard: StoryboardView | None
    run_chart: RunChart | None
    debrief: Debrief | None
    report: ScoreReport | None = Field(description="real conversations (practice sessions: debrief.score)")

    @property
    def score_report(self) -> ScoreReport | None:
        return self.debrief.score if self.debrief is not None else self.report


# --------------------------------------------------------------------------- building


#: What a scenario id looks like (the scenario model's own pattern); anything else is never looked up.
SCENARIO_ID = re.compile(r"[a-z][a-z0-9-]{0,99}")


def _restore(record: SessionRecord) -> tuple[Session | None, str | None]:
    """Replay a record. Its scenario id is an id: only the registry resolves it, never as a file path."""
    from dojo.scenarios.loader import ScenarioError
    from dojo.scenarios.registry import find_path, load_scenario
    from dojo.session.engine import Session

    sid = record.scenario_id
    if not SCENARIO_ID.fullmatch(sid):
        return None, f"{clean(sid[:60])!r} is not a scenario id"
    path = find_path(sid)
    if path is None:
        return None, f"scenario {sid!r} cannot be loaded (it is not among the scenarios on offer: dojo scenarios list)"
    try:
        scenario = load_scenario(path)
    except (UserError, ScenarioError) as exc:
        return None, f"scenario {sid!r} cannot be loaded ({str(exc).splitlines()[0]})"
    return Session.restore(record, scenario), None


def _session_turns(session: Session, report: ScoreReport | None) -> list[ExportTurn]:
    notes = {t.index: t for t in report.turns} if report is not None else {}
    out = []
    for t in session.turns:
        a = notes.get(t.index)
        out.append(
            ExportTurn(
                index=t.index, cycle=t.cycle, speaker=t.speaker,
                text=t.text, label=t.label.value if t.label else None,
                open=t.open if t.speaker == "coach" else None, corrected=t.corrected, at=t.at,
                note=a.note if a else "", flags=list(a.flags) if a else [],
            )
        )
    return out


def _report_turns(report: ScoreReport) -> list[ExportTurn]:
    return [
        ExportTurn(
            index=t.index, cycle=t.cycle + 1, speaker=t.speaker, text=t.text,
            label=t.label.value if t.label else None, open=t.open, note=t.note, flags=list(t.flags),
        )
        for t in report.turns
    ]


DIVERGED = (
    "this dojo replays the session differently from when it was played (its classifier model or the scenario "
    "changed): the transcript and scores are as played, the storyboard is left out"
)


def _key(turns: list[ExportTurn]) -> list[tuple[str, str, str | None]]:
    return [(t.speaker, t.text, t.label) for t in turns]


def build_export(store: SessionStore, session_id: str) -> tuple[SessionExport, list[str]]:
    """The export of one stored session, and warnings (e.g. its scenario is gone)."""
    row = store.get(session_id)
    warnings: list[str] = []
    record = debrief = report = None
    storyboard = chart = None
    if row.kind == "practice":
        record = store.record(session_id)
        debrief = store.debrief(session_id)
        session, problem = _restore(record)
        if session is not None:
            turns = _session_turns(session, debrief.score if debrief else None)
            storyboard, chart = session.storyboard(), session.run_chart()
            if debrief is not None and _key(turns) != _key(_report_turns(debrief.score)):
                # Free-text turns are classified again on replay: a changed classifier model (or scenario)
                # hears some differently. What was played and scored is the debrief: keep that.
                warnings.append(DIVERGED)
                turns, storyboard, chart = _report_turns(debrief.score), None, debrief.run_chart
        else:
            warnings.append(f"{problem}: the transcript comes from the saved debrief, without the storyboard")
            turns = _report_turns(debrief.score) if debrief else []
            chart = debrief.run_chart if debrief else None
    else:
        report = store.report(session_id)
        turns = _report_turns(report) if report else []
    notes = [ExportNote(turn=n.turn, text=n.text, author=n.author, at=n.at) for n in store.notes(session_id)]
    export = SessionExport(
        exported_at=time.time(),
        session=ExportSession(
            id=row.id, kind=row.kind, source=row.source, scenario=row.scenario, title=row.title, seed=row.seed,
            mode=row.mode, started_at=row.started_at, finished_at=row.finished_at, score=row.score,
        ),
        record=record, turns=turns, notes=notes, storyboard=storyboard, run_chart=chart, debrief=debrief,
        report=report,
    )
    return export, warnings


# --------------------------------------------------------------------------- import


def parse_export(text: str, source: str = "<export>") -> SessionExport:
    """The export in ``text``, checked against what a real session can hold (:mod:`dojo.storage.limits`)."""
    try:
        data = json.loads(text, parse_constant=limits.reject_constant)
    except UserError as exc:
        raise UserError(f"{source}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{source}:{exc.lineno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{source}: nested too deeply; no session export is") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise UserError(f"{source}: not a session export: {str(exc).splitlines()[0][:120]}") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise UserError(f"{source}: not a Kata Dojo session export (made with 'dojo export SESSION --format json')")
    version = data.get("version")
    if type(version) is not int or version != EXPORT_VERSION:
        newer = type(version) is int and version > EXPORT_VERSION
        shown = str(version).lower() if isinstance(version, bool) else repr(version)
        raise UserError(
            f"{source}: export version {clean(shown[:40])} is not supported (this dojo reads version {EXPORT_VERSION})"
            + ("; upgrade the dojo" if newer else "")
        )
    limits.check_tree(data, source)
    if isinstance(data.get("record"), dict):
        limits.check_int(data["record"], "version", "record.", source)
    try:
        export = SessionExport.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise UserError(f"{source}: {where}: {err['msg']}{more}") from None
    _check_bounds(export, source)
    return export


def _check_bounds(export: SessionExport, source: str) -> None:
    s, record = export.session, export.record
    limits.check_seed(s.seed, "session.seed", source)
    for at, value in (("exported_at", export.exported_at), ("session.started_at", s.started_at),
                      ("session.finished_at", s.finished_at)):
        limits.check_time(value, at, source)
    if len(s.title) > limits.MAX_TITLE:
        raise UserError(f"{source}: session.title: {len(s.title):,} characters (the limit is {limits.MAX_TITLE})")
    if len(export.notes) > limits.MAX_NOTES:
        raise UserError(f"{source}: notes: {len(export.notes):,} notes (the limit is {limits.MAX_NOTES:,})")
    for i, n in enumerate(export.notes):
        limits.check_time(n.at, f"notes.{i}.at", source)
        if len(n.author) > limits.MAX_AUTHOR:
            raise UserError(f"{source}: notes.{i}.author: longer than {limits.MAX_AUTHOR} characters")
        if n.turn >= max(len(export.turns), 1):
            raise UserError(f"{source}: notes.{i}.turn: the session has no turn {n.turn + 1}")
    for i, t in enumerate(export.turns):
        limits.check_time(t.at, f"turns.{i}.at", source)
    if record is not None:
        limits.check_seed(record.seed, "record.seed", source)
        limits.check_time(record.started_at, "record.started_at", source)
        if len(record.actions) > limits.MAX_ACTIONS:
            raise UserError(
                f"{source}: record.actions: {len(record.actions):,} actions (a session holds at most {limits.MAX_ACTIONS:,})"
            )
        for i, a in enumerate(record.actions):
            limits.check_time(a.at, f"record.actions.{i}.at", source)


def _no_negative_chart(chart: RunChart | None, source: str) -> None:
    if chart is None:
        return
    for i, run in enumerate(chart.runs):
        if run.stat < 0 or any(v < 0 for v in run.values):
            raise UserError(f"{source}: run_chart.runs.{i}: negative values; no run holds them")
    if chart.target < 0:
        raise UserError(f"{source}: run_chart.target: negative")


def verify(export: SessionExport, source: str = "<export>") -> tuple[Debrief | None, ScoreReport | None, list[str]]:
    """What to store of an export: the debrief (practice) or report (real) rebuilt by this dojo, and warnings.

    A practice export must replay to the transcript it carries, and its debrief's transcript
    must be the replay's: a changed line is refused. Scores, run chart and feedback are not
    taken from the file but rebuilt from the record (a warning says so when they differed).
    Only a record from before actions kept how they were heard (so it is classified again)
    that now replays differently is kept as played, when its coach lines are the same.
    A real conversation is scored again from its labelled turns.
    """
    from dojo.session.debrief import build_debrief

    s = export.session
    if s.kind == "real":
        if export.report is None or export.record is not None:
            raise UserError(f"{source}: a real conversation needs its report and no record")
        report, warnings = _rescore(export.report, source)
        return None, report, warnings
    if export.record is None:
        raise UserError(f"{source}: a practice session needs its record")
    if export.record.scenario_id != s.scenario:
        raise UserError(f"{source}: the record's scenario {clean(export.record.scenario_id[:60])!r} is not {clean(s.scenario[:60])!r}")
    session, problem = _restore(export.record)
    if session is None:
        raise UserError(f"{source}: {problem}")
    replayed = [(t.speaker, t.text, t.label.value if t.label else None) for t in session.turns]
    exported = _key(export.turns)
    reclassified = any(a.kind == "coach" and a.heard is None for a in export.record.actions)
    if replayed != exported:
        coach_replayed = [text for speaker, text, _ in replayed if speaker == "coach"]
        coach_exported = [text for speaker, text, _ in exported if speaker == "coach"]
        if reclassified and export.debrief is not None and session.ended and coach_replayed == coach_exported:
            if _key(_report_turns(export.debrief.score)) != exported:
                raise UserError(f"{source}: the debrief's transcript is not the exported transcript")
            _no_negative_chart(export.debrief.run_chart, source)
            return export.debrief, None, [f"{source}: {DIVERGED}"]
        first = next((i for i, (a, b) in enumerate(zip(replayed, exported)) if a != b), min(len(replayed), len(exported)))
        raise UserError(
            f"{source}: the record does not replay to the exported transcript (first difference at turn {first + 1}); "
            "it was changed, or the scenario or the dojo has changed since it was exported"
        )
    if (export.debrief is not None) != session.ended:
        raise UserError(f"{source}: the record {'ends' if session.ended else 'does not end'} but the export says otherwise")
    if export.debrief is None:
        return None, None, []
    rebuilt = build_debrief(session)
    if _key(_report_turns(rebuilt.score)) != _key(_report_turns(export.debrief.score)):
        raise UserError(f"{source}: the debrief's transcript does not match the replay of its record (it was changed)")
    if rebuilt != export.debrief:
        return rebuilt, None, [
            f"{source}: the debrief differs from the replay of its record (changed, or scored by another version); "
            "the replayed one was kept"
        ]
    return rebuilt, None, []


def _rescore(report: ScoreReport, source: str) -> tuple[ScoreReport, list[str]]:
    from dojo.coaching.scorer import score_cycles
    from dojo.coaching.turns import TurnIn

    cycles: list[list[TurnIn]] = [[] for _ in report.cycles]
    for t in report.turns:
        if t.cycle >= len(cycles):
            raise UserError(f"{source}: report.turns.{t.index}: cycle {t.cycle + 1} is not in the report")
        cycles[t.cycle].append(TurnIn(speaker=t.speaker, text=t.text, label=t.label, open=bool(t.open), seconds=t.seconds))
    if any(t.seconds is not None and not 0 <= t.seconds <= limits.TIME_RANGE[1] for t in report.turns):
        raise UserError(f"{source}: report.turns: a turn's time is out of range")
    rescored = score_cycles(cycles, first_cycle=[c.first_cycle for c in report.cycles])
    if rescored != report:
        return rescored, [f"{source}: the report differs from its scored transcript (changed, or scored by another "
                          "version); it was scored again"]
    return rescored, []


def check_replays(export: SessionExport, source: str = "<export>") -> list[str]:
    """The warnings :func:`verify` gives (UserError when the export cannot be imported)."""
    return verify(export, source)[2]


def import_export(store: SessionStore, export: SessionExport, source: str = "<export>") -> tuple[str, list[str]]:
    """Insert the export as a new session; returns its id and warnings. Nothing is written on error.

    What is stored is the record, the title and the notes from the file, and the debrief or
    report as :func:`verify` rebuilt it."""
    debrief, report, warnings = verify(export, source)
    s = export.session
    return store.insert_complete(
        kind=s.kind, source=s.source if s.source in ("tui", "headless", "import", "score") else "import",  # type: ignore[arg-type]
        title=s.title, record=export.record, debrief=debrief, report=report,
        notes=[(n.turn, n.text, n.author, n.at) for n in export.notes], started_at=s.started_at,
        finished_at=s.finished_at,
    ), warnings


# --------------------------------------------------------------------------- Markdown

#: Characters that mean something inline in CommonMark/GFM wherever they stand (text here never starts
#: a line, so line-start markers such as ``#``, ``-``, ``1.`` and ``>`` cannot act).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~$@^])")
#: Bare-URL autolinks (GFM): ``http://``, ``www.`` and ``mailto:`` are broken with a backslash.
_MD_AUTOLINK = re.compile(r"(?i)(://|(?<![a-z0-9])www\.|mailto:)")


def md_escape(text: str) -> str:
    """Player text as literal Markdown inline text: no emphasis, links, images, HTML, tables or autolinks.

    ``&`` and ``<`` become entities (no raw HTML, no entity tricks); every punctuation
    character that Markdown (CommonMark, GFM) gives a meaning to is backslash-escaped,
    which also breaks bare-URL autolinks (``http\\://``, ``www\\.``); newlines become spaces.
    """
    text = clean(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1] if m.group(1) != "://" else "\\://", text)


def _fence(text: str) -> str:
    """Text for a fenced code block: no fence can be closed from inside."""
    return clean(text, newlines=True).replace("```", "ʼʼʼ").replace("~~~", "∼∼∼")


def _n(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def _label(t: ExportTurn) -> str:
    if t.speaker != "coach" or not t.label:
        return ""
    bits = [label_name(t.label)]
    if t.open is False and t.label != Label.CLOSED:  # a closed move is closed already: say it once
        bits.append("closed")
    if t.corrected:
        bits.append("corrected")
    return ", ".join(bits)


def _notes_by_turn(export: SessionExport) -> dict[int, list[ExportNote]]:
    out: dict[int, list[ExportNote]] = {}
    for n in export.notes:
        out.setdefault(n.turn, []).append(n)
    return out


def render_markdown(export: SessionExport) -> str:
    from dojo.session.render_text import render_chart

    s, e = export.session, md_escape
    report = export.score_report
    out: list[str] = []
    w = out.append
    kind = "real conversation" if s.kind == "real" else "practice session"
    w(f"# Coaching {kind} {s.id[:8]}: {e(s.title)}")
    w("")
    facts = [f"started {local_time(s.started_at)}"]
    if s.kind == "practice":
        facts[:0] = [f"scenario {e(s.scenario)}", f"seed {s.seed}", f"mode {e(s.mode)}"]
    facts.append(f"score **{s.score}/100**" if s.score is not None else "not finished")
    if export.debrief is not None:
        facts.append("target met" if export.debrief.outcome.target_met else "target not met")
    w("- " + " · ".join(facts))
    w("")
    if report is not None:
        w("## Scores")
        w("")
        w("| criterion | score | weight |")
        w("|---|---:|---:|")
        for key, name in CRITERION_NAMES.items():
            if key in report.weights:  # reports saved before a criterion existed do not show it
                w(f"| {name} | {_n(getattr(report.criteria, key))} | {report.weights.get(key, 0):.0f} |")
        w("")
        w("| card step | score | asked |")
        w("|---|---:|---:|")
        for st in report.steps:
            w(f"| {e(STEP_NAMES.get(Label(st.step), st.step.value))} | {_n(st.score)} | {st.asked} |")
        w("")
        w("## Feedback from the 2nd coach")
        w("")
        if not report.feedback:
            w("Nothing to change: keep practising the pattern.")
        for k, f in enumerate(report.feedback, start=1):
            w(f"{k}. {e(f.text)} _{e(f.why)}_" + (f" {e(f.example.text)}" if f.example is not None else ""))
        if report.strengths:
            w("")
            w("What went well:")
            w("")
            for st_text in report.strengths:
                w(f"- {e(st_text)}")
        w("")
    notes = _notes_by_turn(export)
    w("## Transcript")
    cycle = None
    for t in export.turns:
        if t.cycle != cycle:
            cycle = t.cycle
            w("")
            w(f"### Cycle {cycle}")
            w("")
        label = _label(t)
        who = "**Coach**" if t.speaker == "coach" else "**Learner**"
        w(f"{t.index + 1}\\. {who}{f' _({e(label)})_' if label else ''}: {e(t.text)}")
        if t.note:
            w(f"    - _2nd coach:_ {e(t.note)}")
        for n in notes.get(t.index, []):
            who_n = f" ({e(n.author)})" if n.author else ""
            w(f"    - **Note{who_n}:** {e(n.text)}")
        w("")
    orphan = [n for n in export.notes if n.turn >= len(export.turns)]
    if orphan:
        w("Notes on turns not in this transcript:")
        for n in orphan:
            w(f"- turn {n.turn + 1}: {e(n.text)}")
        w("")
    if export.storyboard is not None:
        sb = export.storyboard
        w("## Storyboard")
        w("")
        w(f"- **Process:** {e(sb.process)}")
        w(f"- **Challenge:** {e(sb.challenge)}")
        w(f"- **Target condition** (by {e(sb.achieve_by)}): {e(sb.target)}")
        w(f"- **Current condition:** {e(sb.current_condition)}")
        w("")
        w("Obstacles:")
        w("")
        for o in sb.obstacles:
            w(f"- {'**in focus:** ' if o.in_focus else ''}{e(o.text)}")
        w("")
        w("| date | step | expected | happened | learned |")
        w("|---|---|---|---|---|")
        for r in sb.records:
            w(f"| {e(r.date)} | {e(r.step)} | {e(r.expected) or '–'} | {e(r.happened)} | {e(r.learned) or '–'} |")
        w("")
    if export.run_chart is not None and export.run_chart.runs:
        w("## Run chart")
        w("")
        w("```text")
        w(_fence(render_chart(export.run_chart)))
        w("```")
        w("")
    w(f"_Exported from Kata Dojo {e(export.dojo_version)} on {local_time(export.exported_at)}._")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733;background:#fbfbf8}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccd;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;vertical-align:top}
th{background:#eef}td.n{text-align:right}
.turn{margin:.3rem 0;padding:.3rem .6rem;border-radius:6px}
.coach{background:#e8f0ff}.learner{background:#f2f2ee;margin-left:2rem}
.lbl{font-size:.8rem;color:#456;margin-left:.4rem}.auto{font-size:.85rem;color:#555;margin:.1rem 0 0 1rem}
.note{font-size:.9rem;background:#fff6d5;border-left:3px solid #e0b300;margin:.2rem 0 0 1rem;padding:.1rem .5rem}
.meta{color:#555}.score{font-size:1.2rem;font-weight:bold}
.bad{color:#a33}.good{color:#276}
@media (prefers-color-scheme: dark){body{background:#16191d;color:#dde}th{background:#2a3140}
.coach{background:#1f2a3d}.learner{background:#24262a}.note{background:#3a3320}.meta,.auto,.lbl{color:#aab}}
"""


def html_escape(text: str) -> str:
    """Text as HTML text: markup escaped, and no control, bidi-override or lone-surrogate character left raw."""
    return html.escape(clean(text.replace("\r\n", "\n").replace("\r", "\n"), newlines=True))


def render_svg(chart: RunChart, width: int = 720, height: int = 260) -> str:
    """The run chart as an inline SVG: every unit's value per run (dots), the statistic (line), the target."""
    esc = html_escape
    runs = chart.runs
    if not runs:
        return ""
    left, right, top, bottom = 56, 16, 16, 48
    pw, ph = width - left - right, height - top - bottom
    values = [v for r in runs for v in (r.values or [r.stat])] + [chart.target]
    lo, hi = min(0.0, *values), max(values) * 1.1 or 1.0
    col = pw / len(runs)

    def y(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{esc(f"Run chart: {chart.statistic} {chart.metric} per run")}">',
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#99a"/>',
    ]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end" fill="#778">{esc(number(v))}</text>')
    ty = y(chart.target)
    parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + pw}" y2="{ty:.1f}" stroke="#2a8" stroke-dasharray="6 4" stroke-width="2"/>')
    parts.append(f'<text x="{left + pw - 4}" y="{ty - 5:.1f}" font-size="11" text-anchor="end" fill="#2a8">'
                 f'target {esc(number(chart.target))} {esc(chart.unit)}</text>')
    line = []
    for i, r in enumerate(runs):
        x0 = left + col * i
        vals = r.values or [r.stat]
        for j, v in enumerate(vals):
            x = x0 + col * 0.15 + col * 0.7 * (j + 0.5) / len(vals)
            parts.append(f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="2" fill="#89a" fill-opacity="0.6"/>')
        cx = x0 + col / 2
        line.append(f"{cx:.1f},{y(r.stat):.1f}")
        fill = "#2a8" if chart.met(r.stat) else "#c54"
        parts.append(f'<circle cx="{cx:.1f}" cy="{y(r.stat):.1f}" r="4.5" fill="{fill}"><title>'
                     f'{esc(r.date)} {esc(r.label)}: {esc(number(r.stat))} {esc(chart.unit)}</title></circle>')
        parts.append(f'<text x="{cx:.1f}" y="{top + ph + 16}" font-size="11" text-anchor="middle" fill="#556">{esc(r.date[5:])}</text>')
    parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#345" stroke-width="1.5"/>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="12" fill="#556">'
                 f'{esc(chart.statistic)} {esc(chart.metric)} per run ({esc(chart.unit)}); dots: each unit</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def render_html(export: SessionExport) -> str:

    esc = html_escape
    s = export.session
    report = export.score_report
    kind = "real conversation" if s.kind == "real" else "practice session"
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html lang="en"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    # No scripts, no remote anything: the page cannot run code or call out.
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    w(f"<title>Coaching {esc(kind)} {esc(s.id[:8])}: {esc(s.title)}</title>")
    w(f"<style>{_CSS}</style></head><body>")
    w(f"<h1>Coaching {esc(kind)} {esc(s.id[:8])}: {esc(s.title)}</h1>")
    facts = [f"started {esc(local_time(s.started_at))}"]
    if s.kind == "practice":
        facts[:0] = [f"scenario <code>{esc(s.scenario)}</code>", f"seed {esc(str(s.seed))}", f"mode {esc(s.mode)}"]
    if export.debrief is not None:
        met = export.debrief.outcome.target_met
        facts.append(f'<span class="{"good" if met else "bad"}">{"target met" if met else "target not met"}</span>')
    w(f'<p class="meta">{" · ".join(facts)}</p>')
    w(f'<p class="score">{"Score " + esc(str(s.score)) + "/100" if s.score is not None else "Not finished"}</p>')
    if report is not None:
        w("<h2>Scores</h2><table><tr><th>criterion</th><th>score</th><th>weight</th></tr>")
        for key, name in CRITERION_NAMES.items():
            if key in report.weights:  # reports saved before a criterion existed do not show it
                w(f'<tr><td>{name}</td><td class="n">{_n(getattr(report.criteria, key))}</td>'
                  f'<td class="n">{report.weights.get(key, 0):.0f}</td></tr>')
        w("</table><table><tr><th>card step</th><th>score</th><th>asked</th></tr>")
        for st in report.steps:
            w(f'<tr><td>{esc(STEP_NAMES.get(Label(st.step), st.step.value))}</td><td class="n">{_n(st.score)}</td>'
              f'<td class="n">{st.asked}</td></tr>')
        w("</table><h2>Feedback from the 2nd coach</h2><ol>")
        for f in report.feedback:
            example = f" {esc(f.example.text)}" if f.example is not None else ""
            w(f"<li>{esc(f.text)} <em>{esc(f.why)}</em>{example}</li>")
        w("</ol>")
        if report.strengths:
            w("<p>What went well:</p><ul>" + "".join(f"<li>{esc(x)}</li>" for x in report.strengths) + "</ul>")
    notes = _notes_by_turn(export)
    w("<h2>Transcript</h2>")
    cycle = None
    for t in export.turns:
        if t.cycle != cycle:
            cycle = t.cycle
            w(f"<h3>Cycle {cycle}</h3>")
        label = _label(t)
        who = "Coach" if t.speaker == "coach" else "Learner"
        w(f'<div class="turn {t.speaker}" id="turn-{t.index + 1}"><b>{t.index + 1}. {who}</b>'
          f'{f"<span class=lbl>{esc(label)}</span>" if label else ""}: {esc(t.text)}')
        if t.note:
            w(f'<div class="auto">2nd coach: {esc(t.note)}</div>')
        for n in notes.get(t.index, []):
            who_n = f" ({esc(n.author)})" if n.author else ""
            w(f'<div class="note"><b>Note{who_n}:</b> {esc(n.text)}</div>')
        w("</div>")
    orphan = [n for n in export.notes if n.turn >= len(export.turns)]
    if orphan:
        w("<p>Notes on turns not in this transcript:</p><ul>")
        w("".join(f"<li>turn {n.turn + 1}: {esc(n.text)}</li>" for n in orphan) + "</ul>")
    if export.storyboard is not None:
        sb = export.storyboard
        w("<h2>Storyboard</h2>")
        w(f"<p><b>Process:</b> {esc(sb.process)}<br><b>Challenge:</b> {esc(sb.challenge)}<br>"
          f"<b>Target condition</b> (by {esc(sb.achieve_by)}): {esc(sb.target)}<br>"
          f"<b>Current condition:</b> {esc(sb.current_condition)}</p>")
        w("<p>Obstacles:</p><ul>")
        for o in sb.obstacles:
            w(f"<li>{'<b>in focus:</b> ' if o.in_focus else ''}{esc(o.text)}</li>")
        w("</ul><table><tr><th>date</th><th>step</th><th>expected</th><th>happened</th><th>learned</th></tr>")
        for r in sb.records:
            w(f"<tr><td>{esc(r.date)}</td><td>{esc(r.step)}</td><td>{esc(r.expected) or '–'}</td>"
              f"<td>{esc(r.happened)}</td><td>{esc(r.learned) or '–'}</td></tr>")
        w("</table>")
    if export.debrief is not None:
        w(_html_stopwatch_and_learner(export.debrief))
    if export.run_chart is not None and export.run_chart.runs:
        w("<h2>Run chart</h2>")
        w(render_svg(export.run_chart))
    w(f'<p class="meta">Exported from Kata Dojo {esc(export.dojo_version)} on {esc(local_time(export.exported_at))}.</p>')
    w("</body></html>")
    return "\n".join(out) + "\n"


def _html_stopwatch_and_learner(d: Debrief) -> str:
    """The debrief's stopwatch per cycle (with the step run and the events of its run) and the learner's
    development, as the game's debrief shows them."""
    from dojo.session.debrief import GUIDE_MINUTES, idea_of

    esc = html_escape
    out = [f"<h2>The 2nd coach's stopwatch</h2><p class=\"meta\">A cycle is meant to take about {GUIDE_MINUTES} "
           "minutes or less.</p>",
           "<table><tr><th>cycle</th><th>minutes</th><th>time per card step</th><th>step run (whose idea)</th>"
           "<th>events of the run</th><th>marks</th></tr>"]
    for c in d.cycles:
        over = c.minutes > GUIDE_MINUTES
        phases = ", ".join(f"{esc(p.phase.replace('_', ' '))} {p.seconds:.0f} s" for p in c.phases if p.seconds)
        marks = ", ".join(
            f'<span class="{"good" if ok else "bad"}">{"✓" if ok else "✗"} {name}</span>'
            for name, ok in (("prediction", c.prediction_stated), ("go and see", c.go_see_agreed),
                             ("learning", c.learning_captured), ("target met", c.target_met))
        )
        minutes = f'<span class="bad">{c.minutes:.1f} (over the guide)</span>' if over else f"{c.minutes:.1f}"
        out.append(f'<tr><td class="n">{c.number}</td><td class="n">{minutes}</td><td>{phases or "–"}</td>'
                   f"<td>{esc(c.experiment)} ({esc(c.idea or idea_of(c.chosen_by, c.tempting))})</td>"
                   f"<td>{'<br>'.join(esc(e) for e in c.events) or '–'}</td><td>{marks}</td></tr>")
    out.append("</table>")
    lr = d.learner
    out.append("<h2>How the learner developed</h2><p class=\"meta\">Out of 100, from the first cycle to the end.</p>"
               "<table><tr><th></th><th>start</th><th>end</th><th>change</th></tr>")
    for name, level in (("clarity", lr.clarity), ("ownership", lr.ownership), ("confidence", lr.confidence)):
        start, end = round(level.start * 100), round(level.end * 100)
        style = "good" if end > start else "bad" if end < start else "meta"
        out.append(f'<tr><td>{name}</td><td class="n">{start}</td><td class="n">{end}</td>'
                   f'<td class="n {style}">{end - start:+d}</td></tr>')
    out.append(f"</table><p>Predictions made {lr.predictions_made} · learnings captured {lr.learnings_captured} · "
               f"“I don't know yet” {lr.dont_knows} · told {lr.told} · led {lr.led}</p>")
    return "\n".join(out)


def render(export: SessionExport, fmt: str) -> str:
    if fmt == "json":
        return clean_json(export.model_dump_json(indent=2)) + "\n"  # the same value, no raw control characters
    if fmt == "html":
        return render_html(export)
    return render_markdown(export)


__all__ = ["SessionExport", "build_export", "import_export", "iso", "md_escape", "parse_export", "render"]
