"""Long input costs bounded work: a session holds at most MAX_ACTIONS actions, and nothing per turn grows with the session.

The quadratic parts found with 20,000-line transcripts (a deep copy of the learner's whole
memory before every turn, the classifier's context growing with the cycle, the score's
text rendering scanning every turn for every cycle, the interactive reader re-splitting
all earlier lines) are checked here by what they must keep doing, not by timing.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dojo.errors import UserError
from dojo.session import engine
from dojo.session.headless import play_script
from dojo.transcript import parse

QUESTIONS = [
    "What is the target condition?", "What is the actual condition now?", "How do you know?",
    "What obstacles are in your way?", "Which one are you addressing now?", "What is your next step?",
    "What do you expect?", "Is it the wiring?", "You should time it.", "When can we go and see?",
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=12), st.integers(0, 3))
def test_a_snapshot_is_an_independent_copy_equal_to_a_deep_copy(make_session, asked, ends) -> None:
    session = make_session(seed=3)
    for i, q in enumerate(asked):
        session.coach(q)
        if i < min(ends, session.scenario.cycles - 1):
            session.end_cycle()
    state = session.learner.state
    snap = state.snapshot()
    assert snap == state.model_copy(deep=True)
    snap.replies.append("something new")
    snap.cycle.asked.append("target")
    snap.cycle.answers["x"] = "y"
    assert "something new" not in state.replies and "x" not in state.cycle.answers
    assert state == session.learner.state.model_copy(deep=True)


def test_a_correction_still_answers_from_the_state_before_the_turn(make_session) -> None:
    session = make_session(seed=5)
    session.coach("What is the target condition?")
    before = session.learner.state.model_copy(deep=True)
    session.coach("You should time the operators.")
    from dojo.coaching.labels import Label

    session.relabel(Label.OBSTACLES)
    replies = session.learner.state.replies
    assert replies[: len(before.replies)] == before.replies
    assert len(replies) == len(before.replies) + 1


def test_a_session_refuses_actions_beyond_its_limit_but_can_always_end_its_cycles(make_session, monkeypatch) -> None:
    monkeypatch.setattr(engine, "MAX_ACTIONS", 12)
    session = make_session(seed=1)
    cycles = session.scenario.cycles
    asked = 0
    with pytest.raises(UserError, match="a session holds at most 12 actions"):
        while True:
            session.coach(QUESTIONS[asked % len(QUESTIONS)])
            asked += 1
    assert asked == 12 - cycles  # room is kept for every cycle's end
    while not session.ended:
        session.end_cycle()
    assert len(session.record.actions) == 12


def test_headless_play_refuses_a_script_longer_than_a_session_before_playing(cell) -> None:
    lines = "\n".join(QUESTIONS[i % len(QUESTIONS)] for i in range(engine.MAX_ACTIONS))
    with pytest.raises(UserError, match=r"long\.txt: 2,000 coach lines in 1 cycles; a session holds at most 2,000"):
        play_script(cell, parse(lines, "long.txt"), seed=1)


def test_the_classifier_hears_a_line_against_the_last_replies_of_the_cycle_only(make_session) -> None:
    session = make_session(seed=2)
    for i in range(engine.CONTEXT_REPLIES + 5):
        session.coach(QUESTIONS[i % len(QUESTIONS)])
    context = session._context()
    cycle_replies = [t.text for t in session.turns if t.speaker == "learner" and t.cycle == session.cycle]
    assert context.said == " ".join(cycle_replies[-engine.CONTEXT_REPLIES:])
    assert context.previous == cycle_replies[-1]
    assert context.asked == tuple(t.label for t in session.turns if t.speaker == "coach" and t.label in engine.CARD_STEPS)


def test_the_classifier_hears_a_line_against_the_learners_last_lines_of_earlier_cycles(make_session) -> None:
    """An idea the learner voiced cycles ago is still theirs; the context stays bounded all the same."""
    session = make_session(seed=2)
    for _ in range(2):
        for q in QUESTIONS:
            session.coach(q)
        session.end_cycle()
    earlier = [t.text for t in session.turns if t.speaker == "learner" and t.cycle < session.cycle]
    assert len(earlier) > engine.EARLIER_LINES
    board = session._context().board
    assert board.endswith(" ".join(earlier[-engine.EARLIER_LINES:]))
