"""Rough edges a new player hits: focus after a resize, keys for the debrief tabs, export, confirm."""

from __future__ import annotations

import json

from tui_helpers import SANDWICH, ask, end_cycle, screen_text, settle, wait_for_screen, widget_text


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
    from dojo.storage.sqlite import open_store

    app = make_app(scenario=str(SANDWICH), seed=3, store_factory=open_store)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await _to_debrief(pilot)
            await pilot.press("e")
            await wait_for_screen(pilot, "ExportDialog")
            await pilot.press("f5", "f5", "enter")  # JSON, to the default file
            await settle(pilot)
            await wait_for_screen(pilot, "DebriefScreen")
            key = app.recorder.session_id if app.recorder.written else None
            (written,) = (dojo_home / "exports").iterdir()
            data = json.loads(written.read_text(encoding="utf-8"))
            assert key is not None and data["session"]["id"] == key
            assert data["session"]["finished_at"] is not None and data["debrief"] is not None
    finally:
        app.storage.close()


async def test_guided_the_second_coachs_note_stays_in_view_at_80x24(make_app):
    app = make_app(scenario=str(SANDWICH), seed=5, mode="guided")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        choices = app.screen.query_one("#choices")
        for key in "1234" * 3:
            picked = choices.candidates[int(key) - 1]
            await pilot.press(key)
            await settle(pilot)
            shown = " ".join(screen_text(app).split())
            assert " ".join(picked.why.split())[:40] in shown, (picked.why, shown)


async def test_between_cycles_never_says_no_runs_while_the_lines_arrive(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3, live=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await pilot.press("ctrl+n")
        await wait_for_screen(pilot, "BetweenCycles")
        chart = app.screen.query_one("#between-chart")
        texts = []
        for _ in range(40):
            texts.append(widget_text(chart))
            if "target" in texts[-1]:
                break
            await pilot.pause(0.1)
        assert "target" in texts[-1]  # the chart is drawn in the end
        assert not any("No runs" in t for t in texts)


async def test_wide_with_the_card_open_the_storyboard_keeps_its_room(make_app):
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        screen = app.screen
        await pilot.press("f2")
        await settle(pilot)
        card, storyboard = screen.query_one("#card"), screen.query_one("#storyboard")
        assert card.region.height >= 10 and storyboard.region.height >= 8
        assert not screen.show_chart  # the card took the chart's place
        await pilot.press("f4")  # the chart instead of the storyboard
        await settle(pilot)
        assert screen.show_chart and not screen.show_storyboard
        assert screen.query_one("#chart").region.height >= 8
        await pilot.press("f3", "f2")  # the storyboard back, the card closed: the chart comes back too
        await settle(pilot)
        assert screen.show_storyboard and screen.show_chart and not screen.show_card


def test_numbers_read_as_people_write_them():
    from dojo.tui.text import number, quantity

    assert [number(x) for x in (4.0, 4.25, 86.31, 0.0, -0.04, 13.0, 9.96)] == ["4", "4.2", "86", "0", "0", "13", "10"]
    assert quantity(62, "s") == "62 s" and quantity(77.0, "%") == "77%" and quantity(4.0, "") == "4"


def test_the_card_shows_emphasis_not_stars():
    from dojo.coaching.labels import Label
    from dojo.tui.widgets.card import card_text

    for due in (None, Label.OBSTACLES):
        for asked in (set(), {Label.OBSTACLES}):
            text = card_text(asked, due)
            assert "*" not in text.plain and "Which one now?" in text.plain
            one = text.plain.index("one now")
            assert any("italic" in str(span.style) for span in text.spans if span.start <= one < span.end)


async def test_no_internal_words_or_bare_numbers_on_screen(make_app):
    import re

    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        await pilot.press("ctrl+n")
        await wait_for_screen(pilot, "BetweenCycles")
        between = widget_text(app.screen.query_one("#between-text"))
        chart = app.session.run_chart()
        assert "Whose idea:" in between
        assert not re.search(r"\b(find_out|persona|focus|none)\)", between)  # chosen_by in words
        assert f"target {'≤' if chart.direction == 'at_most' else '≥'} " in between
        assert re.search(r"\(target [≤≥] [0-9.]+ " + re.escape(chart.unit) + r"\)", between)  # a unit on the target
        await pilot.press("space")
        await settle(pilot)
        note = [b for b in app.screen.query("Bubble.note") if "ran the step" in str(b.render())][-1]
        assert re.search(r": " + re.escape(chart.statistic) + r" \d+(\.\d)? " + re.escape(chart.unit), str(note.render()))
        while not app.session.ended:
            await end_cycle(pilot)
        await wait_for_screen(pilot, "DebriefScreen")
        await pilot.press("2")
        await settle(pilot)
        transcript = widget_text(app.screen.query_one("#transcript"))
        assert not re.search(r"\[[a-z_ ]+\]", transcript)  # no label brackets
        assert "target" in transcript and "_" not in transcript
        await pilot.press("3")
        await settle(pilot)
        axis = widget_text(app.screen.query_one("#debrief-chart"))
        assert not re.search(r"\b\d+\.0\b", axis)  # no "0.0" or "4.0" labels


def test_export_paths_formats_and_write_errors(tmp_path, dojo_home):
    import pytest

    from dojo.errors import UserError
    from dojo.scenarios.loader import load_file
    from dojo.session.engine import Session
    from dojo.tui.exporting import format_of, resolve_target, with_format, write_file

    session = Session(load_file(SANDWICH), seed=1)
    assert format_of("a/b.HTML") == "html" and format_of("x.json") == "json" and format_of("notes.txt", "md") == "md"
    assert with_format("out.md", "json") == "out.json" and with_format("out", "html") == "out.html"
    default = resolve_target("", session, "html")
    assert default.parent == dojo_home / "exports" and default.suffix == ".html"
    inside = resolve_target(str(tmp_path), session, "md")  # a folder: the default name inside it
    assert inside.parent == tmp_path and inside.suffix == ".md"
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        write_file(blocker / "inside.md", "text")  # its folder is a file
    assert str(blocker) in str(caught.value) and "\n" not in str(caught.value)
