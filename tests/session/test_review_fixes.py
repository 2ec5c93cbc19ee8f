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


def _all_visible(scenario):
    """The scenario with no hidden obstacles: a coach's idea is taken up only for an obstacle the learner sees."""
    obstacles = [o.model_copy(update={"hidden": False}) for o in scenario.storyboard.obstacles]
    return scenario.model_copy(update={"storyboard": scenario.storyboard.model_copy(update={"obstacles": obstacles})})


def test_running_the_same_step_again_does_not_apply_its_changes_twice(make_session, cell):
    quick_die = next(e for e in cell.experiments if e.id == "quick-die")
    scaled = quick_die.changes[0].model_copy(update={"set": None, "scale": 0.5})
    changed = _all_visible(cell).model_copy(
        update={"experiments": [e if e.id != "quick-die" else e.model_copy(update={"changes": [scaled]})
                                for e in cell.experiments]}
    )
    s = make_session(scenario=changed)
    press = lambda: next(st.mean for st in s._process.stations if st.id == "press")  # noqa: E731  (a one-line probe read after each step)
    s.coach("You should pre-stage the die.", L.TELLING)
    s.end_cycle()
    once = press()
    s.coach("You should pre-stage the die again.", L.TELLING)
    events = s.end_cycle()
    assert next(e for e in events if isinstance(e, ev.ExperimentRan)).experiment_id == "quick-die"
    assert press() == once == 46 * 0.5


def test_a_prediction_stays_with_the_step_it_was_made_for(make_session, cell):
    s = make_session(scenario=_all_visible(cell))
    s.coach("What is your next step? What do you expect?", L.NEXT_STEP)
    assert s.learner.state.predictions_made == 1
    s.coach("You should pre-stage the die beside the press.", L.TELLING)
    record = next(e for e in s.end_cycle() if isinstance(e, ev.CycleEnded)).record
    assert record.step == "Pre-stage the next die beside the press"
    assert record.expected == ""  # nobody asked what the learner expects from the coach's idea
    assert not s.cycles[0].prediction_stated
    assert s.learner.state.predictions_made == 0


def test_relabel_that_takes_back_a_learning_reports_the_storyboard_change(make_session):
    s = make_session()
    s.coach("What is your next step? What do you expect?", L.NEXT_STEP)
    s.end_cycle()
    s.coach("What did you learn?", L.LEARNED)
    events = s.coach("Tell me more.", L.CLARIFY)
    assert any(isinstance(e, ev.StoryboardChanged) for e in events)
    assert s.storyboard().records[-1].learned
    events = s.relabel(L.TARGET)
    assert s.storyboard().records[-1].learned == ""
    changed = [e for e in events if isinstance(e, ev.StoryboardChanged)]
    assert changed and changed[-1].storyboard == s.storyboard()


def test_asked_again_which_obstacle_the_learner_names_the_one_in_focus_not_the_whole_list(make_session):
    s = make_session()
    first = reply(s.coach("What obstacles are in the way?", L.OBSTACLES))
    assert "Packing waits for labels" in first.text
    again = reply(s.coach("Which one are you addressing now?", L.OBSTACLES))
    assert again.key == "obstacles"
    assert "The press cycle varies a lot" in again.text
    assert "Packing waits for labels" not in again.text


def test_a_leading_question_with_no_idea_the_learner_can_act_on_gets_a_closed_answer(make_session):
    s = make_session()
    r = reply(s.coach("Don't you think it's the weather?", L.LEADING))
    # Not "good idea, I'll do that" followed by a different step (the weather is not in this scenario).
    assert r.key in ("closed", "off_topic")
    assert s.learner.state.led == 1
    r = reply(s.coach("Have you tried a second packer?", L.LEADING))
    assert r.key == "leading_adopt"


def test_without_a_prediction_there_is_nothing_to_compare_and_the_first_learning_is_shallow(make_session):
    s = make_session()
    s.coach("What is your next step?", L.NEXT_STEP)  # no "what do you expect?"
    s.end_cycle()
    assert s.storyboard().records[-1].expected == ""
    s.coach("What did you plan as your last step?", L.LAST_STEP)
    assert reply(s.coach("What did you expect?", L.EXPECTED)).key == "expected_none"
    s.coach("What actually happened?", L.HAPPENED)
    assert reply(s.coach("What did you learn?", L.LEARNED)).key == "learned_shallow"
    assert reply(s.coach("What exactly did you learn?", L.CLARIFY)).key == "learned_deep"


