"""How coach moves change the learner and the experiment they run (pre-labelled moves)."""

from __future__ import annotations

import pytest

from dojo.coaching.labels import Label
from dojo.errors import UserError
from dojo.session import events as ev

L = Label


def ran(events) -> ev.ExperimentRan:
    return next(e for e in events if isinstance(e, ev.ExperimentRan))


def reply(events) -> ev.LearnerReplied:
    return next(e for e in events if isinstance(e, ev.LearnerReplied))


def test_uncoached_learner_jumps_to_the_tempting_solution(make_session):
    s = make_session()
    s.coach("What is the target condition?", L.TARGET)
    assert ran(s.end_cycle()).experiment_id == "second-packer"
    assert s.cycles[0].chosen_by == "persona"


def test_well_coached_learner_reaches_the_edge_of_knowledge_and_a_step_to_find_out_pays_off(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    confidence = s.learner.state.confidence
    r = reply(s.coach("What is your next step?", L.NEXT_STEP))
    assert r.yeti and r.key == "dont_know"
    r = reply(s.coach("What could you do to find out? What do you expect?", L.NEXT_STEP))
    assert not r.yeti and r.key == "next_step_prediction"
    assert "Time twenty press cycles" in r.text
    assert s.learner.state.confidence > confidence
    run = ran(s.end_cycle())
    assert (run.experiment_id, run.chosen_by) == ("time-the-press", "find_out")
    # The observation brought the hidden obstacle to light, and it is in focus now.
    focus = [o for o in s.storyboard().obstacles if o.in_focus]
    assert [o.id for o in focus] == ["die-change"]


def test_telling_makes_the_learner_comply_and_lowers_ownership(make_session):
    s = make_session()
    before = s.learner.state.ownership
    r = reply(s.coach("You should add a second packer.", L.TELLING))  # an obstacle the learner can see
    assert r.key == "telling_comply"
    assert s.learner.state.ownership < before
    assert ran(s.end_cycle()).chosen_by == "coach"


def test_leading_question_makes_the_learner_adopt_the_coach_idea(make_session):
    s = make_session()
    before = s.learner.state.ownership
    r = reply(s.coach("Have you thought about a second packer?", L.LEADING))
    assert r.key == "leading_adopt"
    assert s.learner.state.ownership < before
    run = ran(s.end_cycle())
    assert (run.experiment_id, run.chosen_by) == ("second-packer", "coach")


def test_judging_question_lowers_confidence(make_session):
    s = make_session()
    before = s.learner.state.confidence
    assert reply(s.coach("Are you sure?", L.LEADING)).key == "judged"
    assert s.learner.state.confidence < before


def test_without_what_do_you_expect_the_record_has_no_prediction(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    s.coach("What is your next step?", L.NEXT_STEP)
    s.coach("How could you find out?", L.CLARIFY)
    record = next(e for e in s.end_cycle() if isinstance(e, ev.CycleEnded)).record
    assert record.step == "Time twenty press cycles"
    assert record.expected == ""


def test_with_what_do_you_expect_the_record_has_the_prediction(make_session):
    s = make_session()
    s.coach("What is your next step?", L.NEXT_STEP)  # the learner's own step (a coach's idea comes with none)
    s.coach("What do you expect will happen?", L.NEXT_STEP)
    record = next(e for e in s.end_cycle() if isinstance(e, ev.CycleEnded)).record
    assert record.expected == "Lead time drops by a third"


def test_actual_condition_is_an_opinion_until_evidence_is_asked(make_session):
    s = make_session()  # clarity 0.3: the learner is not yet clear about the current condition
    assert reply(s.coach("What is the actual condition now?", L.ACTUAL)).key == "actual_vague"
    r = reply(s.coach("How do you know?", L.CLARIFY))
    assert r.key == "evidence"  # where the evidence comes from, with the live numbers
    assert "run chart" in r.text and any(c.isdigit() for c in r.text) and "{" not in r.text
    assert reply(s.coach("What is the actual condition now?", L.ACTUAL)).key == "actual_data"


def test_learning_is_shallow_unless_the_reflection_compares_prediction_and_result(make_session):
    s = make_session()
    s.coach("What is your next step and what do you expect?", L.NEXT_STEP)
    s.end_cycle()
    assert reply(s.coach("What did you learn?", L.LEARNED)).key == "learned_shallow"
    r = reply(s.coach("Tell me more.", L.CLARIFY))
    assert r.key == "learned_deep"
    assert s.storyboard().records[-1].learned == "Packing was never the constraint"
    assert s.learner.state.learnings_captured == 1


def test_reflection_in_order_gives_the_deep_learning_at_once(make_session):
    s = make_session()
    s.coach("What is your next step? What do you expect?", L.NEXT_STEP)
    s.end_cycle()
    s.coach("What did you plan as your last step?", L.LAST_STEP)
    assert reply(s.coach("What did you expect?", L.EXPECTED)).key == "expected"
    s.coach("What actually happened?", L.HAPPENED)
    r = reply(s.coach("What did you learn?", L.LEARNED))
    assert r.key == "learned_deep" and r.celebrate  # the step missed its prediction, and taught something


def test_reflection_on_a_first_cycle_has_nothing_to_reflect_on(make_session):
    s = make_session()
    assert reply(s.coach("What did you plan as your last step?", L.LAST_STEP)).key == "last_step_none"


def test_relabel_changes_the_answer_and_is_kept_in_the_record(make_session):
    s = make_session()
    first = reply(s.coach("What is in the way of the target?", L.TARGET))
    assert first.key == "target"
    events = s.relabel(L.OBSTACLES)
    assert reply(events).key == "obstacles"
    assert [t.label for t in s.turns if t.speaker == "coach"] == [L.OBSTACLES]
    assert len(s.turns) == 2  # the first answer was replaced, not appended
    assert s.record.actions[-1].kind == "relabel"
    assert s.learner.state.cycle.obstacles_discussed


def test_relabel_without_a_question_is_a_user_error(make_session):
    s = make_session()
    with pytest.raises(UserError):
        s.relabel(L.TARGET)


def test_session_ends_after_its_cycles_with_a_debrief(make_session, cell):
    s = make_session()
    seen = []
    s.subscribe(seen.append)
    for _ in range(cell.cycles):
        s.coach("What is the target condition?", L.TARGET)
        s.end_cycle()
    ended = [e for e in seen if isinstance(e, ev.SessionEnded)]
    assert s.ended and len(ended) == 1
    debrief = ended[0].debrief
    assert len(debrief.cycles) == cell.cycles
    assert 0 <= debrief.score.score <= 100
    assert [e.title for e in seen if isinstance(e, ev.ScriptedEvent)] == ["Press breakdown"]
    with pytest.raises(UserError):
        s.coach("One more?")
    with pytest.raises(UserError):
        s.end_cycle()


def test_empty_question_is_refused(make_session):
    with pytest.raises(UserError):
        make_session().coach("   ")


def test_phase_times_follow_the_turn_clock(make_session):
    s = make_session()  # the fake clock moves 10 s per reading
    s.coach("What is the target condition?", L.TARGET)
    s.coach("How do you know?", L.CLARIFY)
    s.coach("What is the actual condition now?", L.ACTUAL)
    s.end_cycle()
    from dojo.session.debrief import phase_times

    phases = {p.phase: p.seconds for p in phase_times(s, 1)}
    assert phases == {"target": 20.0, "actual": 10.0}


def test_told_too_often_the_learner_waits_to_be_told_and_asking_again_gives_it_back(make_session):
    s = make_session()
    for _ in range(3):
        s.coach("You should do what I say.", L.TELLING)  # matches no step: ownership only drops
    low = s.learner.state.ownership
    assert low < 0.35
    r = reply(s.coach("What is your next step?", L.NEXT_STEP))
    assert r.key == "ask_coach"
    assert s.learner.state.cycle.planned_experiment is None
    r = reply(s.coach("What would you try?", L.NEXT_STEP))
    assert r.key == "next_step"
    assert s.learner.state.ownership > low


def test_go_and_see_before_a_step_is_agreed_asks_what_to_see(make_session):
    s = make_session()
    r = reply(s.coach("When can we go and see?", L.GO_SEE))
    assert r.key == "go_see_no_step"
    assert not s.learner.state.cycle.go_see_agreed
    s.coach("What is your next step?", L.NEXT_STEP)
    assert reply(s.coach("When can we go and see?", L.GO_SEE)).key == "go_see"
    assert s.learner.state.cycle.go_see_agreed


def test_a_yes_no_question_about_the_last_step_is_answered_from_the_run(make_session):
    s = make_session()
    s.coach("What is the target condition?", L.TARGET)
    s.end_cycle()  # the tempting second packer: packing was never the constraint
    improved = s._rows[-1].improved
    r = reply(s.coach("Did it work?", L.CLOSED))
    assert r.key == ("closed_better" if improved else "closed_worse")
    assert "→" in r.text  # quotes the run: before → after
    assert reply(s.coach("Is Maria on shift today?", L.CLOSED)).key == "closed"


def test_after_i_dont_know_yet_a_question_about_finding_out_pays_off_however_it_was_heard(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    assert reply(s.coach("What is your next step?", L.NEXT_STEP)).yeti
    r = reply(s.coach("What could you do to find out?", L.LEARNED))  # misheard, as a classifier may
    assert r.key == "next_step" and "Time twenty press cycles" in r.text
    assert s.learner.state.cycle.plan_source == "find_out"


def test_a_learner_vague_about_data_grows_out_of_it(make_session, cell):
    from dojo.scenarios.models import Trait

    vague = cell.model_copy(update={"learner": cell.learner.model_copy(update={"persona": [Trait.VAGUE_ABOUT_DATA]})})
    s = make_session(scenario=vague)
    s.learner.state.clarity = 0.7
    assert reply(s.coach("What is the actual condition now?", L.ACTUAL)).key == "actual_vague"
    s.end_cycle()
    s.learner.state.clarity = 0.9
    assert reply(s.coach("What is the actual condition now?", L.ACTUAL)).key == "actual_data"


def test_go_and_see_after_i_dont_know_yet_asks_what_to_see(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    assert reply(s.coach("What is your next step?", L.NEXT_STEP)).key == "dont_know"
    r = reply(s.coach("When can we go and see?", L.GO_SEE))
    assert r.key == "go_see_no_step"
    assert not s.learner.state.cycle.go_see_agreed


def test_chat_shorthand_is_read_as_the_words_meant(make_session):
    s = make_session()
    r = reply(s.coach("obs?", L.OBSTACLES))
    assert r.key == "obstacles"
    assert "obs?" not in r.text.lower()


def test_a_why_is_answered_with_the_reason_for_what_it_asks_about(make_session):
    s = make_session()
    s.coach("What is the target condition?", L.TARGET)
    target = reply(s.coach("Why 120?", L.CLARIFY))
    assert target.key == "reasoning" and "toward the challenge: ship every order the day it is placed" in target.text
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    s.coach("What is your next step?", L.NEXT_STEP)
    s.coach("What could you do to find out?", L.NEXT_STEP)
    step = reply(s.coach("Why that step?", L.CLARIFY))
    assert "What I expect from it:" in step.text
    unknown = reply(s.coach("Why don't you know what it will show?", L.CLARIFY))
    assert "haven't looked closely enough" in unknown.text
    texts = [target.text, step.text, unknown.text]
    assert len(set(texts)) == 3


def test_how_could_you_find_out_with_a_change_planned_is_answered_as_a_way_to_find_out(make_session):
    s = make_session()
    assert reply(s.coach("What is your next step?", L.NEXT_STEP)).text == "Add a second packer."
    r = reply(s.coach("How could you find out whether that would help?", L.NEXT_STEP))
    assert r.text.startswith("By trying it small") and "add a second packer" in r.text
    t = make_session()
    t.coach("What obstacles are in the way?", L.OBSTACLES)
    t.coach("Which one are you addressing now?", L.OBSTACLES)
    assert reply(t.coach("What is your next step?", L.NEXT_STEP)).key == "dont_know"
    t.coach("What could you do to find out?", L.NEXT_STEP)  # the observation is planned
    assert reply(t.coach("How could you find out more?", L.NEXT_STEP)).text.startswith("That's what the step is for")


def test_how_could_you_find_out_swaps_a_change_for_an_observation_of_the_same_obstacle():
    from dojo.scenarios.registry import load_scenario
    from dojo.session.engine import Session

    s = Session(load_scenario("assembly-cell"), seed=1)
    s.coach("Have you thought about having sub-assembly pre-fit the grommet?", L.LEADING)
    assert s.learner.planned().id == "sub-kitting"  # a change, for wiring spread
    r = reply(s.coach("How could you find out whether that's really where the wiring time goes?", L.NEXT_STEP))
    assert r.text.startswith("Good point. Before changing anything")
    assert s.learner.planned().id == "time-wiring"  # the observation of the same obstacle
    assert ran(s.end_cycle()).chosen_by == "find_out"


def test_why_did_it_go_down_asks_for_the_learning_from_the_result(make_session):
    s = make_session()
    s.coach("What is your next step?", L.NEXT_STEP)
    s.end_cycle()
    s.coach("What was your last step?", L.LAST_STEP)
    r = reply(s.coach("Why do you think the lead time did not come down?", L.CLARIFY))
    assert r.key in ("learned_shallow", "learned_deep")


def test_a_garbled_card_question_puzzles_the_learner_and_gains_nothing(make_session):
    s = make_session()
    before = (s.learner.state.clarity, s.learner.state.ownership, s.learner.state.confidence)
    r = reply(s.coach("When can the next step go and see the obstacle?", L.GO_SEE))
    assert r.key == "off_topic" and "next step go and see" in r.text.lower()
    assert not s.learner.state.cycle.go_see_agreed
    assert (s.learner.state.clarity, s.learner.state.ownership, s.learner.state.confidence) == before
