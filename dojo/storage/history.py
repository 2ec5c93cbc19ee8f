"""Progress over time, aggregated by the database: no session is replayed.

:func:`build_history` runs a handful of SQL aggregates (window functions for the trend
buckets) over the summary tables filled when sessions end, so it stays fast with
thousands of sessions. The SQL is plain SQL:2003 (``NTILE``, ``WITH``), so another SQL
database can run it too. :func:`render_text` is what ``dojo history`` prints.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from dojo.coaching.card import STEP_NAMES
from dojo.coaching.labels import Label
from dojo.coaching.report import PATTERN_NAMES, Pattern
from dojo.formatting import stamp
from dojo.players import shown
from dojo.storage.filters import SessionFilter
from dojo.storage.rows import SessionRow, iso
from dojo.storage.summary import STEP_ORDER

HISTORY_VERSION = 1

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], lo: float = 0.0, hi: float = 100.0) -> str:
    """One character per value on a fixed 0..100 scale (scores are absolute); gaps for None."""
    out = []
    span = (hi - lo) or 1.0
    for v in values:
        if v is None:
            out.append(" ")
            continue
        k = int((min(max(v, lo), hi) - lo) / span * (len(SPARK) - 1) + 0.5)
        out.append(SPARK[k])
    return "".join(out)


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TrendPoint(_M):
    """Finished sessions grouped into consecutive buckets (one session each while there are few)."""

    sessions: int
    score: float
    first: str  # ISO time of the bucket's first session
    last: str
    real: int  # how many of them were real conversations


class StepTrend(_M):
    step: str
    name: str
    average: float | None  # over every session where the step was due
    recent: float | None  # over the last ``recent`` sessions
    trend: list[float | None]


class PatternStat(_M):
    pattern: Pattern
    name: str
    occurrences: int
    sessions: int
    recent_sessions: int


class FeedbackStat(_M):
    kind: str
    text: str  # its wording ("When …, ask …"), from a recent session when there is one
    sessions: int
    recent_sessions: int
    rank: float  # mean place among the session's feedback items (0 = the first, most important)


class History(_M):
    version: int = HISTORY_VERSION
    sessions: int
    finished: int
    practice: int
    real: int
    unfinished: int
    average: float | None
    best: int | None
    recent_window: int
    recent_average: float | None
    previous_average: float | None  # the ``recent_window`` sessions before the recent ones
    trend: list[TrendPoint]
    steps: list[StepTrend]
    patterns: list[PatternStat]
    feedback: list[FeedbackStat]
    practise_next: FeedbackStat | None

    @property
    def spark(self) -> str:
        return sparkline([p.score for p in self.trend])

    @property
    def change(self) -> float | None:
        if self.recent_average is None or self.previous_average is None:
            return None
        return self.recent_average - self.previous_average


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 1)


#: The "last N" window is capped: its session ids are passed as query parameters.
MAX_RECENT = 500


def build_history(
    conn: sqlite3.Connection, chosen: SessionFilter | None = None, *, recent: int = 10, buckets: int = 40
) -> History:
    """Six short queries; the heaviest is one window function over the scored sessions. The sessions
    are those ``chosen`` selects (all by default; ``conn`` must have :func:`dojo.storage.filters.register`
    run on it to select by player)."""
    recent = max(1, min(MAX_RECENT, int(recent)))
    buckets = max(1, int(buckets))
    chosen = chosen or SessionFilter()
    kind_sql, fp = chosen.sql()
    p: dict[str, object] = {**fp, "recent": recent, "buckets": buckets}
    step_cols = ", ".join(f"AVG(step_{s})" for s in STEP_ORDER)
    scored = f"FROM sessions WHERE score IS NOT NULL{kind_sql}"

    n, finished, practice, real, unfinished = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(finished_at IS NOT NULL), 0), COALESCE(SUM(kind = 'practice'), 0), "
        "COALESCE(SUM(kind = 'real'), 0), "
        "COALESCE(SUM(finished_at IS NULL AND abandoned = 0 AND n_actions > 0), 0) "
        f"FROM sessions WHERE 1 = 1{kind_sql}",
        p,
    ).fetchone()
    average, best, *step_all = conn.execute(f"SELECT AVG(score), MAX(score), {step_cols} {scored}", p).fetchone()

    # The last 2 × recent scored sessions, newest first: recent and previous windows.
    latest = conn.execute(
        f"SELECT id, score, {', '.join(f'step_{s}' for s in STEP_ORDER)} {scored} "
        "ORDER BY started_at DESC, id DESC LIMIT :double",
        {**p, "double": 2 * recent},
    ).fetchall()
    recent_rows, previous_rows = latest[:recent], latest[recent:]
    recent_ids = [r[0] for r in recent_rows]

    def mean(values: list[float | None]) -> float | None:
        vals = [v for v in values if v is not None]
        return sum(vals) / len(vals) if vals else None

    recent_avg = mean([r[1] for r in recent_rows])
    previous_avg = mean([r[1] for r in previous_rows]) if len(previous_rows) >= 1 else None
    step_recent = [mean([r[2 + k] for r in recent_rows]) for k in range(len(STEP_ORDER))]

    rows = conn.execute(
        f"SELECT b, COUNT(*), AVG(score), MIN(started_at), MAX(started_at), SUM(kind = 'real'), {step_cols} FROM ("
        f"SELECT score, started_at, kind, {', '.join(f'step_{s}' for s in STEP_ORDER)}, "
        f"NTILE(:buckets) OVER (ORDER BY started_at, id) AS b {scored}"
        ") AS t GROUP BY b ORDER BY b",
        p,
    ).fetchall()
    trend = [TrendPoint(sessions=c, score=round(avg, 1), first=iso(t0), last=iso(t1), real=r)
             for _, c, avg, t0, t1, r, *_ in rows]
    # Per step: the same buckets, merged down to at most 12 (weighted by sessions) for a short sparkline.
    groups = min(12, len(rows))
    step_trend: list[list[float | None]] = []
    for k in range(len(STEP_ORDER)):
        line: list[float | None] = []
        for g in range(groups):
            part = rows[g * len(rows) // groups:(g + 1) * len(rows) // groups]
            pairs = [(row[6 + k], row[1]) for row in part if row[6 + k] is not None]
            weight = sum(w for _, w in pairs)
            line.append(round(sum(v * w for v, w in pairs) / weight, 1) if weight else None)
        step_trend.append(line)
    steps = [
        StepTrend(step=s, name=STEP_NAMES.get(Label(s), s), average=_r(step_all[k]), recent=_r(step_recent[k]),
                  trend=step_trend[k])
        for k, s in enumerate(STEP_ORDER)
    ]

    join = f" JOIN sessions s ON s.id = x.session_id WHERE 1 = 1{chosen.sql('s')[0]}" if chosen.active else ""
    marks = ", ".join("?" for _ in recent_ids) or "NULL"
    recent_patterns = dict(conn.execute(
        f"SELECT pattern, COUNT(*) FROM patterns WHERE session_id IN ({marks}) GROUP BY pattern", recent_ids
    ).fetchall())
    order = {k: i for i, k in enumerate(PATTERN_NAMES)}
    known = set(Pattern)  # a pattern this version does not know (a newer dojo's) is not shown
    patterns = [
        PatternStat(pattern=Pattern(pat), name=PATTERN_NAMES[Pattern(pat)], occurrences=occ, sessions=ns,
                    recent_sessions=recent_patterns.get(pat, 0))
        for pat, occ, ns in conn.execute(
            f"SELECT x.pattern, SUM(x.count), COUNT(*) FROM patterns x{join} GROUP BY x.pattern", p
        )
        if pat in known
    ]
    patterns.sort(key=lambda x: (-x.sessions, -x.occurrences, order[x.pattern]))

    recent_feedback = {k: (c, text) for k, c, text in conn.execute(
        f"SELECT kind, COUNT(*), MAX(text) FROM feedback WHERE session_id IN ({marks}) GROUP BY kind", recent_ids
    )}
    feedback = [
        FeedbackStat(kind=k, text=recent_feedback[k][1] if k in recent_feedback else _wording(conn, k), sessions=ns,
                     recent_sessions=recent_feedback.get(k, (0, ""))[0], rank=round(rank, 2))
        for k, ns, rank in conn.execute(
            f"SELECT x.kind, COUNT(*), AVG(x.rank) FROM feedback x{join} GROUP BY x.kind", p
        ).fetchall()
    ]
    feedback.sort(key=lambda f: (-f.sessions, -f.recent_sessions, f.rank, f.kind))
    practise_next = None
    if feedback:
        top = min(feedback, key=lambda f: (-f.recent_sessions, f.rank, -f.sessions))
        if top.recent_sessions > 0:
            practise_next = top

    return History(
        sessions=n, finished=finished, practice=practice, real=real, unfinished=unfinished,
        average=_r(average), best=best, recent_window=recent, recent_average=_r(recent_avg),
        previous_average=_r(previous_avg), trend=trend, steps=steps, patterns=patterns[:8], feedback=feedback[:8],
        practise_next=practise_next,
    )


def _wording(conn: sqlite3.Connection, kind: str) -> str:
    row = conn.execute("SELECT text FROM feedback WHERE kind = ? LIMIT 1", (kind,)).fetchone()
    return row[0] if row else kind


def _num(x: float | None) -> str:
    return "  -" if x is None else f"{x:3.0f}"


def _clean(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _whose(player: str | None) -> str:
    if player is None:
        return "every player"
    return _clean(player) if player else "the sessions saved without a player name"


def render_text(
    h: History, rows: list[SessionRow], *, player: str | None = None, others: int = 0, unnamed: int = 0
) -> str:
    """What ``dojo history`` prints: the progress of ``player``'s sessions (None: everyone's, ``""``: those
    saved without a name); ``others``: sessions not shown (other players'), ``unnamed``: sessions saved
    without a player name, each pointed to with the option that shows them."""
    out: list[str] = []
    w = out.append
    hints = []
    if others:
        hints.append(f"{others} session{'s' * (others != 1)} of other players: dojo history --all-players")
    if unnamed:
        hints.append(f"{unnamed} session{'s' * (unnamed != 1)} saved without a player name (before players): "
                     "dojo history --unnamed")
    if h.sessions == 0:
        if player is None or not (others or unnamed):
            return "No sessions yet. Play one (dojo), or: dojo play --headless --scenario ID --script FILE\n"
        none = f"No sessions of {_whose(player)} yet." if player else "No sessions saved without a player name."
        return "\n".join([none, *hints]) + "\n"
    w(f"Progress of {_whose(player)}: {h.sessions} session{'s' * (h.sessions != 1)} ({h.practice} practice, "
      f"{h.real} real), {h.finished} finished, {h.unfinished} to resume")
    if h.trend:
        w("")
        w(f"Score trend, oldest → newest (0–100): {h.spark}")
        line = f"  average {h.average:.0f}, best {h.best}"
        if h.recent_average is not None:
            line += f", last {h.recent_window}: {h.recent_average:.0f}"
            if h.change is not None:
                line += f" ({h.change:+.0f} on the {h.recent_window} before)"
        w(line)
        w("")
        w(f"Card steps               all  last {h.recent_window:<3} trend")
        for s in h.steps:
            w(f"  {s.name:<21} {_num(s.average)}   {_num(s.recent)}   {sparkline(s.trend)}")
    if h.patterns:
        w("")
        w("Most frequent anti-patterns (sessions with it, of the last few)")
        for pat in h.patterns[:5]:
            w(f"  {pat.name:<38} {pat.sessions:4d}  ({pat.recent_sessions} of the last {h.recent_window})")
    if h.feedback:
        w("")
        w("Recurring feedback from your 2nd coach")
        for f in h.feedback[:3]:
            w(f"  {f.sessions:3d}×  {_clean(f.text)}")
    if h.practise_next is not None:
        w("")
        w(f"Practise next: {_clean(h.practise_next.text)}")
    if rows:
        w("")
        w("Sessions (newest last)")
        whom = f"{'player':<16}  " if player is None else ""
        w(f"  {'id':<8}  {'started':<16}  {whom}{'kind':<8}  {'scenario':<20}  score")
        for r in rows:
            status = f"{r.score:5d}" if r.score is not None else ("  unfinished" if not r.finished else "    -")
            notes = f"  {r.notes} note{'s' * (r.notes != 1)}" if r.notes else ""
            name = _clean(r.title if r.kind == "real" else r.scenario)[:20]
            who = f"{_clean(shown(r.player))[:16]:<16}  " if player is None else ""
            w(f"  {r.short_id:<8}  {stamp(r.started_at):<17}  {who}{r.kind:<8}  {name:<20}  {status}{notes}")
    if hints:
        w("")
        out.extend(hints)
    return "\n".join(out) + "\n"
