"""``dojo notes SESSION [--turn N TEXT]``: a 2nd coach's notes on the turns of a stored session.

Without ``--turn`` lists the notes; with it, attaches TEXT to turn N (1-based, as the
exports number turns). Notes are shown in exports and in the replay view.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.storage.api import SessionStore


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "notes",
        help="list or add a 2nd coach's notes on a stored session's turns",
        description="List the notes on a stored session, or add one to a turn (numbered from 1 as in exports).",
    )
    parser.add_argument("session", metavar="SESSION", help="session id, unique prefix, or 'last'")
    parser.add_argument("text", nargs="?", metavar="TEXT", help="the note to add (with --turn)")
    # nargs="+": argparse would otherwise not take TEXT after the option ("--turn 3 'text'")
    parser.add_argument("--turn", nargs="+", metavar=("N", "TEXT"), help="the turn the note is about (1-based)")
    # nargs="+" for the same reason: TEXT may follow it ("--turn 3 --author Eve 'text'")
    parser.add_argument("--author", nargs="+", metavar=("NAME", "TEXT"), help="who wrote the note")
    return parser


def count_turns(store: SessionStore, session_id: str) -> int:
    """How many turns the session has (from its report, or by replaying an unfinished one)."""
    report = store.report(session_id)
    if report is not None:
        return len(report.turns)
    from dojo.storage.export import build_export

    export, _ = build_export(store, session_id)
    return len(export.turns)


def run(args: argparse.Namespace) -> int:
    from dojo.errors import UserError
    from dojo.storage.sqlite import open_store
    from dojo.terminal import clean, echo, warn

    texts = [args.text] if args.text is not None else []
    if args.author is not None:
        args.author, *rest = args.author
        texts += [" ".join(rest)] if rest else []
    else:
        args.author = ""
    if args.turn is not None:
        first, *rest = args.turn
        try:
            args.turn = int(first)
        except ValueError:
            raise UserError(f"--turn needs a turn number, not {clean(first[:40])!r}") from None
        texts += [" ".join(rest)] if rest else []
    if len(texts) > 1:
        raise UserError("give the note's TEXT once")
    args.text = texts[0] if texts else None
    if (args.turn is None) != (args.text is None):
        raise UserError("to add a note give both --turn N and the TEXT; with neither, the notes are listed")
    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        sid = store.resolve(args.session)
        if args.turn is not None:
            n = count_turns(store, sid)
            if not 1 <= args.turn <= n:
                raise UserError(f"session {sid[:8]} has {n} turns; --turn must be from 1 to {n}")
            note = store.add_note(sid, args.turn - 1, args.text, author=args.author)
            print(f"note added to turn {note.turn + 1} of session {sid[:8]}")
            return 0
        notes = store.notes(sid)
        if not notes:
            print(f"session {sid[:8]} has no notes yet (add one: dojo notes {sid[:8]} --turn N \"text\")")
        for entry in notes:
            who = f" ({entry.author})" if entry.author else ""
            echo(f"turn {entry.turn + 1:>3}{who}: {entry.text}")  # author and text as typed, nothing raw
    return 0
