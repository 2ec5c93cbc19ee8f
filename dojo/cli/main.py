"""Entry point: parse arguments, dispatch to a command module, turn user errors into one line.

Each command module in this package has ``add_parser(subparsers)`` and
``run(args) -> int`` and imports heavy things only inside ``run``, so ``dojo --help``
stays fast and free of Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import keyword
import os
import sys
from typing import NoReturn

from dojo import __version__
from dojo.errors import UserError

#: Command modules under dojo.cli, in the order --help lists them.
COMMANDS: tuple[str, ...] = (
    "play",
    "scenarios",
    "score",
    "classify",
    # storage (issue 5)
    "history",
    "export",
    "import",
    "notes",
    "delete",
    # facilitators and groups (issue 10)
    "serve",
    "plans",
    "report",
    "facilitate",
)


class _Parser(argparse.ArgumentParser):
    """argparse with a mistake in the arguments as one line (argparse prints the usage first)."""

    def error(self, message: str) -> NoReturn:
        from dojo.terminal import echo

        echo(f"dojo: error: {message} (see: {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dojo",
        description="Kata Dojo: rehearse Toyota Kata coaching with a simulated learner. "
        "With no command, starts the game.",
    )
    parser.add_argument("--version", action="version", version=f"dojo {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="where sessions are kept (default: $DOJO_HOME or the user data dir)")
    # players (issue 10): who plays, for every command (history, export… list this player's sessions)
    parser.add_argument("--player", metavar="NAME", dest="main_player",
                        help="who is playing: sessions are kept and listed under this name (sets $DOJO_PLAYER)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"dojo.cli.{name}_" if keyword.iskeyword(name) else f"dojo.cli.{name}")
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is not None:
        if not args.data_dir.strip():  # not the default directory: the player meant some other place
            parser.error("--data-dir is empty; give a directory")
        os.environ["DOJO_HOME"] = args.data_dir
    run = getattr(args, "_run", None)
    try:
        if args.main_player is not None:
            from dojo.players import ENV_VAR, normalize

            os.environ[ENV_VAR] = normalize(args.main_player)
        if run is None:
            from dojo.cli.play import run_game

            return run_game(args)
        return int(run(args) or 0)
    except UserError as exc:
        from dojo.terminal import echo

        echo(f"dojo: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("dojo: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``dojo classify | head``): not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (kept open: stdout until the process exits)
        return 0
