"""One SVG snapshot of the facilitator's screen at 100×30: a round running, two players joined, one finished.

Update after a deliberate change with ``pytest tests/facilitate/test_facilitate_snapshot.py --snapshot-update``
and look at the picture before committing it.
"""

from __future__ import annotations

from dojo.session.record import PlanTag
from tests.facilitate.helpers import HandClock, make_app, settle
from tests.facilitate.players import play_round


def test_a_round_running_with_players(snap_compare, store, tmp_path):
    hand = HandClock()
    tag = PlanTag(plan_id="team-dojo", round=2)
    play_round(store, "Anaïs", tag, finish=True)
    play_round(store, "Bodil", tag, finish=False)
    app = make_app(store, tmp_path, hand)

    async def before(pilot):
        await pilot.press("n", "space")
        hand.tick(7 * 60 + 30)
        pilot.app.screen.show_clock()
        pilot.app.screen.load_roster()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
