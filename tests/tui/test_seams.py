"""The game's seams: workers post messages back, the event loop never waits on a thread."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from tui_helpers import screen_text, settle, wait_for_screen, widget_text

from dojo.tui.screens.progress import ProgressScreen


class SlowStore:
    """A store whose history is read only when the test lets it; then it fails, as a broken database would."""

    def __init__(self) -> None:
        self.go = threading.Event()

    def history(self, **_: object) -> object:
        self.go.wait(10)
        raise RuntimeError("the database is locked")

    def sessions(self, **_: object) -> list:
        return []


async def test_progress_reads_the_history_in_a_worker_and_shows_it_when_the_message_comes(make_app):
    store = SlowStore()
    seen: list[object] = []
    app = make_app()
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        screen = ProgressScreen(store)  # type: ignore[arg-type] - only history() and sessions() are read
        app.push_screen(screen)
        # The history is still being read: the screen is up and answers, it says it is loading.
        await asyncio.wait_for(pilot.pause(), 5)
        assert app.screen is screen and not screen.loaded
        assert "Loading" in widget_text(screen.query_one("#progress-summary"))
        store.go.set()
        await settle(pilot)
        assert screen.loaded
        assert any(isinstance(m, ProgressScreen.Loaded) for m in seen)
        assert "Cannot read your history: the database is locked" in widget_text(screen.query_one("#progress-summary"))


async def _until(pilot, flag: threading.Event) -> None:
    for _ in range(200):
        if flag.is_set():
            return
        await pilot.pause(0.02)
    raise AssertionError("the worker never got there")


async def test_the_worker_computes_the_end_of_the_cycle_and_the_event_loop_applies_it(make_app):
    from tui_helpers import SANDWICH, ask

    from dojo.tui.screens.session import SessionScreen

    seen: list[object] = []
    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await ask(pilot, "What is the target condition?")
        session, screen = app.session, app.screen
        assert isinstance(screen, SessionScreen)
        computed, go_on = threading.Event(), threading.Event()
        cycle_outcome = session.cycle_outcome
        applied_on: list[threading.Thread] = []
        apply_cycle_end = session.apply_cycle_end
        before = (session.record.model_dump_json(), session.storyboard(), session.run_chart(), session.cycle)

        def slow_cycle_outcome():  # the run is computed; the worker is still busy
            outcome = cycle_outcome()
            computed.set()
            go_on.wait(10)
            return outcome

        def watched_apply(outcome):
            applied_on.append(threading.current_thread())
            return apply_cycle_end(outcome)

        session.cycle_outcome = slow_cycle_outcome
        session.apply_cycle_end = watched_apply
        await pilot.press("ctrl+n")
        await _until(pilot, computed)
        # the worker computed without changing the session
        assert (session.record.model_dump_json(), session.storyboard(), session.run_chart(), session.cycle) == before
        screen._tick()  # the stopwatch's timer fires meanwhile
        status = screen.query_one("#status")
        assert status.cycle == 1
        app.export_session()  # the palette's export waits: the cycle's time is over
        await pilot.pause()
        assert any("running the step" in n.message for n in app._notifications)
        assert not any(isinstance(m, SessionScreen.CycleRan) for m in seen)
        go_on.set()
        await wait_for_screen(pilot, "BetweenCycles")
        assert any(isinstance(m, SessionScreen.CycleRan) for m in seen)
        assert applied_on == [threading.main_thread()]  # the event loop applied it
        assert status.cycle == 2 and session.cycle == 2 and not screen.in_worker


async def test_an_outcome_for_a_session_that_changed_meanwhile_is_refused(make_app):
    from tui_helpers import SANDWICH, ask

    from dojo.errors import UserError

    app = make_app(scenario=str(SANDWICH), seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        session = app.session
        outcome = session.cycle_outcome()
        await ask(pilot, "What is the target condition?")
        with pytest.raises(UserError, match="changed after"):
            session.apply_cycle_end(outcome)
        assert session.cycle == 1 and [a.kind for a in session.record.actions] == ["coach"]


ASSEMBLY = Path(__file__).resolve().parents[2] / "scenarios" / "assembly-cell.yaml"


def _a_scenario_without_records() -> Path:
    from tui_helpers import SANDWICH

    from dojo.scenarios.loader import load_file

    assert not load_file(SANDWICH).storyboard.records
    return SANDWICH


async def test_the_help_says_when_this_scenario_expects_the_reflection(make_app):
    from dojo.scenarios.loader import load_file

    record = load_file(ASSEMBLY).storyboard.records[-1]
    for path, expected in ((ASSEMBLY, "reflect on it from the first cycle"),
                           (_a_scenario_without_records(), "the first cycle has no last step")):
        app = make_app(scenario=str(path), seed=3)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, "SessionScreen")
            card_skips = app.screen.query_one("#card").marks.skip_reflection  # the card and the help agree
            await pilot.press("f1")
            await settle(pilot)
            shown = " ".join(widget_text(app.screen.query_one("#help-text")).split())
            assert expected in shown, shown
            assert ("already has a step" in shown) == (path == ASSEMBLY) == (not card_skips)
            if path == ASSEMBLY:
                assert record.step.strip() in shown


async def test_the_earlier_step_that_makes_the_reflection_due_is_in_view_at_80x24(make_app):
    from dojo.scenarios.loader import load_file

    record = load_file(ASSEMBLY).storyboard.records[-1]
    app = make_app(scenario=str(ASSEMBLY), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert record.step.strip() in shown and "Reflect on it" in shown
    app = make_app(scenario=str(_a_scenario_without_records()), seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        assert "the last step" not in " ".join(screen_text(app).split())


async def test_replay_shows_a_long_line_to_its_end(make_app, tmp_path):
    from dojo.storage.sqlite import open_store
    from dojo.tui.screens.replay import ReplayScreen
    from tests.storage.conftest import driver, load_scenario, play

    words = " ".join(f"word{i}" for i in range(40))
    moderate = f"What is the target condition {words} and the LASTWORD?"
    very_long = " ".join(f"w{i}" for i in range(400)) + " FINALWORD"
    store = open_store(tmp_path / "dojo.sqlite3")
    try:
        sid = play(store, load_scenario(driver.SCENARIO), cycles=1, lines=[moderate, very_long]).session_id
        app = make_app(store=store, catalog=list)
        async with app.run_test(size=(80, 24)) as pilot:
            replay = ReplayScreen(store, sid)
            await app.push_screen(replay)
            for _ in range(50):
                await settle(pilot)
                if replay.loaded:
                    break
            listing = " ".join(widget_text(replay.query_one("#replay-turns")).split())
            assert "LASTWORD?" in listing and "…" not in listing  # the list does not cut the line
            replay.query_one("#replay-turns").highlighted = 2  # the very long line: longer than its pane
            await settle(pilot)
            assert "FINALWORD" not in screen_text(app)
            for _ in range(20):
                await pilot.press("pagedown")
                if "FINALWORD" in screen_text(app):
                    break
            assert "FINALWORD" in screen_text(app)
            assert replay.query_one("#replay-turns").highlighted == 2  # paging the text kept the turn
    finally:
        store.close()


async def test_the_storyboards_current_condition_follows_the_live_run(make_app):
    import datetime as dt

    from tui_helpers import ask, end_cycle

    from dojo.formatting import human_date
    from dojo.tui.text import number
    from dojo.tui.widgets.storyboard import StoryboardPanel

    app = make_app(scenario=str(ASSEMBLY), seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "SessionScreen")
        panel = app.screen.query_one(StoryboardPanel)
        for _ in range(2):
            chart = app.session.run_chart()
            latest = chart.runs[-1]
            shown = " ".join(widget_text(panel.query_one("#storyboard-text")).split())
            when = human_date(dt.date.fromisoformat(latest.date))
            assert f"{number(latest.stat)} {chart.unit}" in shown and when in shown, shown
            await ask(pilot, "What is the target condition?")
            await end_cycle(pilot)
        assert panel.storyboard == app.session.storyboard()
