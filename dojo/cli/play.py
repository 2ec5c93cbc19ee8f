"""``dojo play``: the game (Textual), ``--headless`` from a script file, or ``--headless --interactive``.

``--plan PLAN --round N`` plays a round of a dojo plan: the round's scenario, seed and mode
(an explicit one that differs is refused), and the session's record carries the plan's tag.
The headless path never imports Textual.
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import TYPE_CHECKING

from dojo.cli.whose import add_player
from dojo.errors import UserError
from dojo.terminal import clean, clean_json

if TYPE_CHECKING:
    from dojo.plans.joining import Joined
    from dojo.scenarios.models import Scenario
    from dojo.session.engine import Session
    from dojo.storage.recorder import SessionRecorder
    from dojo.storage.sqlite import SqliteStore


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "play",
        help="play a coaching session (the game; --headless plays a script)",
        description="Play a coaching session. Without --headless, starts the game. With --headless, "
        "plays a whole session from a transcript file and prints the transcript with the learner's "
        "replies, the final storyboard and where the process ended against the target condition. "
        "A script has no clock: the debrief counts 40 seconds per turn. With --headless --interactive, "
        "reads one coach line at a time from standard input (--- ends the cycle) and writes every event "
        "as a JSON line, flushed, so a program can coach adaptively.",
    )
    parser.add_argument("--headless", action="store_true", help="no screen: play the --script file (or standard input with --interactive)")
    parser.add_argument("--scenario", metavar="ID", help="scenario id or path to a scenario file")
    parser.add_argument("--script", metavar="FILE", help="transcript to play: coach:/learner: lines, --- ends a cycle")
    parser.add_argument("--seed", type=int, metavar="N", help="random seed (default: a new one, printed)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--interactive", action="store_true",
        help="with --headless: coach lines from standard input, one JSON line out per event",
    )
    parser.add_argument(
        "--mode", choices=("free", "guided"), default=None,
        help="the game: type your own questions (free, the default) or pick one of four (guided)",
    )
    parser.add_argument(
        "--plan", metavar="PLAN",
        help="play a round of a dojo plan (a plan id, see: dojo plans list, or a plan file): its scenario, seed and mode",
    )
    parser.add_argument("--round", type=int, metavar="N", help="with --plan: the round to play (1, 2, ...)")
    # storage (issue 5): headless sessions are kept in history unless --no-save
    parser.add_argument("--no-save", action="store_true", help="do not keep the session in history")
    add_player(parser)  # players (issue 10)
    return parser


#: Seeds are kept in the session store as 64-bit integers.
SEED_RANGE = range(-(2**63), 2**63)


def run(args: argparse.Namespace) -> int:
    if args.seed is not None and args.seed not in SEED_RANGE:
        raise UserError(f"--seed must be between {SEED_RANGE.start} and {SEED_RANGE.stop - 1}")
    args.joined = _join(args) if args.plan is not None else None
    if args.round is not None and args.joined is None:
        raise UserError("--round needs --plan PLAN (see: dojo plans list)")
    if args.mode is None:
        args.mode = "free"
    if args.headless:  # players (issue 10): who it is kept under; a bad name is one line, before playing
        from dojo.cli.whose import player

        args.player = player(args)
    if not args.headless:
        if args.script or args.json or args.interactive:
            raise UserError("--script, --json and --interactive need --headless")
        if args.scenario:
            from dojo.scenarios.registry import load_scenario

            load_scenario(args.scenario)
        return run_game(args)
    if not args.scenario:
        raise UserError("--headless needs --scenario ID or --plan PLAN (see: dojo scenarios list, dojo plans list)")
    if args.interactive:
        if args.script:
            raise UserError("--interactive reads coach lines from standard input: leave out --script")
        return run_interactive(args)
    if not args.script:
        raise UserError("--headless needs --script FILE (one coach line per line, --- between cycles)")
    from dojo import transcript
    from dojo.scenarios.registry import load_scenario
    from dojo.session.headless import play_script

    scenario = load_scenario(args.scenario)
    script = transcript.load(args.script)
    seed = _seed(args)
    session = _new_session(scenario, seed, args.joined, args.player)
    # storage (issue 5): save every action as it is played, unless --no-save
    recorder = None if args.no_save else _start_recorder(session)
    try:
        result = play_script(scenario, script, seed=seed, session=session)
    finally:
        if recorder is not None:
            recorder.store.close()
    if args.json:
        sys.stdout.write(clean_json(result.model_dump_json(indent=2)) + "\n")
    else:
        from dojo.session.render_text import render_result

        sys.stdout.write(render_result(result))
    for note in result.notes:
        print(f"dojo: note: {note}", file=sys.stderr)
    _played_round(args.joined)
    if recorder is not None and recorder.written:
        print(f"dojo: saved session {recorder.session_id[:8]} (dojo export {recorder.session_id[:8]})", file=sys.stderr)
    return 0


def _seed(args: argparse.Namespace) -> int:
    return args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)


def _join(args: argparse.Namespace) -> Joined:
    """The plan round ``--plan``/``--round`` name; sets ``args``' scenario, seed and mode to the round's.

    Headless play reads the coach's lines from a script, whatever the round's mode (the mode
    is the game's); the record keeps the mode played.
    """
    from dojo.plans.joining import pick_round, refuse_contradictions
    from dojo.plans.registry import load_plan

    joined = pick_round(load_plan(args.plan), args.round)
    r = joined.round
    refuse_contradictions(
        joined, scenario=args.scenario, seed=args.seed, mode=args.mode,
        same_scenario=args.scenario is None or _same_scenario(args.scenario, r.scenario),
    )
    args.scenario, args.seed = r.scenario, r.seed
    args.mode = "free" if args.headless else r.mode
    return joined


def _played_round(joined: Joined | None) -> None:
    """After headless play: which plan round was played (standard error, like the other notes)."""
    if joined is not None:
        r = joined.round
        print(f"dojo: played {clean(joined.heading)} ({r.minutes} min). Focus: {clean(r.focus)}", file=sys.stderr)


def _same_scenario(given: str, scenario_id: str) -> bool:
    """Whether ``--scenario`` names the round's scenario (by id, or a file holding the same scenario)."""
    from dojo.scenarios.registry import load_scenario

    return given == scenario_id or load_scenario(given) == load_scenario(scenario_id)


def _new_session(scenario: Scenario, seed: int, joined: Joined | None, player: str = "") -> Session:
    """A headless session (the script's clock), tagged with its player and the plan round it is played for."""
    from dojo.session.engine import Session
    from dojo.session.headless import ScriptClock

    return Session(scenario, seed=seed, clock=ScriptClock(), plan=joined.tag if joined is not None else None,
                   player=player)


def _start_recorder(session: Session) -> SessionRecorder:
    """Keep ``session`` in history, every action saved as it is played (issue 5)."""
    from dojo.storage.recorder import SessionRecorder
    from dojo.storage.sqlite import open_store

    store = open_store()
    for warning in store.warnings:
        print(f"dojo: warning: {warning}", file=sys.stderr)
    return SessionRecorder.start(store, session, source="headless")


def run_interactive(args: argparse.Namespace) -> int:
    """Coach lines in from standard input, one JSON line out per event, flushed as it is written."""
    from dojo.scenarios.registry import load_scenario
    from dojo.session.interactive import InteractivePlay

    scenario = load_scenario(args.scenario)
    session = _new_session(scenario, _seed(args), args.joined, args.player)
    out = sys.stdout.buffer
    recorders = []

    def write(line: str) -> None:
        out.write(line.encode("utf-8") + b"\n")
        out.flush()

    def save(session: Session) -> None:
        if not args.no_save:
            recorders.append(_start_recorder(session))

    play = InteractivePlay(session, write, before_first_action=save)
    try:
        play.start()
        stdin = sys.stdin.buffer
        while not play.ended:
            raw = stdin.readline()
            if not raw:
                break
            try:
                row = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise UserError(f"<stdin>:{play.lines_read + 1}: not valid UTF-8") from None
            play.feed(row)
        play.finish()
    finally:
        for recorder in recorders:
            recorder.store.close()
    for note in play.notes:
        print(f"dojo: note: {note}", file=sys.stderr)
    _played_round(args.joined)
    for recorder in (r for r in recorders if r.written):
        print(f"dojo: saved session {recorder.session_id[:8]} (dojo export {recorder.session_id[:8]})", file=sys.stderr)
    return 0


def run_game(args: argparse.Namespace) -> int:
    """Start the Textual game (the only path that imports Textual)."""
    from dojo.tui.app import run_app

    store_factory = None
    if not getattr(args, "no_save", False):
        def store_factory() -> SqliteStore:  # opened off the first frame, on first use
            from dojo.storage.sqlite import open_store

            return open_store()

    from dojo.players import given

    return run_app(
        player=given(getattr(args, "player", None)),  # None: the game asks, or takes the last name chosen
        scenario=getattr(args, "scenario", None),
        seed=getattr(args, "seed", None),
        mode=getattr(args, "mode", None) or "free",
        joined=getattr(args, "joined", None),
        store_factory=store_factory,
    )
