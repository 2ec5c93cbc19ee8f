"""``dojo history [--json]``: sessions over time, the score trend, anti-patterns, what to practise next.

``--json`` prints the list of sessions (oldest first), each with ``id``, ``kind``
(practice or real), ``scenario``, ``started`` (ISO 8601, UTC), ``finished``, ``score``
and the criteria; ``--json --summary`` prints the aggregated progress instead (trend,
per card step, anti-patterns, recurring feedback, practise next).
"""

from __future__ import annotations

import argparse
import json
import sys

from dojo.cli.whose import add_whose

#: The largest --limit or --recent taken (SQLite's integers stop at 2**63; no one has this many sessions).
MAX_N = 1_000_000


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "history",
        help="your sessions over time: score trend, anti-patterns, what to practise next",
        description="Show stored sessions over time: the score trend overall and per card step, the most "
        "frequent anti-patterns and the recurring feedback from the 2nd coach. Practice sessions and real "
        "conversations saved with 'dojo score --save' are marked apart.",
    )
    parser.add_argument("--json", action="store_true", help="print the sessions as a JSON list")
    parser.add_argument("--summary", action="store_true", help="with --json: print the aggregated progress instead")
    parser.add_argument("--kind", choices=("practice", "real"), help="only practice sessions or real conversations")
    parser.add_argument("--limit", type=int, default=15, metavar="N", help="sessions listed in the text view (default 15)")
    parser.add_argument("--recent", type=int, default=10, metavar="N", help="size of the 'last N' window (default 10)")
    add_whose(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from dojo.cli.whose import whose
    from dojo.errors import UserError
    from dojo.storage.sqlite import open_store
    from dojo.terminal import clean, clean_json, warn

    if args.summary and not args.json:
        raise UserError("--summary goes with --json")
    if not 1 <= args.recent <= MAX_N or not 0 <= args.limit <= MAX_N:
        raise UserError(f"--recent must be from 1 to {MAX_N:,} and --limit from 0 to {MAX_N:,}")
    player = whose(args)
    with open_store() as store:
        for warning in store.warnings:
            warn(warning)
        if args.json and args.summary:
            history = store.history(kind=args.kind, recent=args.recent, player=player)
            sys.stdout.write(clean_json(history.model_dump_json(indent=2)) + "\n")
            return 0
        if args.json:
            rows = store.sessions(kind=args.kind, player=player)
            sys.stdout.write(clean_json(json.dumps([r.model_dump() for r in rows], indent=2, ensure_ascii=False)) + "\n")
            return 0
        from dojo.storage.history import render_text

        history = store.history(kind=args.kind, recent=args.recent, player=player)
        rows = store.sessions(kind=args.kind, limit=args.limit, player=player)
        unnamed = store.history(kind=args.kind, player="").sessions if player else 0
        others = store.history(kind=args.kind).sessions - history.sessions - unnamed if player is not None else 0
        text = render_text(history, rows, player=player, others=others, unnamed=unnamed)
        sys.stdout.write(clean(text, newlines=True))
    return 0
