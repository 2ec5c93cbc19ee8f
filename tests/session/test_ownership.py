"""Ownership does not refill just because open questions were asked (issue 9)."""

from __future__ import annotations

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session


def test_open_questions_alone_do_not_give_back_the_ownership_a_leading_question_took():
    s = Session(load_scenario("assembly-cell"), seed=4)
    before = s.learner.state.ownership
    s.coach("Have you thought about a second operator at the test station?")
    after_leading = s.learner.state.ownership
    for line in ("How do you know?", "What do you mean by that?", "Tell me more.", "What else?",
                 "What is the target condition?", "What is the actual condition now?"):
        s.coach(line)
    assert after_leading < before
    assert s.learner.state.ownership <= after_leading + 1e-9


def test_planning_their_own_step_builds_ownership():
    s = Session(load_scenario("review-queue"), seed=2)
    for line in ("What is the target condition?", "What is the actual condition now?", "How do you know?",
                 "What obstacles are in the way?", "Which one are you addressing now?"):
        s.coach(line)
    before = s.learner.state.ownership
    s.coach("What is your next step?")
    assert s.learner.state.cycle.plan_source == "focus"  # seed 2: a step of their own, not "I don't know yet"
    assert s.learner.state.ownership > before
    s.coach("What do you expect?")
    s.coach("And what is your next step, again?")
    assert s.learner.state.ownership == pytest.approx(before + 0.04)  # once a cycle, not per question


def test_a_step_that_was_the_coachs_idea_gives_a_shallow_learning_first():
    def reflect(first_cycle: list[str]) -> list[str]:
        s = Session(load_scenario("assembly-cell"), seed=3)
        for line in first_cycle:
            s.coach(line)
        s.end_cycle()
        keys = []
        for line in ("What did you plan as your last step?", "What did you expect?", "What actually happened?",
                     "What did you learn?", "What does that tell you?"):
            s.coach(line)
            keys.append(s.turns[-1].key)
        return [s.cycles[0].chosen_by, *keys]

    told = reflect(["What is the target condition?", "You should put a flow rack behind the operator."])
    assert told[0] == "coach"
    assert told[4] == "learned_shallow"  # "What did you learn?" about the coach's step: shallow first
    assert told[5] != "learned_shallow"  # a follow-up digs the learning out
