"""Regressions found in review: learner answers and engine state in corner cases."""

from __future__ import annotations

import datetime as dt

from dojo.coaching.labels import Label
from dojo.scenarios.models import PdcaRecord
from dojo.session import events as ev

L = Label


def reply(events) -> ev.LearnerReplied:
    return next(e for e in events if isinstance(e, ev.LearnerReplied))


def with_record(cell, **fields):
    """The test cell with one earlier experimenting record on its storyboard."""
    record = PdcaRecord(
        date=dt.date(2026, 5, 1), step="Asked the team to hurry", metric="", expected="",
        happened="Felt a bit better", learned="",
    ).model_copy(update=fields)
    storyboard = cell.storyboard.model_copy(update={"records": [record]})
    return cell.model_copy(update={"storyboard": storyboard})


def test_a_learning_never_written_down_is_not_quoted_as_a_deep_one(make_session, cell):
    s = make_session(scenario=with_record(cell))
    s.coach("What did you plan as your last step?", L.LAST_STEP)
    s.coach("What did you expect?", L.EXPECTED)
    s.coach("What actually happened?", L.HAPPENED)
    r = reply(s.coach("What did you learn?", L.LEARNED))
    assert r.key == "learned_shallow" and r.text.strip()
    r = reply(s.coach("Tell me more.", L.CLARIFY))
    assert r.key != "learned_deep" and r.text.strip()
    assert s.learner.state.learnings_captured == 0
    assert not s.learner.state.cycle.learning_captured


def test_an_earlier_learning_on_the_board_can_still_be_quoted(make_session, cell):
    s = make_session(scenario=with_record(cell, learned="Hurrying does not help"))
    s.coach("What did you learn?", L.LEARNED)
    r = reply(s.coach("Tell me more.", L.CLARIFY))
    assert r.key == "learned_deep" and "Hurrying does not help" in r.text
