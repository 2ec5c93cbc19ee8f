"""Rough edges a new player hits: focus after a resize, keys for the debrief tabs, export, confirm."""

from __future__ import annotations

import json

from tui_helpers import SANDWICH, ask, end_cycle, settle, screen_text, wait_for_screen


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


async def _to_debrief(pilot) -> None:
    await wait_for_screen(pilot, "SessionScreen")
    await ask(pilot, "What is the target condition?")
    while not pilot.app.session.ended:
        await end_cycle(pilot)
    await wait_for_screen(pilot, "DebriefScreen")
    await settle(pilot)


async def test_debrief_tabs_have_keys_shown_in_the_footer(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest comfortable terminal: every key shows
        await _to_debrief(pilot)
        tabs = app.screen.query_one("#debrief-tabs")
        footer = screen_text(app).splitlines()[-1]
        for shown in ("1 Score", "2 Transcript", "3 Chart", "4 Stopwatch", "e Export", "a Again", "n Home"):
            assert shown in footer, footer
        for key, tab in (("2", "tab-transcript"), ("3", "tab-chart"), ("4", "tab-stopwatch"), ("1", "tab-score")):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab


async def test_export_from_the_debrief_writes_the_chosen_format_and_says_where(make_app, tmp_path):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_debrief(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog")
        path = app.screen.query_one("#export-path")
        assert path.value.endswith(".md") and "exports" in path.value  # a default in the data directory
        await pilot.press("f5")  # Markdown -> HTML
        await pilot.pause()
        assert path.value.endswith(".html")
        target = tmp_path / "[bold]out" / "mine.html"  # a path that would be markup, in a folder to be made
        path.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        await settle(pilot)
        text = target.read_text(encoding="utf-8")
        assert text.lstrip().lower().startswith("<!doctype html") and "What is the target condition?" in text
        messages = [n.message for n in app._notifications]
        assert any(str(target) in m for m in messages), messages


async def test_export_from_the_palette_mid_session_defaults_to_the_data_directory(make_app, dojo_home):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export the session" in commands
        app.export_session()
        await wait_for_screen(pilot, "ExportDialog")
        await pilot.press("f5", "f5")  # Markdown -> HTML -> JSON
        await pilot.press("enter")
        await settle(pilot)
        await wait_for_screen(pilot, "SessionScreen")
        (written,) = (dojo_home / "exports").iterdir()
        assert written.suffix == ".json"
        data = json.loads(written.read_text(encoding="utf-8"))
        assert data["record"]["actions"][0]["text"] == "What is the target condition?"
        assert app.focused is app.screen.query_one("#question")


async def test_export_of_a_saved_game_is_the_stored_session(make_app, dojo_home):
    from dojo.storage.game import open_game_store
    from dojo.tui.storing import LazyStore

    store = LazyStore(open_game_store)
    app = make_app(scenario=str(SANDWICH), seed=3, store=store)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await _to_debrief(pilot)
            await pilot.press("e")
            await wait_for_screen(pilot, "ExportDialog")
            await pilot.press("f5", "f5", "enter")  # JSON, to the default file
            await settle(pilot)
            await wait_for_screen(pilot, "DebriefScreen")
            key = app._writer.key(id(app.session))
            (written,) = (dojo_home / "exports").iterdir()
            data = json.loads(written.read_text(encoding="utf-8"))
            assert key is not None and data["session"]["id"] == key
            assert data["session"]["finished_at"] is not None and data["debrief"] is not None
    finally:
        store.close()
