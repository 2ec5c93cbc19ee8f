"""``dojo facilitate PLAN``: the facilitator's projector screen for a dojo plan.

PLAN is a plan id (``dojo plans list``) or a plan file's path. The screen shows the current
round, its focus, a countdown, the coaching card and who has joined and finished the round
(names only); space starts and pauses, ``n``/``p`` move between rounds, ``r`` opens the
round's group debrief. Where the facilitator is — round, countdown — is kept in
``plans/<id>.state.json`` in the data directory at every change: quitting (or a crash) and
running ``dojo facilitate PLAN`` again carries on there; ``--restart`` starts from round 1.

Before the screen opens, the plan is loaded, the state file written once and the store
opened, so a bad plan, an unwritable data directory or a damaged store is one line and
exit 2, never a broken screen.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dojo.plans.loader import PlanFile
    from dojo.storage.api import SessionStore
    from dojo.storage.sqlite import SqliteStore
    from dojo.tui.screens.facilitate_app import FacilitateApp


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "facilitate",
        help="run a dojo plan for a group: round, focus, countdown, card, who has joined (for a projector)",
        description="Run a dojo plan for a group on a projector-friendly screen: the current round, its focus, a "
        "countdown, the coaching card and who has joined and finished the round (names only). Keys: space starts "
        "and pauses the countdown, n and p move between rounds, r shows the round's group debrief, q quits. Where "
        "you are is kept in the data directory: running it again carries on there.",
    )
    parser.add_argument("plan", metavar="PLAN", help="a plan id (see: dojo plans list) or a plan file's path")
    parser.add_argument("--restart", action="store_true",
                        help="start from round 1, forgetting where the last run of this plan left off")
    return parser


def run(args: argparse.Namespace) -> int:
    from dojo.tui.screens.facilitate_app import run_facilitator

    return run_facilitator(build_app(args))


def build_app(args: argparse.Namespace) -> FacilitateApp:
    """The facilitator's app for ``args.plan``, its state file written and its store open (UserError if not)."""
    from dojo.errors import UserError
    from dojo.plans.clock import fits, fresh_state, read_state, state_path, write_state
    from dojo.terminal import warn

    found = load_plan(args.plan)
    plan, digest = found.plan, found.digest
    path = state_path(plan.id)
    saved = None if args.restart else read_state(path)
    state = saved if saved is not None and fits(saved, plan, digest) else fresh_state(plan, digest)
    try:
        write_state(path, state)
    except OSError as exc:
        raise UserError(f"{path}: cannot keep where the plan is ({exc.strerror or exc}); "
                        "choose a data directory you can write to with --data-dir") from None
    store = open_store()
    for warning in store.warnings:
        warn(warning)

    from dojo.tui.screens.facilitate_app import FacilitateApp

    return FacilitateApp(plan, digest=digest, state=state, state_file=path, store_factory=lambda: store,
                         report=lambda s, number: group_debrief(s, found, number))


def load_plan(ref: str) -> PlanFile:
    """The plan named by id or path (one line when it cannot be had)."""
    from dojo.plans.registry import load_plan as load

    return load(ref)


def open_store() -> SqliteStore:
    from dojo.storage.sqlite import open_store as open_sqlite

    return open_sqlite()


def group_debrief(store: SessionStore, found: PlanFile, number: int) -> str:
    """Round ``number``'s group debrief as plain text (no names: it is shown to the group)."""
    from dojo.group import render, round_report

    return render(round_report(store, found.plan, number), "text")
