"""The facilitator's screen, driven headlessly: keys move the clock, players appear as the store has them."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dojo.plans.clock import Phase, countdown, read_state, state_path
from tests.facilitate.helpers import HandClock, make_app, make_plan, settle, text_of


async def test_space_starts_and_pauses_the_countdown_and_n_p_move_between_rounds(store, tmp_path):
    hand = HandClock()
    app = make_app(store, tmp_path, hand)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one("#fac-countdown")
        assert countdown.text == "10:00"
        assert "round 1 of 3" in text_of(app, "#fac-head")
        assert "listen for the learner's prediction (1)" in text_of(app, "#fac-focus")
        assert "NOT STARTED" in text_of(app, "#fac-phase")
        await pilot.press("space")
        hand.tick(75)
        app.screen.show_clock()
        assert countdown.text == "8:45" and "RUNNING" in text_of(app, "#fac-phase")
        await pilot.press("space")
        hand.tick(500)
        app.screen.show_clock()
        assert countdown.text == "8:45" and "PAUSED" in text_of(app, "#fac-phase")
        assert app.screen.query_one("#fac-clock").has_class("-paused")
        await pilot.press("space")
        hand.tick(600)
        app.screen.show_clock()
        assert countdown.text == "0:00" and "TIME IS UP" in text_of(app, "#fac-phase")
        assert app.screen.query_one("#fac-clock").has_class("-time-up")
        await pilot.press("n")
        assert countdown.text == "15:00" and "round 2 of 3" in text_of(app, "#fac-head")
        await pilot.press("p")
        assert "round 1 of 3" in text_of(app, "#fac-head")
        await pilot.press("n", "n", "n")
        assert app.plan_clock.phase() == Phase.FINISHED and "all rounds played" in text_of(app, "#fac-head")
        saved = read_state(state_path("team-dojo", tmp_path))  # every change was kept
        assert saved is not None and saved.finished and saved.plan_digest == "d1"
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_restarted_facilitator_finds_the_round_and_countdown_where_they_were(store, tmp_path):
    hand = HandClock()
    app = make_app(store, tmp_path, hand)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "space")
        hand.tick(60)
    # the screen is gone (a crash would do the same): the state file has it all
    from dojo.tui.screens.facilitate_app import FacilitateApp

    plan = make_plan()
    hand.tick(30)
    again = FacilitateApp(plan, digest="d1", state=read_state(state_path(plan.id, tmp_path)),
                          store_factory=lambda: store, report=lambda s, n: "", clock=hand, refresh_s=3600)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.screen.query_one("#fac-countdown").text == "13:30"
        assert "round 2 of 3" in text_of(again, "#fac-head")


async def test_r_opens_the_rounds_group_debrief_in_a_scrollable_screen(store, tmp_path):
    hand = HandClock()
    asked = []

    def report(_store, number):
        asked.append(number)
        return f"Round {number}: the group asked [red]what did you expect[/red]\n" + "line\n" * 80

    app = make_app(store, tmp_path, hand, report=report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "r")
        await settle(pilot)
        assert type(app.screen).__name__ == "GroupReportScreen"
        assert asked == [2]
        body = app.screen.query_one("#report-body")
        assert "[red]what did you expect[/red]" in text_of(app, "#report-text")
        assert body.max_scroll_y > 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert body.scroll_y > 0
        await pilot.press("escape")
        assert type(app.screen).__name__ == "FacilitateScreen"


async def test_a_report_that_fails_is_one_line_on_the_screen(store, tmp_path):
    def report(_store, number):
        raise ValueError(f"no sessions for round {number}")

    app = make_app(store, tmp_path, HandClock(), report=report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert text_of(app, "#report-text") == "Cannot build the debrief: no sessions for round 1"


async def test_a_state_file_that_cannot_be_written_is_said_once_and_the_countdown_goes_on(store, tmp_path):
    hand = HandClock()
    app = make_app(store, tmp_path, hand)
    (tmp_path / "plans").write_text("a file where the directory should be")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space", "space")
        await settle(pilot)
        assert app.plan_clock.phase() == Phase.RUNNING
        assert app.keep_problem is not None and "plans" in app.keep_problem
        assert len(app._notifications) == 1


async def test_a_large_terminal_and_a_too_small_one(store, tmp_path):
    app = make_app(store, tmp_path, HandClock())
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide")
        big = app.screen.query_one("#fac-countdown")
        drawn = str(big.render()).split("\n")
        assert len(drawn) >= 15 and all(len(line) <= big.size.width for line in drawn)  # a projector's countdown
        await pilot.resize_terminal(50, 16)
        await settle(pilot)
        assert app.screen.query_one("TooSmall").display


def test_the_state_file_is_json_that_a_player_process_can_read(tmp_path):
    from dojo.plans.clock import PlanClock, write_state

    path = state_path("team-dojo", tmp_path)
    clock = PlanClock(make_plan(), clock=HandClock(100.0), save=lambda s: write_state(path, s))
    clock.advance()
    clock.start()
    data = json.loads(path.read_text())
    assert (data["plan_id"], data["round"], data["phase"], data["ends_at"]) == ("team-dojo", 2, "running", 1000.0)


@given(st.integers(min_value=0, max_value=180 * 60), st.integers(min_value=0, max_value=300),
       st.integers(min_value=0, max_value=100))
def test_the_big_countdown_always_fits_its_room_or_falls_back_to_plain_text(seconds, width, height):
    from dojo.tui.screens.facilitate import big_text

    text = countdown(seconds)
    drawn = big_text(text, width, height)
    if drawn == text:  # no room for even the smallest drawing
        assert width < len(pixels_wide(text)) or height < 3
        return
    lines = drawn.split("\n")
    assert len(lines) <= height and all(len(line) <= width for line in lines)
    assert len({len(line) for line in lines}) == 1 and set(drawn) <= set("█▀▄ \n")


def pixels_wide(text: str) -> str:
    from dojo.tui.screens.facilitate import pixels

    return pixels(text)[0]
