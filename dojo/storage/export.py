"""The export data model of a stored session, built from the store, and the import of one.

- :class:`SessionExport` is a versioned pydantic model: the session's record (what replays
  it), the transcript with labels and the 2nd coach's notes, the storyboard, the run chart,
  the debrief or score report, and the human 2nd coach's notes. It is the boundary: the
  JSON file ``dojo export`` writes and ``dojo import`` reads. Turning it into Markdown, HTML,
  SVG or JSON text is presentation, in :mod:`dojo.render` (storage never imports it).
- Import checks the file against what a real session can hold (:mod:`dojo.storage.limits`:
  depth, sizes, finite numbers, times, a 64-bit seed, valid Unicode), validates it with the
  model, replays the record on the copy of its scenario it carries (read through the same
  bounded loader as a scenario file, and checked against the record's digest) or, an older
  export without one, on the scenario on offer with its id (resolved through the registry
  only, never as a path), and compares the replay with the exported transcript and debrief; the debrief (or
  a real conversation's report) is rebuilt, not taken from the file. Any problem is one
  line and nothing is written. Round trip: export → import → export is equal except for
  the session id and the export time.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dojo import __version__
from dojo.coaching.report import ScoreReport, TurnFlag
from dojo.errors import UserError
from dojo.session.debrief import Debrief
from dojo.session.record import SessionRecord
from dojo.session.views import RunChart, StoryboardView
from dojo.storage import limits
from dojo.storage.api import SessionStore
from dojo.terminal import clean

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
    flags: list[TurnFlag] = Field(default_factory=list)


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
    # Added with players and dojo plans (issue 10); exports made before have none of them.
    player: str = Field(default="", description="who played it; empty when no player name was chosen")
    plan_id: str | None = Field(default=None, description="the dojo plan it was played for, if any")
    plan_round: int | None = Field(default=None, description="the plan's round (1-based), if any")


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


def _restore(record: SessionRecord) -> tuple[Session | None, str | None, str | None]:
    """Replay a record on the scenario as played (:mod:`dojo.storage.played`): ``(session, None, note)``,
    the note saying when the scenario file on offer is not that one; ``(None, problem, None)`` when
    there is no scenario to replay on. A scenario id is an id: only the registry resolves it."""
    from dojo.session.engine import Session
    from dojo.storage.played import played

    try:
        scenario = played(record)
    except UserError as exc:
        return None, str(exc), None
    return Session.restore(record, scenario.scenario), None, scenario.note


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
        session, problem, note = _restore(record)
        if note is not None:
            warnings.append(note)
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
            player=row.player, plan_id=row.plan_id, plan_round=row.plan_round,
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
    _check_player(s.player, "session.player", source)
    if record is not None:
        _check_player(record.player, "record.player", source)
        plan = (record.plan.plan_id, record.plan.round) if record.plan is not None else (None, None)
        if (s.player, s.plan_id, s.plan_round) != (record.player, *plan):
            raise UserError(f"{source}: session: its player and plan round are not the record's")
    elif s.plan_id is not None or s.plan_round is not None:
        raise UserError(f"{source}: session.plan_id: a real conversation is played for no dojo plan")
    if record is not None:
        limits.check_seed(record.seed, "record.seed", source)
        limits.check_time(record.started_at, "record.started_at", source)
        if len(record.actions) > limits.MAX_ACTIONS:
            raise UserError(
                f"{source}: record.actions: {len(record.actions):,} actions (a session holds at most {limits.MAX_ACTIONS:,})"
            )
        for i, a in enumerate(record.actions):
            limits.check_time(a.at, f"record.actions.{i}.at", source)


def _check_player(name: str, where: str, source: str) -> None:
    """A player name in a file follows the same rule as one typed (:func:`dojo.players.normalize`)."""
    from dojo.players import normalize

    if not name:
        return
    try:
        valid = normalize(name)
    except UserError as exc:
        raise UserError(f"{source}: {where}: {exc}") from None
    if valid != name:
        raise UserError(f"{source}: {where}: spaces around or doubled inside a player name")


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
    session, problem, note = _restore(export.record)
    if session is None:
        raise UserError(f"{source}: {problem}")
    notes = [f"{source}: {note}"] if note is not None else []
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
            return export.debrief, None, [*notes, f"{source}: {DIVERGED}"]
        first = next((i for i, (a, b) in enumerate(zip(replayed, exported)) if a != b), min(len(replayed), len(exported)))
        raise UserError(
            f"{source}: the record does not replay to the exported transcript (first difference at turn {first + 1}); "
            "it was changed, or the scenario or the dojo has changed since it was exported"
        )
    if (export.debrief is not None) != session.ended:
        raise UserError(f"{source}: the record {'ends' if session.ended else 'does not end'} but the export says otherwise")
    if export.debrief is None:
        return None, None, notes
    rebuilt = build_debrief(session)
    if _key(_report_turns(rebuilt.score)) != _key(_report_turns(export.debrief.score)):
        raise UserError(f"{source}: the debrief's transcript does not match the replay of its record (it was changed)")
    if rebuilt != export.debrief:
        return rebuilt, None, [
            *notes,
            f"{source}: the debrief differs from the replay of its record (changed, or scored by another version); "
            "the replayed one was kept"
        ]
    return rebuilt, None, notes


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
        finished_at=s.finished_at, player=s.player,
    ), warnings


__all__ = ["SessionExport", "build_export", "import_export", "parse_export"]
