"""``dojo delete SESSION [--yes]``: remove a stored session for good.

SESSION is an id, a unique prefix of one (as ``dojo history`` shows), or ``last``. The
session is described and the user asked to confirm on the terminal; ``--yes`` skips the
question (and is needed when standard input is not a terminal). Its actions, debrief,
summary and notes go in one transaction.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.storage.rows import SessionRow


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "delete",
        help="remove a stored session (asks first)",
        description="Remove a stored session with its transcript, scores and notes. Asks for confirmation "
        "unless --yes is given. Export it first (dojo export SESSION --format json -o FILE) to keep a copy.",
    )
    parser.add_argument("session", metavar="SESSION", help="session id, unique prefix, or 'last'")
    parser.add_argument("--yes", "-y", action="store_true", help="delete without asking")
    return parser


def describe(row: SessionRow) -> str:
    from dojo.formatting import stamp

    what = row.title if row.kind == "real" else row.scenario
    score = f"score {row.score}" if row.score is not None else ("unfinished" if not row.finished else "no score")
    notes = f", {row.notes} note{'s' * (row.notes != 1)}" if row.notes else ""
    return f"session {row.short_id} ({row.kind}, {what}, started {stamp(row.started_at)}, {score}{notes})"


def run(args: argparse.Namespace) -> int:
    from dojo.errors import UserError
    from dojo.storage.api import StoreError
    from dojo.storage.sqlite import open_store
    from dojo.terminal import clean, echo, warn

    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        sid = store.resolve(args.session)
        try:
            what = describe(store.get(sid))
        except StoreError:  # a session holding bad values must still be removable
            what = f"session {sid[:8]} (it holds values no session can have)"
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(f"not deleting {what} without confirmation: add --yes")
            sys.stderr.write(clean(f"Delete {what}? This cannot be undone. [y/N] "))
            sys.stderr.flush()
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                echo("nothing was deleted", file=sys.stderr)
                return 1
        store.delete(sid)
    echo(f"deleted {what}")
    return 0
