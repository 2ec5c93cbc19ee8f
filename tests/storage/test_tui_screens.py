"""Pilot tests of the progress screen and the replay view on a real store."""

from __future__ import annotations

import pytest

from dojo.coaching.baseline import KeywordClassifier
from dojo.tui.app import DojoApp
from dojo.tui.screens.progress import ProgressScreen, ScoreChart
from dojo.tui.screens.replay import ReplayScreen
from tests.storage.conftest import play

NASTY = "[bold]Are you sure?[/bold] <script>x</script> 🙂"


def make_app(store) -> DojoApp:
    return DojoApp(player="Tester", store=store, classifier=KeywordClassifier(), live=False, catalog=list)


async def _wait(pilot, screen, attr="loaded"):
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(screen, attr):
            return
    raise AssertionError("the screen did not load")


@pytest.fixture
def filled(store, scenario):
    ids = [play(store, scenario, seed=s, lines=["What is the target condition?", NASTY, "What is your next step?"]).session_id
           for s in (1, 2)]
    play(store, scenario, cycles=1, seed=3)  # one unfinished
    return ids


async def test_progress_screen_shows_history_and_opens_a_session(store, filled):
    app = make_app(store)
    assert app.saved_store() is store
    async with app.run_test(size=(100, 40)) as pilot:
        screen = ProgressScreen(store)
        await app.push_screen(screen)
        await _wait(pilot, screen)
        assert screen.history.sessions == 3 and screen.history.finished == 2
        assert screen.query_one(ScoreChart).history is screen.history
        listing = screen.query_one("#progress-sessions")
        assert listing.option_count == 3
        assert "Practise next" in str(screen.query_one("#progress-next").render())
        await pilot.press("k")  # practice only
        await _wait(pilot, screen)
        assert screen.history.practice == 3
        await pilot.press("down")  # the screen moves the list without focusing it
        assert listing.highlighted == 1
        expected = listing.highlighted_option.id
        await pilot.press("enter")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        await _wait(pilot, replay)
        assert replay.session_id == expected
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_replay_view_steps_through_turns_and_saves_notes(store, filled):
    sid = filled[0]
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        replay = ReplayScreen(store, sid)
        await app.push_screen(replay)
        await _wait(pilot, replay)
        assert replay.turn == 0
        await pilot.press("down", "down")
        assert replay.turn == 2
        assert NASTY in str(replay.query_one("#replay-text").render())  # shown literally, not as markup
        await pilot.press("n")
        note = replay.query_one("#replay-note")
        assert note.has_focus
        note.value = "Ask how they know <b>instead</b> & wait 🙂"
        await pilot.press("enter")
        await pilot.pause()
        assert [(n.turn, n.text) for n in store.notes(sid)] == [(2, "Ask how they know <b>instead</b> & wait 🙂")]
        assert "✎1" in str(replay.query_one("#replay-turns").get_option_at_index(2).prompt)
        await pilot.press("n", "escape")  # cancelled: nothing saved
        assert len(store.notes(sid)) == 1
        await pilot.press("d")
        await pilot.pause()
        assert store.notes(sid) == []
        await pilot.press("escape")


async def test_notes_from_the_replay_view_show_in_the_export(store, filled):
    from dojo.render import render
    from dojo.storage.export import build_export

    sid = filled[1]
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        replay = ReplayScreen(store, sid)
        await app.push_screen(replay)
        await _wait(pilot, replay)
        replay.save_note(0, "Good opening <3")
    page = render(build_export(store, sid)[0], "html")
    assert "Good opening &lt;3" in page


