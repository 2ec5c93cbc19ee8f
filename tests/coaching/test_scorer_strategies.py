"""Issue 9's measures, played through the real engine (``tests/coaching/strategies.py``) on every
built-in scenario. Two seeds here; ``python -m tests.coaching.strategies 10`` prints the figures."""

from __future__ import annotations

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.debrief import build_debrief
from tests.coaching.strategies import STRATEGIES, mean_scores, play

SEEDS = range(1, 3)


@pytest.fixture(scope="module")
def means() -> dict[str, float]:
    return {name: per["all"] for name, per in mean_scores(SEEDS).items()}


def test_reading_the_card_word_for_word_scores_at_most_85(means) -> None:
    assert means["card word for word"] <= 85


def test_the_card_plus_a_leading_question_naming_the_fix_scores_at_most_70(means) -> None:
    assert means["card + leading fix"] <= 70


def test_the_next_step_before_the_obstacles_scores_at_most_85(means) -> None:
    assert means["next step before obstacles"] <= 85


def test_a_coach_who_follows_up_scores_at_least_90_and_10_above_the_card(means) -> None:
    assert means["listening coach"] >= 90
    assert means["listening coach"] >= means["card word for word"] + 10


def test_the_debrief_shows_whose_idea_each_step_was_and_never_praises_a_coachs_step() -> None:
    session = play(load_scenario("assembly-cell"), STRATEGIES["card + leading fix"], seed=1)
    debrief = build_debrief(session)
    assert any(c.chosen_by == "coach" and c.idea.startswith("yours") for c in debrief.cycles)
    assert not any("the learner did the thinking" in s for s in debrief.score.strengths)
    assert "leading" in [f.kind for f in debrief.score.feedback]
