"""Rough edges a new player hits: focus after a resize, keys for the debrief tabs, export, confirm."""

from __future__ import annotations

from tui_helpers import SANDWICH, settle, wait_for_screen


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
