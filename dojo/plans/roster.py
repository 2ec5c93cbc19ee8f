"""Who has joined a plan's round and who has finished it: player names only, read from the store.

A player has *joined* a round when a session of theirs is stored for it (the store writes a
session with its first action), and has *finished* when one of those sessions ended with its
debrief. Nothing else is read: no scores, no ranking — the facilitator's screen is projected
to the group. Names keep the order people joined (and finished) in, so a newcomer appears at
the end, and a player who restarted a round is listed once. Sessions saved without a player
name are counted, not named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dojo.players import key as player_key

if TYPE_CHECKING:
    from dojo.storage.api import SessionStore
    from dojo.storage.rows import SessionRow


@dataclass(frozen=True, slots=True)
class Roster:
    """The players of one round. ``joined`` includes those who finished."""

    joined: tuple[str, ...] = ()
    finished: tuple[str, ...] = ()
    unnamed_joined: int = 0  # sessions for the round saved without a player name
    unnamed_finished: int = 0


def roster_of(rows: Iterable[SessionRow]) -> Roster:
    """The roster of a round's sessions (any order; abandoned ones count as joined, not finished)."""
    joined: dict[str, tuple[float, str]] = {}
    finished: dict[str, tuple[float, str]] = {}
    unnamed_joined = unnamed_finished = 0
    for row in rows:
        done = row.finished and not row.abandoned
        name = " ".join(row.player.split())
        if not name:
            unnamed_joined += 1
            unnamed_finished += done
            continue
        key = player_key(name)  # "Ana" and "ana " are one player
        if key not in joined or row.started_at < joined[key][0]:
            joined[key] = (row.started_at, name)
        ended = row.finished_at if row.finished_at is not None else row.updated_at
        if done and (key not in finished or ended < finished[key][0]):
            finished[key] = (ended, key)
    order = sorted(joined.values())
    return Roster(
        joined=tuple(name for _, name in order),
        finished=tuple(joined[key][1] for _, key in sorted(finished.values())),  # spelt as when they joined
        unnamed_joined=unnamed_joined,
        unnamed_finished=unnamed_finished,
    )


def round_sessions(store: SessionStore, plan_id: str, number: int) -> list[SessionRow]:
    """The stored sessions played for round ``number`` of plan ``plan_id``."""
    return store.sessions(plan=plan_id, round=number)


def round_roster(store: SessionStore, plan_id: str, number: int) -> Roster:
    """Who has joined and finished round ``number`` of ``plan_id``, as the store has it now."""
    return roster_of(round_sessions(store, plan_id, number))
