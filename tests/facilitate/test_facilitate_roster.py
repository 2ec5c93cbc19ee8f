"""Who has joined and finished a round: names only, in joining order, each player once."""

from __future__ import annotations

from dojo.plans.roster import Roster, roster_of
from dojo.storage.rows import SessionRow


def row(player: str, started: float, *, finished: float | None = None, abandoned: bool = False) -> SessionRow:
    return SessionRow(
        id=f"{player or 'anon'}-{started}", kind="practice", source="tui", scenario="assembly-cell", title="t",
        seed=41, mode="free", started="2027-01-15T10:00:00Z", started_at=started, updated_at=started + 1,
        finished=finished is not None, finished_at=finished, abandoned=abandoned, actions=3, score=88 if finished else None,
        player=player, plan_id="team-dojo", plan_round=1,
    )


def test_players_are_listed_in_joining_order_and_finishers_in_finishing_order():
    roster = roster_of([row("Zoe", 30, finished=200), row("Ana", 10, finished=300), row("Bo", 20)])
    assert roster == Roster(joined=("Ana", "Bo", "Zoe"), finished=("Zoe", "Ana"))


def test_a_player_who_restarted_is_listed_once_by_their_first_session():
    roster = roster_of([row("Ana", 50, finished=90), row(" ana", 10), row("Bo", 20)])
    assert roster.joined == ("ana", "Bo")
    assert roster.finished == ("ana",)  # one spelling for one player, so the screen ticks the name it lists


def test_sessions_without_a_name_are_counted_and_abandoned_ones_did_not_finish():
    roster = roster_of([row("", 1, finished=5), row("", 2), row("Cy", 3, finished=9, abandoned=True)])
    assert roster == Roster(joined=("Cy",), finished=(), unnamed_joined=2, unnamed_finished=1)


def test_nobody_yet():
    assert roster_of([]) == Roster()
