"""Rough edges a new player hits: focus after a resize, keys for the debrief tabs, export, confirm."""

from __future__ import annotations

from tui_helpers import SANDWICH, ask, settle, wait_for_screen


async def test_focus_returns_to_the_question_after_the_terminal_grows_back(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await pilot.resize_terminal(40, 12)  # below the minimum: the "too small" message
        await settle(pilot)
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert app.focused is app.screen.query_one("#question")
        await pilot.press(*"What is the target condition?")
        await pilot.press("enter")
        await settle(pilot)
        coach = [t for t in app.session.turns if t.speaker == "coach"]
        assert [t.text for t in coach] == ["What is the target condition?"]


async def test_ending_a_cycle_with_nothing_asked_asks_first(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("escape")  # no: keep coaching
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen"
        assert app.session.cycle == 1
        assert [a.kind for a in app.session.record.actions].count("end_cycle") == 0
        assert app.focused is app.screen.query_one("#question")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("y")  # yes: the learner runs a step
        await wait_for_screen(pilot, "BetweenCycles")
        await pilot.press("space")
        await settle(pilot)
        assert app.session.cycle == 2


async def test_ending_a_cycle_after_a_question_needs_no_confirmation(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await pilot.press("ctrl+n")
        await wait_for_screen(pilot, "BetweenCycles")
