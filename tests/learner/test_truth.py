"""A learning never contradicts the run: claims about the statistic follow its real change."""

from __future__ import annotations

import pytest

from dojo.learner.truth import Move, move_of, true_to_run

FLOW_RACK = "Wiring did get faster, but the p90 hardly moved: now pumps wait at cover & torque."
SUBJECTS = ("p90", "cycle time", "chart")


def test_hardly_moved_after_a_rise_says_how_far_it_went_up():
    out = true_to_run(FLOW_RACK, SUBJECTS, 84, 95, "s")
    assert "hardly moved" not in out
    assert "went up, from 84 to 95 s" in out and out.startswith("Wiring did get faster")


def test_a_claim_that_matches_the_run_is_left_as_written():
    assert true_to_run(FLOW_RACK, SUBJECTS, 84, 83, "s") == FLOW_RACK


def test_went_up_not_down_after_a_drop_says_it_came_down():
    text = "The tubes reached the centrifuge sooner, but the p90 went up, not down. Every rack means a walk."
    out = true_to_run(text, ("p90", "lead time"), 56, 44, "min")
    assert "came down, from 56 to 44 min." in out and "not down" not in out


def test_claims_about_other_things_are_not_touched():
    text = "Faults did drop, but the p90 barely moved."
    out = true_to_run(text, SUBJECTS, 80, 60, "s")
    assert out.startswith("Faults did drop, but the p90 came down, from 80 to 60 s")


def test_a_sentence_that_opens_with_the_claim_is_about_the_run():
    out = true_to_run("Hardly any change. Samples almost never waited.", SUBJECTS, 56, 40, "min")
    assert out.startswith("Came down, from 56 to 40 min.")


@pytest.mark.parametrize(("before", "after", "move"), [(84, 83, Move.FLAT), (84, 95, Move.UP), (84, 70, Move.DOWN)])
def test_the_real_move_is_read_from_the_size_of_the_change(before, after, move):
    assert move_of(before, after) is move
