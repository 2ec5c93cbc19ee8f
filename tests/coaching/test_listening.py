"""The listening criterion: which learner replies call for a follow-up, what follows one up, what costs."""

from __future__ import annotations

import pytest
from test_scorer_support import card_cycle, coach, learner

from dojo.coaching.labels import Label
from dojo.coaching.listening import Call, Cost, calls_for, cost_of, listen
from dojo.coaching.report import ChosenBy, ScoreReport, StepOrigin
from dojo.coaching.scorer import COACH_STEP_MAX, WEIGHTS, TurnIn, analyse_cycle, score_cycles


def moments(cycle: list[TurnIn]):
    return [(m.kind, m.good) for m in analyse_cycle(cycle).listening.moments]


# ----------------------------------------------------------------- what calls for a follow-up


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Honestly? It's the tester. Every time it faults we're stuck.", Call.EVIDENCE),
        ("It's... not great, I think. Some days are fine.", Call.EVIDENCE),
        ("Pretty slow.", Call.EVIDENCE),
        ("It didn't work.", Call.LEARNING),
        ("Hard to say. We'll keep it.", Call.LEARNING),
        ("I don't know yet. I'd have to go and look.", Call.FIND_OUT),
        ("There are a few problems: the tester, the wiring, and the parts.", Call.WHICH_ONE),
        ("I want to try a flow rack at wiring.", Call.PREDICTION),
        ("I think it will get better.", Call.PREDICTION),
        ("By the way, we had an agency operator on cover yesterday.", Call.NEW_FACT),
        ("What do you think I should do?", Call.HAND_BACK),
        ("The p90 is 91 s against a target of 62.", None),
        ("I expect the p90 to drop from 91 to about 65 s.", None),
        ("Tomorrow at 10, at the cell.", None),
        ("", None),
    ],
)
def test_replies_that_call_for_a_follow_up_are_read_from_the_words(text: str, call: Call | None) -> None:
    assert calls_for(text) == call


@pytest.mark.parametrize(
    ("text", "key", "call"),
    [
        ("Anything at all.", "actual_vague", Call.EVIDENCE),
        ("Anything at all.", "learned_shallow", Call.LEARNING),
        ("Anything at all.", "dont_know", Call.FIND_OUT),
        ("Next step: a flow rack.", "next_step", Call.PREDICTION),
        ("I expect: the afternoons will be much worse.", "next_step_prediction", Call.PREDICTION),
        ("I expect: the p90 drops from 56 to 40 minutes.", "next_step_prediction", None),
        ("On the board: A; B; C. The one I'm working on now: C.", "obstacles", Call.REASONING),
        ("On the board: A; B; C. Working on C, because that's where the time goes.", "obstacles", None),
        ("It was parts, 4 of 20 cycles.", "observation", None),  # an answer to a follow-up
        ("Here's the chart: median 47 s.", "actual_data", None),
        ("What happened: felt a bit better for a day.", "happened", Call.EVIDENCE),
    ],
)
def test_the_learner_turns_situation_key_is_read_beside_the_words(text, key, call) -> None:
    assert calls_for(text, key) == call


def test_a_first_answer_with_no_data_calls_for_evidence_only_when_it_answers_the_card_question() -> None:
    assert calls_for("Slow at the end of the day.", None, Label.ACTUAL) == Call.EVIDENCE
    assert calls_for("From the run chart.", None, Label.ACTUAL) == Call.EVIDENCE
    # A reply to a follow-up is not a first answer: the scorer passes no step.
    cycle = [coach(Label.ACTUAL), learner("58 s median."), coach(Label.CLARIFY, "How do you know?"),
             learner("From the run chart.")]
    assert moments(cycle) == []


@pytest.mark.parametrize(
    ("text", "key", "cost"),
    [
        ("The printer? We don't have one on this line.", None, Cost.OFF_TOPIC),
        ("As I said, the wiring.", None, Cost.REPEATED),
        ("Which one of what?", None, Cost.NOT_YET),
        ("Go and see what, though? We haven't agreed what to try yet.", None, Cost.NOT_YET),
        ("Whatever.", "off_topic", Cost.OFF_TOPIC),
        ("Whatever.", "repeated", Cost.REPEATED),
        ("Whatever.", "not_yet", Cost.NOT_YET),
        ("The p90 is 91 s.", None, None),
    ],
)
def test_costs_are_read_from_the_learners_reply(text, key, cost) -> None:
    assert cost_of(text, key) == cost


# ----------------------------------------------------------------- following up


def test_the_cards_own_words_follow_up_when_they_answer_the_call() -> None:
    cycle = [
        coach(Label.OBSTACLES), learner("The fixture change, the walking, and parts shortages."),
        coach(Label.OBSTACLES, "Which one are you addressing now?"), learner("The fixture change, because it is 20 s."),
        coach(Label.NEXT_STEP), learner("I want to try a second fixture."),
        coach(Label.NEXT_STEP, "What do you expect?"), learner("20 s less."),
    ]
    assert moments(cycle) == [(Call.WHICH_ONE, True), (Call.PREDICTION, True)]
    assert analyse_cycle(cycle).criteria["listening"] == 1.0