def test_the_last_storyboard_event_of_a_cycle_end_shows_the_storyboard_the_next_cycle_starts_with(make_session):
    s = make_session()
    for moves in (
        [("What obstacles are in the way?", L.OBSTACLES), ("Which one are you addressing now?", L.OBSTACLES),
         ("What is your next step?", L.NEXT_STEP), ("How could you find out?", L.CLARIFY)],
        [("What obstacles are in the way?", L.OBSTACLES), ("Which one are you addressing now?", L.OBSTACLES),
         ("What is your next step?", L.NEXT_STEP)],
    ):
        for text, label in moves:
            s.coach(text, label)
        events = s.end_cycle()
        changed = [e for e in events if isinstance(e, ev.StoryboardChanged)]
        assert changed[-1].storyboard == s.storyboard()
    assert [o.id for o in s.storyboard().obstacles if o.in_focus] == ["packing"]  # die changes: nothing left to try


def test_what_happened_in_a_step_from_before_the_board_is_told_as_written_not_as_a_run_chart_move():
    from dojo.coaching.baseline import KeywordClassifier
    from dojo.scenarios.registry import load_scenario
    from dojo.session.engine import Session

    scenario = load_scenario("assembly-cell")  # its earlier record: "Maintenance found nothing wrong; ..."
    for seed in range(1, 6):
        s = Session(scenario, seed=seed, classifier=KeywordClassifier())
        r = reply(s.coach("What actually happened?", L.HAPPENED))
        assert r.key == "happened"
        assert "Maintenance found nothing wrong; 398 pumps the next shift" in r.text
        assert "p90" not in r.text  # the earlier step was measured in pumps per shift


def test_no_celebration_for_missing_a_prediction_that_was_never_made(make_session):
    s = make_session()
    s.coach("What is your next step?", L.NEXT_STEP)  # the same step as the celebrated one, without a prediction
    s.end_cycle()
    assert not s.storyboard().records[-1].expected
    s.coach("What did you learn?", L.LEARNED)
    r = reply(s.coach("What exactly did you learn?", L.CLARIFY))
    assert r.key == "learned_deep"
    assert not r.celebrate


def test_the_current_condition_gives_the_spread_with_its_unit(make_session):
    s = make_session()
    s.end_cycle()
    condition = s.storyboard().current_condition
    assert condition.startswith("Median lead time ")
    spread = condition[condition.index("(from "):condition.index(")") + 1]
    assert spread.endswith(" s)"), condition


def test_a_hyphenated_keyword_matches_the_coach_idea(make_session, cell):
    changed = _all_visible(cell).model_copy(
        update={"experiments": [e.model_copy(update={"keywords": ["pre-stage"]}) if e.id == "quick-die" else e
                                for e in cell.experiments]}
    )
    for idea in ("You should pre-stage the next die.", "Just pre stage it."):
        s = make_session(scenario=changed)
        s.coach(idea, L.TELLING)
        run = next(e for e in s.end_cycle() if isinstance(e, ev.ExperimentRan))
        assert (run.experiment_id, run.chosen_by) == ("quick-die", "coach"), idea
    s = make_session(scenario=changed)
    s.coach("You should get the stage lights fixed.", L.TELLING)  # a word of the keyword is not the keyword
    assert next(e for e in s.end_cycle() if isinstance(e, ev.ExperimentRan)).chosen_by != "coach"


def test_keywords_match_plural_and_verb_forms_of_whole_words():
    from dojo.learner.responder import _says

    def says(text: str, keyword: str) -> bool:
        import re

        return _says(re.findall(r"[a-z0-9]+", text.lower()), re.findall(r"[a-z0-9]+", keyword.lower()))

    assert says("Have you tried pre-forming the cable tails?", "pre-form")
    assert says("Have you tried pre-forming the cable tails?", "cable tail")
    assert says("Borrow the spare tester from cell 2", "cell 2")
    assert not says("Borrow it from cell 20", "cell 2")
    assert not says("It was backstage", "stage")
    assert not says("", "stage")
