"""Players appear on the facilitator's screen as the store has them: a session for the round joins, its end finishes."""

from __future__ import annotations

from dojo.session.record import PlanTag
from tests.facilitate.helpers import HandClock, make_app, settle, text_of
from tests.facilitate.players import play_round


async def test_players_appear_as_they_join_and_finish_the_current_round_names_only(store, tmp_path):
    hand = HandClock()
    app = make_app(store, tmp_path, hand)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "0 joined" in text_of(app, "#fac-roster")
        tag = PlanTag(plan_id="team-dojo", round=1, plan_digest="d1")
        play_round(store, "Ana [bold]", tag, finish=True)
        play_round(store, "Bo", tag, finish=False)
        play_round(store, "Cy", PlanTag(plan_id="team-dojo", round=2), finish=True)  # another round
        play_round(store, "Di", PlanTag(plan_id="other-plan", round=1), finish=True)  # another plan
        app.screen.load_roster()  # the worker every few seconds does this
        await settle(pilot)
        shown = text_of(app, "#fac-roster")
        assert "2 joined · 1 finished" in shown
        assert "✓ Ana [bold]" in shown and "Bo" in shown  # a name is text, not markup
        assert "Cy" not in shown and "Di" not in shown
        assert not any(ch.isdigit() for ch in shown.split("\n", 1)[1])  # names only: no scores
        await pilot.press("n")  # the next round has its own players
        await settle(pilot)
        shown = text_of(app, "#fac-roster")
        assert "1 joined · 1 finished" in shown and "Cy" in shown and "Ana" not in shown
