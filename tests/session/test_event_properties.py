"""Properties of what the engine reports: a UI that only follows events sees the session's state."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_properties import SETTINGS, plays, steps

from dojo.session import events as ev


@settings(SETTINGS, max_examples=150)  # the corner cases (a relabel taking a learning back) are rare
@given(seed=st.integers(0, 2**31 - 1), moves=plays)
def test_events_keep_a_follower_in_step_and_predictions_match_the_record(make_session, cell, seed, moves):
    s = make_session(seed)
    seen: list[ev.Event] = []
    s.subscribe(seen.append)
    board = s.storyboard()
    for _ in steps(s, moves):
        board = next((e.storyboard for e in reversed(seen) if isinstance(e, ev.StoryboardChanged)), board)
        seen.clear()
        assert board == s.storyboard()
    ended = [log for log in s.cycles if log.ended_at is not None]
    rows = s.storyboard().records[len(cell.storyboard.records):]
    assert [bool(r.expected) for r in rows] == [log.prediction_stated for log in ended]
    pending = int(not s.ended and s.learner.state.cycle.prediction_stated)
    assert s.learner.state.predictions_made == sum(bool(r.expected) for r in rows) + pending
