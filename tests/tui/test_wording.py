"""The game says things the way the exports and the transcripts do: moves, dates, whose idea."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tui_helpers import settle, widget_text


async def test_replay_names_a_coach_move_as_the_transcripts_do(make_app):
    from dojo.render.view import turn_label
    from dojo.storage.memory import MemoryStore
    from dojo.tui.screens.replay import ReplayScreen
    from tests.storage.conftest import driver, load_scenario, play

    store = MemoryStore()  # a fast store: the contract test holds it to SQLite's behaviour
    try:
        sid = play(store, load_scenario(driver.SCENARIO), cycles=1).session_id
        app = make_app(store=store, catalog=list)
        async with app.run_test(size=(100, 30)) as pilot:
            replay = ReplayScreen(store, sid)
            await app.push_screen(replay)
            for _ in range(50):
                await settle(pilot)
                if replay.loaded:
                    break
            export = replay.export
            assert export is not None
            for index in (0, 2):
                replay.query_one("#replay-turns").highlighted = index
                await settle(pilot)
                shown = " ".join(widget_text(replay.query_one("#replay-text")).split())
                turn = export.turns[index]
                assert f"· coach ({turn_label(turn)})" in shown, shown
                assert "heard as" not in shown and "_" not in turn_label(turn)
    finally:
        store.close()


ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ASSEMBLY = Path(__file__).resolve().parents[2] / "scenarios" / "assembly-cell.yaml"


async def test_dates_on_screen_are_human_with_their_own_weekday(make_app):
    from tui_helpers import ask, end_cycle, screen_text, wait_for_screen

    from dojo.formatting import human_date
    from dojo.scenarios.loader import load_file
    from dojo.tui.screens.between import between_lines
    from dojo.tui.widgets.storyboard import storyboard_text

    scenario = load_file(ASSEMBLY)
    assert scenario.storyboard.records  # an earlier record: shown in the dialogue and on the storyboard
    app = make_app(scenario=str(ASSEMBLY), seed=3)
    async with app.run_test(size=(140, 60)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await settle(pilot)
        s = app.session
        shown = screen_text(app)
        assert not ISO.search(shown), ISO.search(shown)
        record = scenario.storyboard.records[-1]
        assert f"the last step ({human_date(record.date)}): {record.step.strip()[:20]}" in " ".join(shown.split())
        status = " ".join(widget_text(app.screen.query_one("#status")).split())
        assert f"day 0 · {human_date(s.date)}" in status
        board = " ".join(storyboard_text(s.storyboard()).plain.split())  # the whole panel, not only what is in view
        assert human_date(scenario.storyboard.records[-1].date) in board and not ISO.search(board)
        await ask(pilot, "What is the target condition?")
        events: list = []
        s.subscribe(events.append)
        await end_cycle(pilot)
        between = "\n".join(line.plain for line in between_lines(events, s))
        assert not ISO.search(between)
        assert f"Day {s.day} · {human_date(s.date)}" in between
        shown = screen_text(app)
        assert not ISO.search(shown), ISO.search(shown)
        assert f"day {s.day} · {human_date(s.date)}" in " ".join(widget_text(app.screen.query_one("#status")).split())


def test_exports_show_record_dates_as_people_say_them():
    from dojo.formatting import human_iso
    from dojo.render import render
    from dojo.storage.memory import MemoryStore
    from tests.storage.conftest import driver, load_scenario, play

    store = MemoryStore()  # a fast store: the contract test holds it to SQLite's behaviour
    try:
        from dojo.storage.export import build_export

        sid = play(store, load_scenario(driver.SCENARIO)).session_id
        export, _ = build_export(store, sid)
    finally:
        store.close()
    assert export.storyboard is not None
    dates = [r.date for r in export.storyboard.records]
    assert dates and all(ISO.fullmatch(d) for d in dates)  # the data keeps ISO dates
    for fmt in ("md", "html"):
        text = render(export, fmt)
        for d in dates:
            assert human_iso(d) in text
        assert not ISO.search(text), (fmt, ISO.search(text))


def test_iso_dates_from_the_data_read_as_people_say_them():
    from dojo.formatting import human_iso, short_iso

    assert human_iso("2026-03-04") == "Wednesday 4 March"  # its own weekday
    assert human_iso("2026-03-02") == "Monday 2 March"
    assert short_iso("2026-03-04") == "4 Mar"
    assert human_iso("baseline") == "baseline" and short_iso("") == ""


NESTED = re.compile(r"\([^()]*\(")  # a bracket opened inside another


def test_whose_idea_reads_as_a_person_writes_it_wherever_it_shows():
    from dojo.render import render
    from dojo.session.debrief import TEMPTING, idea_of
    from dojo.storage.export import build_export
    from dojo.storage.memory import MemoryStore
    from dojo.tui.screens.between import between_lines
    from dojo.tui.screens.debrief import stopwatch_text
    from tests.storage.conftest import driver, load_scenario, play

    scenario = load_scenario(driver.SCENARIO)
    store = MemoryStore()  # a fast store: the contract test holds it to SQLite's behaviour
    try:
        for seed in range(1, 30):  # a learner left to jump to the tempting fix, by persona
            rec = play(store, scenario, seed=seed, lines=["What obstacles are in the way?"])
            export, _ = build_export(store, rec.session_id)
            assert export.debrief is not None
            tempting = [c for c in export.debrief.cycles if c.tempting]
            if tempting:
                break
        else:
            raise AssertionError("no seed ran a tempting fix")
    finally:
        store.close()
    cycle = tempting[0]
    words = idea_of(cycle.chosen_by, True)
    assert words.endswith(f"; {TEMPTING}") and "(" not in words and ":" not in words
    shown = {
        "debrief": stopwatch_text(export.debrief).plain,
        "md": render(export, "md"),
        "html": html.unescape(render(export, "html")),
    }
    for where, text in shown.items():
        assert words in text, where
        assert "(the tempting fix)" not in text and "(whose idea:" not in text, where
        assert not any(NESTED.search(line) and words in line for line in text.splitlines()), where
    assert f"Whose idea: {words}." in shown["debrief"]

    from dojo.session.engine import Session

    s = Session(scenario, seed=seed, clock=driver.Clock())
    for _ in range(cycle.number):
        s.coach("What obstacles are in the way?")
        events = s.end_cycle()
    between = "\n".join(line.plain for line in between_lines(events, s))
    assert f"Whose idea: {words}." in between and not NESTED.search(between)
