"""Which sessions a listing or an aggregate is about: by kind, player, dojo plan and round.

Defined once, as SQL (for the SQLite store and the history aggregates, which the memory
store runs on SQLite too) and as a test on a row (for the memory store), so both stores
select the same sessions.

- ``player``: ``None`` is everyone; a name selects that player's sessions, compared by
  :func:`dojo.players.key` (``alice`` is ``Alice``); ``""`` selects the sessions saved
  without a player (before players existed).
- ``plan`` / ``round``: ``None`` is any; otherwise the plan id and the 1-based round.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from dojo.players import key

#: The SQL function comparing player names (registered on every connection that filters by player).
PLAYER_KEY = "dojo_player_key"


def _player_key(value: object) -> str | None:
    return key(value) if isinstance(value, str) else None


def register(conn: sqlite3.Connection) -> None:
    """Make :data:`PLAYER_KEY` callable in ``conn``'s SQL."""
    conn.create_function(PLAYER_KEY, 1, _player_key, deterministic=True)


@dataclass(frozen=True, slots=True)
class SessionFilter:
    kind: str | None = None
    player: str | None = None
    plan: str | None = None
    round: int | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.kind, self.player, self.plan, self.round))

    def sql(self, alias: str = "") -> tuple[str, dict[str, object]]:
        """`` AND …`` conditions on the sessions table (``alias.`` before each column), with named parameters."""
        col = f"{alias}." if alias else ""
        parts: list[str] = []
        params: dict[str, object] = {}
        if self.kind is not None:
            parts.append(f"{col}kind = :f_kind")
            params["f_kind"] = self.kind
        if self.player is not None:
            parts.append(f"{PLAYER_KEY}({col}player) = :f_player")
            params["f_player"] = key(self.player)
        if self.plan is not None:
            parts.append(f"{col}plan_id = :f_plan")
            params["f_plan"] = self.plan
        if self.round is not None:
            parts.append(f"{col}plan_round = :f_round")
            params["f_round"] = int(self.round)
        return "".join(f" AND {p}" for p in parts), params

    def matches(self, *, kind: str, player: str, plan: str | None, round: int | None) -> bool:
        return (
            (self.kind is None or kind == self.kind)
            and (self.player is None or key(player) == key(self.player))
            and (self.plan is None or plan == self.plan)
            and (self.round is None or round == self.round)
        )
