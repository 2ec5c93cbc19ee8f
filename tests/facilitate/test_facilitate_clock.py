"""The facilitator's clock: phases, countdown bounds, pause, rounds, and the state file it keeps."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dojo.plans.clock import ClockState, Phase, PlanClock, countdown, read_state, state_path, write_state
from tests.facilitate.helpers import HandClock, make_plan

SETTINGS = settings(max_examples=200, deadline=None)

#: An operation on the clock, or time passing (seconds; negative: the wall clock stepped back).
OPS = st.one_of(
    st.sampled_from(["start", "pause", "resume", "toggle", "advance", "back"]),
    st.floats(min_value=-120, max_value=4000, allow_nan=False),
)
PLANS = st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=5).map(lambda m: make_plan(tuple(m)))


def apply(clock: PlanClock, hand: HandClock, op: str | float) -> None:
    if isinstance(op, str):
        getattr(clock, op)()
    else:
        hand.tick(op)


@SETTINGS
@given(PLANS, st.lists(OPS, max_size=40))
def test_remaining_time_is_never_negative_nor_above_the_time_box(plan, ops):
    hand = HandClock()
    clock = PlanClock(plan, clock=hand)
    for op in ops:
        apply(clock, hand, op)
        view = clock.view()
        assert 0 <= view.remaining <= view.time_box == plan.round(view.number).minutes * 60
        assert 1 <= view.number <= len(plan.rounds)


@SETTINGS
@given(PLANS, st.lists(OPS, max_size=30), st.lists(st.floats(min_value=-100, max_value=5000, allow_nan=False), max_size=5))
def test_a_paused_countdown_stays_where_it_was_paused(plan, ops, waits):
    hand = HandClock()
    clock = PlanClock(plan, clock=hand)
    for op in ops:
        apply(clock, hand, op)
    clock.toggle() if clock.phase() == Phase.NOT_STARTED else None
    if clock.phase() != Phase.RUNNING:
        return
    assert clock.pause()
    frozen = clock.view()
    for wait in waits:
        hand.tick(wait)
        assert clock.view().remaining == frozen.remaining
        assert clock.phase() == Phase.PAUSED


@SETTINGS
@given(PLANS, st.lists(OPS, max_size=30))
def test_advancing_past_the_last_round_finishes_the_plan(plan, ops):
    hand = HandClock()
    clock = PlanClock(plan, clock=hand)
    for op in ops:
        apply(clock, hand, op)
    steps = 0 if clock.phase() == Phase.FINISHED else len(plan.rounds) - clock.view().number + 1
    for _ in range(steps):
        assert clock.phase() != Phase.FINISHED
        assert clock.advance()
    assert clock.phase() == Phase.FINISHED
    assert not clock.advance()  # nothing after the end
    assert clock.view().number == len(plan.rounds)
    assert not clock.toggle()
    hand.tick(10_000)
    assert clock.phase() == Phase.FINISHED


@SETTINGS
@given(PLANS, st.lists(OPS, max_size=30), st.floats(min_value=0, max_value=4000, allow_nan=False))
def test_while_running_the_countdown_only_goes_down(plan, ops, wait):
    hand = HandClock()
    clock = PlanClock(plan, clock=hand)
    for op in ops:
        apply(clock, hand, op)
    before = clock.view()
    hand.tick(wait)
    after = clock.view()
    assert after.number == before.number
    if before.phase == Phase.RUNNING:
        assert after.remaining <= before.remaining
        if not any(isinstance(op, float) and op < 0 for op in ops):  # (a clock stepped back delays it, never adds)
            assert after.remaining == pytest.approx(max(0.0, before.remaining - wait), abs=1e-6)  # epoch floats
        assert after.phase == (Phase.TIME_UP if after.remaining == 0 else Phase.RUNNING)
    else:
        assert after.remaining == before.remaining


@SETTINGS
@given(plan=PLANS, ops=st.lists(OPS, max_size=30))
def test_the_state_file_rebuilds_the_same_clock_in_another_process(plan, ops, tmp_path_factory):
    path = tmp_path_factory.mktemp("state") / "plans" / "p.state.json"
    hand = HandClock()
    clock = PlanClock(plan, clock=hand, save=lambda s: write_state(path, s))
    for op in ops:
        apply(clock, hand, op)
        again = PlanClock(plan, clock=hand, state=read_state(path))
        if path.exists():
            assert again.resumed
            assert again.view() == clock.view()
            clock.sync()
            assert read_state(path).phase == clock.phase()  # what a reader of the file is told


def test_a_round_runs_pauses_resumes_and_its_time_runs_out():
    hand = HandClock()
    clock = PlanClock(make_plan((10, 15, 5)), clock=hand)
    view = clock.view()
    assert (view.number, view.phase, view.remaining, countdown(view.remaining)) == (1, Phase.NOT_STARTED, 600, "10:00")
    assert clock.toggle() and clock.phase() == Phase.RUNNING
    hand.tick(61.5)
    assert countdown(clock.view().remaining) == "8:59"
    assert clock.toggle() and clock.phase() == Phase.PAUSED
    hand.tick(1000)
    assert countdown(clock.view().remaining) == "8:59"
    assert clock.toggle() and clock.phase() == Phase.RUNNING
    hand.tick(538.5)
    assert clock.view().remaining == 0 and clock.phase() == Phase.TIME_UP
    assert countdown(clock.view().remaining) == "0:00"
    assert not clock.toggle() and not clock.pause()  # time up: nothing to pause
    assert clock.advance()
    assert (clock.view().number, clock.phase(), clock.view().remaining) == (2, Phase.NOT_STARTED, 900)
    assert clock.back() and clock.view().number == 1 and clock.phase() == Phase.NOT_STARTED
    assert not clock.back()  # no round before the first


def test_back_from_a_finished_plan_reopens_its_last_round():
    clock = PlanClock(make_plan((1, 2)), clock=HandClock())
    clock.advance(), clock.advance()
    assert clock.phase() == Phase.FINISHED
    assert clock.back()
    assert (clock.view().number, clock.phase()) == (2, Phase.NOT_STARTED)


def test_a_wall_clock_stepped_back_adds_no_time():
    hand = HandClock()
    clock = PlanClock(make_plan((10,)), clock=hand)
    clock.start()
    hand.tick(120)
    hand.tick(-3600)
    assert clock.view().remaining == 600  # never more than the box
    hand.tick(3600 + 60)
    assert clock.view().remaining == 420


def test_every_change_is_written_and_a_reader_sees_the_round_and_when_it_ends(tmp_path):
    path = state_path("team-dojo", tmp_path)
    assert path == tmp_path / "plans" / "team-dojo.state.json"
    hand = HandClock(1000.0)
    clock = PlanClock(make_plan(), digest="abc", clock=hand, save=lambda s: write_state(path, s))
    assert not path.exists()  # nothing changed yet
    clock.start()
    written = json.loads(path.read_text())
    assert written["round"] == 1 and written["phase"] == "running" and written["ends_at"] == 1600.0
    assert written["plan_digest"] == "abc"
    hand.tick(30)
    clock.pause()
    written = json.loads(path.read_text())
    assert written["phase"] == "paused" and written["ends_at"] is None and written["used"] == 30
    clock.advance()
    assert json.loads(path.read_text())["round"] == 2
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    clock.start()
    assert not clock.sync()  # nothing new: nothing written
    hand.tick(15 * 60)
    assert clock.sync() and json.loads(path.read_text())["phase"] == "time is up"


def test_a_state_for_another_plan_or_an_edited_one_is_not_taken(tmp_path):
    plan = make_plan((10, 15, 5))
    saved = PlanClock(plan, digest="one", clock=HandClock())
    saved.advance()
    state = saved.state
    assert PlanClock(plan, digest="one", state=state).view().number == 2
    assert not PlanClock(plan, digest="two", state=state).resumed  # the plan file was edited since
    assert not PlanClock(make_plan((10, 20, 5)), state=state).resumed  # round 2's time box changed
    assert not PlanClock(make_plan((10, 15)), state=state).resumed
    assert not PlanClock(make_plan(plan_id="other"), state=state).resumed
    assert PlanClock(make_plan(plan_id="other"), state=state).view().number == 1


def test_a_missing_damaged_or_huge_state_file_reads_as_none(tmp_path):
    path = tmp_path / "x.state.json"
    assert read_state(path) is None
    for text in ("", "{", "[]", '{"plan_id": "x"}', "\x00" * 10, '{"a":' * 5000, "x" * 20_000):
        path.write_text(text)
        assert read_state(path) is None
    path.unlink()
    path.mkdir()
    assert read_state(path) is None


def test_a_state_that_cannot_be_written_raises_and_leaves_the_old_file(tmp_path):
    path = tmp_path / "plans" / "p.state.json"
    clock = PlanClock(make_plan(), clock=HandClock(), save=lambda s: write_state(path, s))
    clock.start()
    before = path.read_text()
    if os.geteuid() == 0:  # root writes anywhere: nothing to check
        return
    path.parent.chmod(0o500)
    try:
        try:
            clock.pause()
        except OSError:
            pass
        else:
            raise AssertionError("a read-only directory must not be written")
        assert path.read_text() == before
    finally:
        path.parent.chmod(0o700)


def test_countdown_reads_minutes_and_seconds_rounded_up():
    assert [countdown(s) for s in (0, 0.2, 59.01, 60, 600, 10_800)] == ["0:00", "0:01", "1:00", "1:00", "10:00", "180:00"]
    assert isinstance(ClockState.model_json_schema(), dict)
