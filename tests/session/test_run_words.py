"""How a run is said: the gap to the target the right way round, and when a run improved."""

from __future__ import annotations

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.engine import _moved_towards
from dojo.session.live import _to_go
from dojo.session.views import RunChart


@pytest.mark.parametrize(
    ("latest", "said"), [(68.5, "6.5 s to go"), (56.0, "6 s inside the target"), (62.0, "right on the target")],
)
def test_the_gap_is_said_the_right_way_round(latest, said):
    cell = load_scenario("assembly-cell")  # p90 cycle time at most 62 s
    assert cell.target_condition.value == 62.0
    assert _to_go(cell, latest) == said


def chart(direction: str = "at_most") -> RunChart:
    return RunChart(metric="cycle time", statistic="p90", unit="s", target=62.0, direction=direction, runs=[])


@pytest.mark.parametrize(
    ("before", "after", "improved"),
    [
        (90.0, 80.0, True),  # towards the line
        (90.0, 89.5, False),  # less than 3 % of the way
        (90.0, 95.0, False),  # away from it
        (65.0, 61.0, True),  # across the line
        (55.5, 60.1, False),  # past the line already, and worse
        (60.0, 58.0, True),  # past the line, and better
    ],
)
def test_a_run_improved_when_it_moved_towards_the_target_or_stayed_past_it_no_worse(before, after, improved):
    assert _moved_towards(chart(), before, after) is improved


def test_for_an_at_least_target_up_is_better():
    assert _moved_towards(chart("at_least"), 50.0, 58.0) is True
    assert _moved_towards(chart("at_least"), 70.0, 65.0) is False


def test_a_visit_that_would_fall_on_a_weekend_is_the_monday_after():
    import datetime as dt

    from dojo.session.live import _working_day

    assert _working_day(dt.date(2026, 9, 12)) == dt.date(2026, 9, 14)  # Saturday -> Monday
    assert _working_day(dt.date(2026, 9, 13)) == dt.date(2026, 9, 14)  # Sunday -> Monday
    assert _working_day(dt.date(2026, 9, 11)) == dt.date(2026, 9, 11)  # a Friday stays


def test_no_reply_says_how_far_from_the_target_without_saying_which_side():
    """"{gap} s from the target line" at 55 s against 62 s reads as 7 s still to go: replies say {to_go}."""
    from dojo.learner.defaults import DEFAULT_RESPONSES
    from dojo.scenarios.registry import list_scenarios

    texts = [t for ts in DEFAULT_RESPONSES.values() for t in ts]
    for info in list_scenarios():
        texts += [t for ts in load_scenario(info.id).responses.values() for t in ts]
    assert texts
    assert not [t for t in texts if "{gap}" in t]
