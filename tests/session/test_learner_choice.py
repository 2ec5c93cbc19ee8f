"""The learner's step depends on the cycle's coaching as a whole, not on one label having been heard."""

from __future__ import annotations

from dojo.coaching.labels import Label as L
from dojo.session import events as ev


def ran(events) -> ev.ExperimentRan:
    return next(e for e in events if isinstance(e, ev.ExperimentRan))


def reply(events) -> ev.LearnerReplied:
    return next(e for e in events if isinstance(e, ev.LearnerReplied))


def record(events):
    return next(e for e in events if isinstance(e, ev.CycleEnded)).record


def test_one_bare_obstacles_question_does_not_focus_the_learner(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    assert not s.learner.well_focused()
    run = ran(s.end_cycle())
    assert (run.experiment_id, run.chosen_by) == ("second-packer", "unfocused")  # the tempting fix: named, not looked into


def test_obstacles_with_which_one_now_or_with_the_evidence_focus_the_learner(make_session):
    for follow_up in (
        [("Which one are you addressing now?", L.OBSTACLES)],
        [("What is the actual condition now?", L.ACTUAL), ("How do you know?", L.CLARIFY)],
    ):
        s = make_session()
        s.coach("What obstacles are in the way?", L.OBSTACLES)
        for text, label in follow_up:
            s.coach(text, label)
        assert s.learner.well_focused(), follow_up
        r = reply(s.coach("What is your next step?", L.NEXT_STEP))
        assert r.yeti and r.key == "dont_know"  # the cause in focus is still hidden: the edge of knowledge


def test_a_follow_up_on_the_obstacles_focuses_the_learner_but_one_before_them_does_not(make_session):
    s = make_session()
    s.coach("Can you say more?", L.CLARIFY)
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    assert not s.learner.well_focused()
    s.coach("Why that one?", L.CLARIFY)
    assert s.learner.well_focused()


def test_i_dont_know_yet_becomes_a_step_to_find_out_only_when_asked_how_to_find_out(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    assert reply(s.coach("What is your next step?", L.NEXT_STEP)).yeti
    # Asked for a prediction or a clarification instead, the learner still does not know.
    assert reply(s.coach("What do you expect?", L.NEXT_STEP)).key == "dont_know"
    assert reply(s.coach("Can you say more?", L.CLARIFY)).key != "next_step"
    assert s.learner.state.cycle.planned_experiment is None
    run = ran(s.end_cycle())
    # Still "I don't know yet" when the cycle ends: no step was agreed, and none runs.
    assert run.experiment_id is None and run.chosen_by == "none"


def test_asked_how_to_find_out_the_learner_plans_the_observation(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    s.coach("What is your next step?", L.NEXT_STEP)
    s.coach("How could you find out more?", L.CLARIFY)
    assert (ran(s.end_cycle()).experiment_id, s.cycles[0].chosen_by) == ("time-the-press", "find_out")


def test_a_learner_left_to_themselves_never_proposes_a_step_to_find_out(make_session, cell):
    from dojo.scenarios.models import Trait

    plain = cell.model_copy(update={"learner": cell.learner.model_copy(update={"persona": [Trait.QUIET]})})
    for seed in range(1, 16):
        s = make_session(seed=seed, scenario=plain)
        for _ in range(plain.cycles):
            s.coach("What obstacles are in the way?", L.OBSTACLES)
            s.end_cycle()
        assert all(c.experiment_id != "time-the-press" for c in s.cycles)


def test_a_coach_idea_for_an_obstacle_the_learner_cannot_see_is_not_taken_up(make_session):
    s = make_session()
    r = reply(s.coach("You should pre-stage the die beside the press.", L.TELLING))  # die changes: still hidden
    assert r.key == "telling_comply" and not any("adopted" in e for e in r.effects)
    assert ran(s.end_cycle()).chosen_by != "coach"
    assert reply(s.coach("Have you thought about pre-staging the die?", L.LEADING)).key != "leading_adopt"


def test_once_revealed_a_coach_idea_for_that_obstacle_is_taken_up(make_session):
    s = make_session()
    for text, label in (
        ("What obstacles are in the way?", L.OBSTACLES), ("Which one are you addressing now?", L.OBSTACLES),
        ("What is your next step?", L.NEXT_STEP), ("How could you find out more?", L.CLARIFY),
    ):
        s.coach(text, label)
    s.end_cycle()  # timing the press reveals the die changes
    assert reply(s.coach("Have you thought about pre-staging the die?", L.LEADING)).key == "leading_adopt"
    assert (ran(s.end_cycle()).experiment_id, s.cycles[1].chosen_by) == ("quick-die", "coach")


def test_a_step_that_was_the_coach_idea_comes_with_no_prediction_of_the_learner_own(make_session):
    s = make_session()
    s.coach("You should add a second packer.", L.TELLING)
    r = reply(s.coach("What do you expect will happen?", L.NEXT_STEP))
    assert r.key != "next_step_prediction" and "no prediction of their own (your idea)" in r.effects
    assert not s.learner.state.cycle.prediction_stated and s.learner.state.predictions_made == 0
    assert record(s.end_cycle()).expected == ""


def test_the_card_s_go_and_see_question_is_not_a_question_about_finding_out(make_session):
    s = make_session()
    s.coach("What obstacles are in the way?", L.OBSTACLES)
    s.coach("Which one are you addressing now?", L.OBSTACLES)
    assert reply(s.coach("What is your next step?", L.NEXT_STEP)).yeti
    s.coach("When can we go and see what we have learned from taking that step?", L.GO_SEE)
    assert s.learner.state.cycle.planned_experiment is None
    assert ran(s.end_cycle()).experiment_id != "time-the-press"


def test_a_cycle_that_agreed_no_step_earns_nothing_for_its_prediction_or_its_go_and_see(make_session):
    """Reciting "What do you expect?" and "When can we go and see?" after "I don't know yet", with no
    step agreed, asks for a prediction of nothing and a visit to see nothing."""
    from dojo.session.debrief import score_session

    def cycle(find_out: bool):
        s = make_session()
        s.coach("What obstacles are in the way?", L.OBSTACLES)
        s.coach("Which one are you addressing now?", L.OBSTACLES)
        assert reply(s.coach("What is your next step?", L.NEXT_STEP)).yeti
        if find_out:
            s.coach("How could you find out?", L.CLARIFY)
        s.coach("What do you expect?", L.NEXT_STEP)
        s.coach("When can we go and see what we have learned?", L.GO_SEE)
        s.end_cycle()
        return score_session(s).cycles[0]

    recited, coached = cycle(find_out=False), cycle(find_out=True)
    assert recited.criteria.prediction == 0 and recited.criteria.go_see == 0
    assert coached.criteria.prediction > 0 and coached.criteria.go_see == 100
    assert coached.score > recited.score