async def test_progress_with_an_empty_store(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ProgressScreen(store)
        await app.push_screen(screen)
        await _wait(pilot, screen)
        assert "No sessions yet" in str(screen.query_one("#progress-summary").render())


async def test_the_game_keeps_sessions_in_sqlite_and_home_opens_progress(store):
    """The real app with the SQLite store: a session played to the end is in history, with the debrief the
    engine built (the recorder hears the engine's events: driving the session is enough)."""
    from pathlib import Path

    from dojo.scenarios.loader import load_file
    from dojo.scenarios.registry import ScenarioInfo, load_scenario

    sandwich = Path(__file__).resolve().parents[1] / "tui" / "fixtures" / "sandwich.yaml"
    load_scenario(sandwich)  # the game opens a scenario given by path through the registry too
    catalog = [ScenarioInfo.found(load_file(sandwich), sandwich, builtin=False)]
    app = DojoApp(player="Tester", store=store, classifier=KeywordClassifier(), live=False, catalog=lambda: catalog,
                  scenario=str(sandwich), seed=4)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if app.session is not None:
                break
        session = app.session
        for line in ("What is the target condition?", "What is the actual condition now?", "What is your next step?"):
            session.coach(line)
        while not session.ended:
            ended = session.end_cycle()
        assert app.flush_store()
    rows = store.sessions()
    assert len(rows) == 1 and rows[0].finished and rows[0].score is not None
    assert store.record(rows[0].id).actions == session.record.actions
    assert store.debrief(rows[0].id) == ended[-1].debrief  # the engine's own debrief, not one rebuilt

    app = DojoApp(player="Tester", store=store, classifier=KeywordClassifier(), live=False, catalog=lambda: catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        await _wait(pilot, screen)
        assert screen.history.sessions == 1


def test_a_game_left_without_a_word_leaves_nothing(store, scenario):
    from dojo.session.engine import Session
    from dojo.storage.recorder import SessionRecorder, resumable

    session = Session(scenario, seed=1)
    recorder = SessionRecorder.start(store, session)
    assert store.sessions() == [] and not recorder.written
    session.coach("What is the target condition?")
    assert [r.id for r in store.sessions()] == [recorder.session_id]
    assert [s.session_id for s in resumable(store)] == [recorder.session_id]


async def test_home_offers_to_continue_a_stored_session_exactly(store, scenario):
    """A session interrupted (here: left after two cycles) is offered on home and continues exactly."""
    from dojo.scenarios.loader import load_file
    from dojo.scenarios.registry import ScenarioInfo, builtin_dir
    from tests.storage import driver

    rec = play(store, scenario, cycles=2, player="Tester")
    play(store, scenario, cycles=2, seed=6, player="Someone else")  # not offered: another player's
    path = builtin_dir() / "assembly-cell.yaml"
    catalog = [ScenarioInfo.found(load_file(path), path, builtin=True)]
    app = DojoApp(player="Tester", store=store, live=False, catalog=lambda: catalog, clock=driver.Clock(first=500))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(30):
            await pilot.pause()
            if app.screen.query("#scenarios") and app.screen.saved:
                break
        assert list(app.screen.saved) == [rec.session_id]
        app.screen.query_one("#scenarios").highlighted = 0
        await pilot.press("s")
        for _ in range(100):
            await pilot.pause()
            if app.session is not None:
                break
        session = app.session
        assert driver.fingerprint(session) == driver.fingerprint(rec.session)
        session.coach("What did you learn?")
        assert app.flush_store()
    saved = store.record(rec.session_id).actions
    assert len(saved) == len(rec.session.record.actions) + 1 and saved[-1].text == "What did you learn?"


async def test_progress_shows_dates_as_people_write_them(store, filled):
    import re

    from dojo.formatting import short_iso, stamp

    app = make_app(store)
    async with app.run_test(size=(110, 48)) as pilot:
        screen = ProgressScreen(store)
        await app.push_screen(screen)
        await _wait(pilot, screen)
        shown = "\n".join(
            str(screen.query_one(sel).render()) for sel in ("#progress-summary",)
        ) + "\n" + "\n".join(str(o.prompt) for o in screen.query_one("#progress-sessions").options)
        chart = screen.query_one(ScoreChart)
        from rich.console import Console

        console = Console(width=110, record=True)
        console.print(chart.render())
        axis = console.export_text()
        shown += axis
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", shown), shown
        assert stamp(store.get(filled[0]).started_at) in shown
        started = store.get(filled[0]).started
        assert f"{short_iso(started[:10])} {started[:4]}" in axis  # the trend's axis
