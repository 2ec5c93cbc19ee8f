"""``dojo report --plan PLAN [--round N] [--format text|md|html] [-o FILE] [--names] [FILE...]``: the group debrief.

The sessions of the plan's round come from the data directory's store, or from exported
session files (``dojo export SESSION --format json``) given as arguments. Without
``--round``, every round that has sessions gets its debrief, in order. Nobody is ranked;
``--names`` adds each player's own figures, alphabetically, and says whose session each
example is from. ``-o`` writes the way ``dojo export -o`` does (whole or not at all, an
existing file only with ``--force``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dojo.errors import UserError

if TYPE_CHECKING:
    from dojo.group.models import GroupSession
    from dojo.plans.models import Plan

#: ``-o FILE`` without ``--format``: the format its name ends with.
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "report",
        help="the group debrief of a dojo plan's round",
        description="The group debrief of a dojo plan's round: per card step and criterion the spread across "
        "players, the most common anti-patterns, the follow-ups most often missed, the feedback that recurs and "
        "a few turns to discuss. From the sessions in the data directory, or from exported session files "
        "given as FILE arguments. Nobody is ranked; --names adds each player's figures, alphabetically.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="exported sessions (dojo export SESSION --format json); default: the data directory's")
    parser.add_argument("--plan", required=True, metavar="PLAN", help="plan id (a plan in the data directory) or plan file")
    parser.add_argument("--round", type=int, metavar="N", help="the round (1-based; default: every round played)")
    parser.add_argument("--format", "-f", choices=("text", "md", "html"),
                        help="output format (default: text, or what the -o FILE name ends with)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="with -o: replace FILE if it exists (a regular file only)")
    parser.add_argument("--names", action="store_true",
                        help="list each player's figures (alphabetically) and whose session each example is from")
    return parser


def load_plan(ref: str) -> Plan:
    """The plan ``ref`` names (a plan file's path or a plan's id), read by the plans' own loader."""
    from dojo.plans.registry import load_plan as load

    return load(ref).plan


def _sessions(args: argparse.Namespace, plan: Plan) -> tuple[dict[int, list[GroupSession]], str, list[str]]:
    """The sessions by round, where they came from (for messages), and warnings."""
    from dojo.group.sources import exported_rounds, stored_rounds

    if args.files:
        rounds, warnings = exported_rounds(args.files, plan.id, args.round)
        n = len(args.files)
        return rounds, f"the {n} file{'s' if n != 1 else ''} given", warnings
    from dojo.storage.sqlite import open_store

    with open_store() as store:
        return stored_rounds(store, plan.id, args.round), store.location, list(store.warnings)


def run(args: argparse.Namespace) -> int:
    from dojo.cli.export import write_output
    from dojo.group import build_group_report, render
    from dojo.terminal import echo, warn

    if args.output and args.output != "-" and not args.force and os.path.lexists(args.output):
        raise UserError(f"{args.output}: already exists; add --force to replace it")  # before reading every session
    plan = load_plan(args.plan)
    if args.round is not None:
        try:
            plan.round(args.round)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    rounds, where, warnings = _sessions(args, plan)
    beyond = sorted(k for k in rounds if not 1 <= k <= len(plan.rounds))
    if beyond:
        warnings.append(f"sessions tagged with round {', '.join(map(str, beyond))} were left out: plan {plan.id} "
                        f"has {len(plan.rounds)} round{'s' if len(plan.rounds) != 1 else ''}")
    numbers = [args.round] if args.round is not None else sorted(k for k in rounds if k not in beyond)
    if not any(rounds.get(k) for k in numbers):  # the one line, without the warnings that led to it
        which = f"round {args.round} of plan {plan.id}" if args.round is not None else f"plan {plan.id}"
        join = f"dojo play --plan {plan.id} --round {args.round or 1}"
        raise UserError(f"no sessions for {which} in {where} (players join with: {join})")
    for warning in warnings:
        warn(warning)
    reports = [build_group_report(rounds[k], plan=plan, round=k, names=args.names) for k in numbers]
    fmt = args.format or (SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "text") if args.output else "text")
    done = write_output(render(reports, fmt), args.output, fmt=fmt, force=args.force)
    if done:
        echo(f"dojo: {done}", file=sys.stderr)
    return 0