def test_moving_on_to_the_next_card_step_misses_the_follow_up() -> None:
    cycle = [coach(Label.ACTUAL), learner("Honestly? It's the tester."), coach(Label.LAST_STEP), learner("A rack.")]
    assert moments(cycle) == [(Call.EVIDENCE, False)]
    assert analyse_cycle(cycle).criteria["listening"] == 0.0


def test_a_follow_up_in_the_same_breath_as_the_next_card_question_still_counts() -> None:
    said = learner("Honestly? It's the tester.")
    same_breath = [coach(Label.ACTUAL), said, coach(Label.LAST_STEP), coach(Label.CLARIFY, "How do you know?"),
                   learner("The chart.")]
    too_late = [coach(Label.ACTUAL), said, coach(Label.LAST_STEP), learner("A rack."),
                coach(Label.CLARIFY, "How do you know?"), learner("The chart.")]
    assert moments(same_breath) == [(Call.EVIDENCE, True)]
    assert moments(too_late)[0] == (Call.EVIDENCE, False)


def test_leading_telling_and_judgemental_turns_are_never_a_follow_up() -> None:
    for turn in (
        coach(Label.LEADING, "Have you tried checking the tester more often?", open=False),
        coach(Label.TELLING, "You should look at the run chart.", open=False),
        coach(Label.CLARIFY, "Are you sure?"),
    ):
        cycle = [coach(Label.ACTUAL), learner("Honestly? It's the tester."), turn, learner("Hm.")]
        assert moments(cycle)[0] == (Call.EVIDENCE, False), turn.text


def test_dont_know_needs_a_question_about_finding_out_not_the_next_card_line() -> None:
    base = [coach(Label.NEXT_STEP), learner("I don't know yet.")]
    assert moments(base + [coach(Label.NEXT_STEP, "What do you expect?"), learner("20 s.")])[0] == (Call.FIND_OUT, False)
    assert moments(base + [coach(Label.GO_SEE), learner("Tomorrow.")])[0] == (Call.FIND_OUT, False)
    assert moments(base + [coach(Label.CLARIFY, "How could you find out?"), learner("Time it.")])[0] == (
        Call.FIND_OUT, True)


def test_asking_which_one_again_after_the_learner_named_it_costs_and_why_that_one_follows_up() -> None:
    named = learner("On the board: the tester, the wiring, the parts. I'm working on this one now: the wiring.")
    again = [coach(Label.OBSTACLES), named, coach(Label.OBSTACLES, "Which one are you addressing now?"),
             learner("This one, for now: the wiring.")]
    why = [coach(Label.OBSTACLES), named, coach(Label.CLARIFY, "Why that one?"), learner("It's 40 s of the 90.")]
    assert (Cost.REPEATED, False) in moments(again)
    assert moments(why) == [(Call.REASONING, True)]
    for asks_why in ("Which one are you working on, and why that one?", "Which one, and what's your reasoning?"):
        also_why = [coach(Label.OBSTACLES), named, coach(Label.OBSTACLES, asks_why), learner("The wiring: 40 s of the 90.")]
        assert Cost.REPEATED not in [m for m, _ in moments(also_why)], asks_why


def test_a_card_question_asked_back_to_follow_up_is_not_back_and_forth() -> None:
    cycle = [
        coach(Label.LEARNED), learner("It didn't work."),
        coach(Label.EXPECTED, "What did you expect, and what happened instead?"), learner("6 s less; we got 3."),
        coach(Label.OBSTACLES, "What obstacles are in the way now?"), learner("The fixture change, 20 s, because it varies."),
    ]
    a = analyse_cycle(cycle)
    assert a.listening.moments[0].good
    assert a.criteria["order"] == 1.0


# ----------------------------------------------------------------- when it cannot be judged


def test_without_learner_lines_listening_is_not_judged_and_the_rest_counts_for_100() -> None:
    report = score_cycles([card_cycle(answers=False)])
    assert report.listening_judged is False
    assert report.criteria.listening is None
    assert report.score == 100
    ScoreReport.model_validate_json(report.model_dump_json())


def test_listening_is_not_judged_in_a_cycle_where_nothing_called_for_a_follow_up() -> None:
    cycle = [coach(Label.TARGET), learner("45 s by March."), coach(Label.ACTUAL), learner("58 s median.")]
    a = analyse_cycle(cycle)
    assert a.criteria["listening"] is None and a.listening.heard_learner


