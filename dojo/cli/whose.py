"""Whose sessions a command is about, and who a new session is played by (``--player`` and friends).

Commands that create sessions take ``--player NAME``; listings take one of ``--player NAME``,
``--all-players`` and ``--unnamed`` (the sessions saved without a player name, e.g. before
players existed). Without them it is the current player (:func:`dojo.players.current`).
"""

from __future__ import annotations

import argparse

PLAYER_HELP = "who is playing (default: $DOJO_PLAYER, else the last name chosen in the game here)"


def add_player(parser: argparse.ArgumentParser) -> None:
    """``--player NAME`` on a command that creates sessions."""
    parser.add_argument("--player", metavar="NAME", help=PLAYER_HELP)


def add_whose(parser: argparse.ArgumentParser) -> None:
    """``--player NAME | --all-players | --unnamed`` on a command that lists sessions."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--player", metavar="NAME",
                       help="this player's sessions (default: yours: $DOJO_PLAYER, else the last name chosen in the game)")
    group.add_argument("--all-players", action="store_true", help="everyone's sessions (nothing is ranked)")
    group.add_argument("--unnamed", action="store_true",
                       help="the sessions saved without a player name (those from before players existed)")


def player(args: argparse.Namespace) -> str:
    """The player a new session is kept under."""
    from dojo.players import current

    return current(getattr(args, "player", None))


def whose(args: argparse.Namespace) -> str | None:
    """The sessions to list: a player's (``""``: the unnamed ones), or None for everyone."""
    if getattr(args, "all_players", False):
        return None
    if getattr(args, "unnamed", False):
        return ""
    return player(args)
