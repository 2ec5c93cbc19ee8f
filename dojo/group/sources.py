"""Where a round's sessions come from: the data directory's store, or exported session files.

Both give :class:`~dojo.group.models.GroupSession` objects per round number, and warnings
to show (a file skipped because it was played for another round, a session whose scores
were rebuilt). A file's scores are never taken from the file: like ``dojo import``, the
record is replayed and scored again (:func:`dojo.storage.export.verify`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dojo.files import read_text
from dojo.group.aggregate import build_group_report
from dojo.group.models import GroupReport, GroupSession
from dojo.plans.models import Plan
from dojo.storage.api import SessionStore
from dojo.storage.export import MAX_IMPORT_BYTES, parse_export, verify
from dojo.storage.rows import SessionRow
from dojo.terminal import clean

Rounds = dict[int, list[GroupSession]]


def plan_rows(store: SessionStore, plan_id: str, round_: int | None) -> list[SessionRow]:
    """The practice sessions played for ``plan_id`` (its round ``round_``, or any round)."""
    return store.sessions(kind="practice", plan=plan_id, round=round_)


def stored_rounds(store: SessionStore, plan_id: str, round_: int | None = None) -> Rounds:
    """The sessions of the plan's round (or of every round) kept in ``store``, by round number."""
    out: Rounds = defaultdict(list)
    for row in plan_rows(store, plan_id, round_):
        debrief = store.debrief(row.id) if row.finished else None
        out[row.plan_round or 0].append(GroupSession(
            id=row.id, player=row.player, scenario=row.scenario, seed=row.seed, started_at=row.started_at,
            report=debrief.score if debrief is not None else None,
        ))
    return dict(out)


def round_report(store: SessionStore, plan: Plan, round: int, *, names: bool = False) -> GroupReport:
    """The debrief of ``plan``'s round ``round`` (1-based) from the sessions in ``store``: what the
    facilitator's screen shows. It renders with :func:`dojo.group.render` (``text`` for a screen)."""
    return build_group_report(stored_rounds(store, plan.id, round).get(round, []), plan=plan, round=round, names=names)


def exported_rounds(paths: Iterable[str], plan_id: str, round_: int | None = None) -> tuple[Rounds, list[str]]:
    """The sessions exported to ``paths`` (``dojo export SESSION --format json``) that were played for
    the plan's round (or any of its rounds), by round number, and warnings: a file played for
    another plan or round is skipped with a warning; a file that is not a session export is a UserError."""
    out: Rounds = defaultdict(list)
    warnings: list[str] = []
    for path in paths:
        export = parse_export(read_text(path, what="session export", max_bytes=MAX_IMPORT_BYTES), path)
        record = export.record
        tag = record.plan if record is not None else None
        if record is None or tag is None:
            warnings.append(f"{path}: skipped: not played for a dojo plan")
            continue
        if tag.plan_id != plan_id or (round_ is not None and tag.round != round_):
            warnings.append(f"{path}: skipped: played for plan {clean(tag.plan_id)} round {tag.round}")
            continue
        debrief, _, notes = verify(export, path)
        warnings += notes
        s = export.session
        out[tag.round].append(GroupSession(
            id=s.id, player=record.player, scenario=s.scenario, seed=s.seed, started_at=s.started_at,
            report=debrief.score if debrief is not None else None,
        ))
    return dict(out), warnings