def test_a_missed_follow_up_costs_its_share_of_the_listening_weight() -> None:
    heard = card_cycle()
    i = next(k for k, t in enumerate(heard) if t.label == Label.LEARNED)
    heard[i + 1] = learner("It didn't work.")
    report = score_cycles([heard])
    # Two calls: the obstacle list (followed up by the card's "Which one?") and the shallow learning.
    assert report.criteria.listening == 50
    assert report.score == 100 - WEIGHTS["listening"] / 2
    assert report.cycles[0].follow_ups_due == 2 and report.cycles[0].follow_ups_missed == 1


# ----------------------------------------------------------------- the coach's idea, the step before the obstacles


def _card_with(turn: TurnIn, reply: str) -> list[TurnIn]:
    base = card_cycle()
    i = next(k for k, t in enumerate(base) if t.label == Label.NEXT_STEP)
    return base[:i] + [turn, learner(reply)] + base[i:]


def test_a_leading_fix_the_learner_takes_on_caps_the_cycle_and_costs_listening() -> None:
    lead = coach(Label.LEADING, "Have you thought about trying a bending jig?", open=False)
    took = analyse_cycle(_card_with(lead, "Oh, good idea! I'll do that."))
    refused = analyse_cycle(_card_with(lead, "We tried something like that last year. Didn't stick."))
    assert took.coach_step and took.score <= COACH_STEP_MAX
    assert any(m.kind is Cost.COACH_IDEA for m in took.listening.moments)
    assert not refused.coach_step and refused.score > COACH_STEP_MAX


def test_the_session_can_say_the_step_was_the_coachs_idea() -> None:
    report = score_cycles([card_cycle()], origins=[StepOrigin(chosen_by=ChosenBy.COACH)])
    assert report.cycles[0].coach_step and report.score <= COACH_STEP_MAX


def test_without_learner_lines_a_leading_line_that_names_a_fix_is_taken_as_the_step() -> None:
    cycle = card_cycle(answers=False)
    cycle.insert(8, coach(Label.LEADING, "Have you tried adding a second operator?", open=False))
    assert analyse_cycle(cycle).coach_step


def _step_first() -> list[TurnIn]:
    base = card_cycle()
    obstacles = base[12:16]  # the obstacles question, its answer, which one, its answer
    return base[:12] + base[16:] + obstacles


def test_the_next_step_agreed_before_the_obstacles_is_an_order_error_when_it_made_the_plan() -> None:
    cycle = _step_first()
    assert [t.label for t in cycle if t.speaker == "coach"][-2:] == [Label.OBSTACLES, Label.OBSTACLES]
    a = analyse_cycle(cycle)
    assert a.step_before_obstacles and a.criteria["order"] == 0.0
    report = score_cycles([cycle])
    assert report.cycles[0].step_before_obstacles
    assert "step_before_obstacles" in [f.kind for f in report.feedback]
    # Asked again after the obstacles, the step was re-planned: only the back and forth costs.
    replanned = analyse_cycle(cycle + [coach(Label.NEXT_STEP, "So what is your next step now?"), learner("Time 10.")])
    assert not replanned.step_before_obstacles and replanned.criteria["order"] > 0
    # The session knows whether it made the plan.
    assert analyse_cycle(cycle, origin=StepOrigin(chosen_by=ChosenBy.FOCUS)).criteria["order"] > 0
    assert analyse_cycle(card_cycle(), origin=StepOrigin(chosen_by=ChosenBy.PERSONA)).step_before_obstacles


def test_listen_reports_moments_with_local_indexes() -> None:
    cycle = [coach(Label.ACTUAL), learner("It's the tester."), coach(Label.CLARIFY, "What did you see?"), learner("5 faults.")]
    heard = listen(cycle, set())
    assert [(m.kind, m.turn, m.by) for m in heard.moments] == [(Call.EVIDENCE, 1, 2)]
    assert heard.score == 1.0 and 2 in heard.followers


def test_asking_which_one_after_a_follow_up_still_costs_when_the_choice_was_named_in_the_phase() -> None:
    cycle = [
        coach(Label.OBSTACLES), learner("On the board: A, B and C. I'm working on this one now: B."),
        coach(Label.CLARIFY, "How do you know?"), learner("The chart shows 40 s of the 90 there."),
        coach(Label.OBSTACLES, "Which one are you addressing now?"), learner("B, as I said."),
    ]
    assert [m.kind for m in analyse_cycle(cycle).listening.moments].count(Cost.REPEATED) == 1


def test_the_cards_first_ask_of_a_step_in_a_cycle_is_never_a_re_ask() -> None:
    # The card asks for the target condition every cycle; "As I said" about an earlier cycle costs nothing.
    first = [coach(Label.TARGET), TurnIn("learner", "As I said, 45 s by March.", key="repeated")]
    again = first + [coach(Label.TARGET, "What is the target condition, again?"), learner("As I said: 45 s.")]
    assert [m.kind for m in analyse_cycle(first).listening.moments] == []
    assert [m.kind for m in analyse_cycle(again).listening.moments] == [Cost.REPEATED]
