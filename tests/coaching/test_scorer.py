"""Unit tests of the Coaching Kata scorer on pre-labelled cycles."""

from __future__ import annotations

import pytest
from test_scorer_support import card_cycle, coach, learner

from dojo.coaching import cues
from dojo.coaching.alignment import align, phases
from dojo.coaching.labels import CARD_ORDER, REFLECTION, Label
from dojo.coaching.report import ScoreReport
from dojo.coaching.scorer import WEIGHTS, TurnIn, analyse_cycle, score_cycles


def kinds(report: ScoreReport) -> list[str]:
    return [f.kind for f in report.feedback]


def coach_turns(report: ScoreReport):
    return [t for t in report.turns if t.speaker == "coach"]


# ----------------------------------------------------------------- the canonical cycle


def test_canonical_card_cycle_scores_at_least_95() -> None:
    report = score_cycles([card_cycle()])
    assert report.score >= 95
    assert report.score == 100
    assert report.feedback == []
    assert report.strengths
    c = report.cycles[0]
    assert c.missing == [] and c.out_of_order == []
    assert all(s.score == 100 and s.due for s in report.steps)


def test_weights_sum_to_100_and_are_reported() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert score_cycles([card_cycle()]).weights == WEIGHTS


def test_first_cycle_without_reflection_scores_at_least_95_when_first() -> None:
    report = score_cycles([card_cycle(first=True)], first_cycle=True)
    assert report.score >= 95
    assert "skipped_reflection" not in kinds(report)
    steps = {s.step: s for s in report.cycles[0].steps}
    for step in REFLECTION:
        assert steps[step].due is False and steps[step].score is None


def test_skipping_the_reflection_when_not_first_gets_feedback() -> None:
    report = score_cycles([card_cycle(first=True)])
    assert report.score < 90
    assert kinds(report)[0] == "skipped_reflection"
    item = report.feedback[0]
    assert item.trigger.startswith("When ") and "last step" in item.action
    assert report.cycles[0].missing == list(REFLECTION)


def test_a_partial_reflection_names_the_first_missing_step() -> None:
    report = score_cycles([card_cycle(skip=(Label.EXPECTED, Label.LEARNED))])
    item = next(f for f in report.feedback if f.kind == "incomplete_reflection")
    assert "What did you expect?" in item.action
    assert "what they learned" in item.why


def test_first_cycle_flags_per_cycle() -> None:
    two = [card_cycle(first=True), card_cycle()]
    report = score_cycles(two, first_cycle=[True, False])
    assert [c.first_cycle for c in report.cycles] == [True, False]
    assert report.score == 100
    # A bool applies to the first cycle only.
    assert [c.first_cycle for c in score_cycles(two, first_cycle=True).cycles] == [True, False]
    with pytest.raises(ValueError):
        score_cycles(two, first_cycle=[True, False, False])


def test_reflection_asked_on_a_first_cycle_is_not_penalised() -> None:
    report = score_cycles([card_cycle()], first_cycle=True)
    assert report.score == 100
    notes = [t.note for t in coach_turns(report) if t.label in REFLECTION]
    assert all(n.startswith("Not needed on a first cycle") for n in notes)


# ----------------------------------------------------------------- the way of asking


def test_leading_and_telling_are_noted_and_cost_points() -> None:
    base = card_cycle()
    cycle = base[:8] + [coach(Label.LEADING, "Have you tried a second operator?", open=False), learner("No.")] + base[8:]
    cycle = cycle + [coach(Label.TELLING, "You should add a second operator.", open=False)]
    report = score_cycles([cycle])
    notes = {t.label: t.note for t in coach_turns(report)}
    assert notes[Label.LEADING].startswith("Leading:")
    assert notes[Label.TELLING].startswith("Telling:")
    assert report.score < 100
    assert report.criteria.quality < 100
    assert {"leading", "telling"} & set(kinds(report))


def test_judgement_is_found_in_the_text_whatever_the_label() -> None:
    base = card_cycle()
    cycle = base[:4] + [coach(Label.CLARIFY, "Are you sure about that number?"), learner("Yes...")] + base[4:]
    report = score_cycles([cycle])
    turn = next(t for t in coach_turns(report) if t.text.startswith("Are you sure"))
    assert turn.note.startswith("Judgemental:") and "judgemental" in turn.flags
    assert "judgemental" in kinds(report)
    assert report.score < 100


def test_an_anti_pattern_always_gets_a_feedback_place() -> None:
    # Many bigger gaps (no reflection, no go and see, no prediction) and one leading question.
    cycle = [
        coach(Label.TARGET), learner(), coach(Label.ACTUAL), learner(),
        coach(Label.LEADING, "Don't you think the fixture is the problem?", open=False), learner(),
        coach(Label.OBSTACLES), learner(), coach(Label.NEXT_STEP), learner(),
    ]
    report = score_cycles([cycle])
    assert len(report.feedback) == 3
    assert "leading" in kinds(report)


def test_closed_card_question_is_noted_and_softly_penalised() -> None:
    base = card_cycle()
    cycle = [coach(Label.TARGET, "Is the target condition still 45 seconds?", open=False)] + base[1:]
    report = score_cycles([cycle])
    first = coach_turns(report)[0]
    assert first.note.startswith("Closed:") and first.open is False
    assert 90 <= report.score <= 100 and report.cycles[0].score < 100
    assert report.cycles[0].steps[0].score == 75


# ----------------------------------------------------------------- prediction, go and see


def test_missing_go_see_gets_feedback() -> None:
    report = score_cycles([card_cycle(skip=(Label.GO_SEE,))])
    assert report.criteria.go_see == 0
    assert kinds(report)[0] == "missing_go_see"
    assert "go and see" in report.feedback[0].action


def test_missing_what_do_you_expect_gets_feedback() -> None:
    cycle = [t for t in card_cycle() if t.text != "What do you expect?"]
    report = score_cycles([cycle])
    assert report.criteria.prediction == 30
    item = next(f for f in report.feedback if f.kind == "no_prediction")
    assert "What do you expect?" in item.action and item.trigger == "When the learner names their next step"


def test_prediction_asked_after_go_see_is_late() -> None:
    cycle = [t for t in card_cycle() if t.text != "What do you expect?"]
    cycle += [coach(Label.NEXT_STEP, "And what do you expect will happen?"), learner("20 s.")]
    report = score_cycles([cycle])
    assert report.criteria.prediction == 60
    assert "late_prediction" in kinds(report)
    assert "late" in coach_turns(report)[-1].flags


def test_expectation_as_a_clarifying_follow_up_counts() -> None:
    cycle = [t for t in card_cycle() if t.text != "What do you expect?"]
    i = next(k for k, t in enumerate(cycle) if t.label == Label.GO_SEE)
    cycle.insert(i, coach(Label.CLARIFY, "What do you predict the stopwatch will show?"))
    assert score_cycles([cycle]).criteria.prediction == 100


def test_past_expectation_is_not_a_prediction() -> None:
    assert cues.asks_expectation("What do you expect?")
    assert cues.asks_expectation("What do you think will happen?")
    assert not cues.asks_expectation("What did you expect?")
    assert not cues.asks_expectation("What were you expecting?")


# ----------------------------------------------------------------- order


def test_clarifying_inside_a_step_does_not_hurt_order() -> None:
    cycle: list[TurnIn] = []
    for t in card_cycle():
        cycle.append(t)
        if t.speaker == "learner":  # a check of what was said, in the learner's words (not a stock line)
            cycle += [coach(Label.CLARIFY, f"So: {t.text.rstrip('.')}? How do you know?"), learner("From the run chart.")]
    cycle.insert(2, coach(Label.TARGET, "What is the target condition, in numbers?"))  # a repeated ask
    report = score_cycles([cycle])
    assert report.criteria.order == 100
    assert report.score == 100
    assert report.cycles[0].out_of_order == []


def test_going_back_and_forth_is_penalised() -> None:
    canonical = score_cycles([card_cycle()])
    base = card_cycle()
    back = base + [coach(Label.TARGET, "What was the target condition again?"), learner("45 s.")]
    report = score_cycles([back])
    assert report.criteria.order < 100
    assert report.score < canonical.score
    assert report.cycles[0].out_of_order == [Label.TARGET]
    assert coach_turns(report)[-1].note.startswith("Back and forth")
    assert "order" in kinds(report)


def test_out_of_order_steps_are_penalised() -> None:
    steps = list(CARD_ORDER)
    steps[0], steps[6] = steps[6], steps[0]  # obstacles first, target in the middle
    cycle = [t for s in steps for t in (coach(s), learner())]
    report = score_cycles([cycle])
    assert report.criteria.order < 100
    assert report.score < score_cycles([card_cycle()]).score


def test_alignment_collapses_repeats_and_skips_non_card_moves() -> None:
    labels = [Label.TARGET, Label.CLARIFY, Label.TARGET, None, Label.ACTUAL, Label.OTHER, Label.TARGET]
    ph = phases(labels)
    assert [p.step for p in ph] == [Label.TARGET, Label.ACTUAL, Label.TARGET]
    assert ph[0].turns == (0, 2)
    a = align(labels)
    assert a.in_order == (True, True, False)
    assert a.out_of_order_turns() == {6}
    assert align([]).order == 0.0


# ----------------------------------------------------------------- empty and odd input


def test_no_cycles_gives_a_valid_zero_report() -> None:
    report = score_cycles([])
    assert report.score == 0
    assert len(report.feedback) == 1 and report.feedback[0].kind == "no_questions"
    ScoreReport.model_validate_json(report.model_dump_json())


@pytest.mark.parametrize(
    "cycles",
    [[[]], [[learner("hello"), learner("anyone there?")]], [[coach(Label.OTHER, "Good morning!"), learner("Hi.")]]],
    ids=["empty-cycle", "learner-only", "small-talk-only"],
)
def test_no_card_questions_scores_zero_with_feedback(cycles) -> None:
    report = score_cycles(cycles)
    assert report.score == 0
    assert report.feedback and len(report.feedback) <= 3
    assert report.feedback[0].kind in ("no_questions", "skipped_reflection", "missing_target", "missing_go_see")
    assert len(report.turns) == sum(len(c) for c in cycles)


def test_labels_given_as_strings_are_accepted() -> None:
    cycle = [TurnIn("coach", t.text, t.label.value if t.label else None, t.open) for t in card_cycle(answers=False)]
    assert score_cycles([cycle]).score == 100


# ----------------------------------------------------------------- the report's shape


def test_every_turn_is_annotated() -> None:
    cycles = [card_cycle(first=True), card_cycle()]
    report = score_cycles(cycles, first_cycle=True)
    assert [t.index for t in report.turns] == list(range(sum(len(c) for c in cycles)))
    assert [t.cycle for t in report.turns] == [0] * len(cycles[0]) + [1] * len(cycles[1])
    for t in report.turns:
        if t.speaker == "coach":
            assert t.label is not None and t.note and t.open is not None
        else:
            assert t.label is None and t.note == "" and t.open is None
    data = report.model_dump(mode="json")
    assert {"score", "turns", "feedback", "strengths", "criteria", "steps", "cycles"} <= data.keys()
    assert all({"text", "label"} <= t.keys() for t in data["turns"])
    assert ScoreReport.model_validate_json(report.model_dump_json()) == report


def test_feedback_items_read_as_action_and_trigger() -> None:
    report = score_cycles([card_cycle(skip=(Label.GO_SEE, Label.LEARNED))])
    for f in report.feedback:
        assert f.trigger.startswith("When ")
        assert f.text.startswith(f.trigger + ", ")
        assert f.text.endswith((".", "?", "?'"))
        assert f.impact > 0
    impacts = [f.impact for f in report.feedback]
    assert impacts == sorted(impacts, reverse=True)


def test_several_obstacles_without_which_one_gets_the_classic_feedback() -> None:
    cycle = [t for t in card_cycle() if t.text != "Which one are you addressing now?" and t.text != "The fixture change."]
    report = score_cycles([cycle])
    item = next(f for f in report.feedback if f.kind == "which_one")
    assert item.text == "When the learner lists several obstacles, ask which one they are addressing now."


def test_actual_condition_without_data_is_noticed() -> None:
    cycle = card_cycle()
    cycle[3] = learner("It's pretty slow, honestly.")
    report = score_cycles([cycle])
    assert "no_evidence" in kinds(report)
    item = next(f for f in report.feedback if f.kind == "no_evidence")
    assert item.example is not None and item.example.learner == "It's pretty slow, honestly."
    assert item.example.cycle == 0 and item.example.turn == 4  # the coach moved on at turn 5
    assert item.example.instead.startswith("How do you know")
    # Two replies called for a follow-up: the obstacle list (the card's "Which one?" followed it
    # up) and the impression instead of data (the card moved on).
    assert report.criteria.listening == 50
    assert report.score == 100 - WEIGHTS["listening"] / 2


def test_superficial_learning_is_noticed() -> None:
    cycle = card_cycle()
    i = next(k for k, t in enumerate(cycle) if t.label == Label.LEARNED)
    cycle[i + 1] = learner("It didn't work.")
    assert "superficial_learning" in kinds(score_cycles([cycle]))


def test_long_cycles_are_measured_when_turns_carry_times() -> None:
    cycle = [TurnIn(t.speaker, t.text, t.label, t.open, seconds=60.0 * k * 2) for k, t in enumerate(card_cycle())]
    report = score_cycles([cycle])
    assert report.cycles[0].minutes == pytest.approx(2 * (len(cycle) - 1))
    assert kinds(report) == ["long_cycle"]
    assert report.cycles[0].score == 100


def test_analyse_cycle_exposes_the_criteria() -> None:
    a = analyse_cycle(card_cycle())
    assert a.criteria == dict.fromkeys(WEIGHTS, 1.0)
    assert a.score == 100


@pytest.mark.parametrize(
    ("text", "judgemental"),
    [
        ("Are you sure?", True),
        ("Really?", True),
        ("Is that really the case?", True),
        ("Why didn\u2019t you measure it?", True),
        ("why didnt you ask the team", True),
        ("You should have asked.", True),
        ("You honestly should've looked at that by now.", True),
        ("Once more? I already told you to check the log. What does it say?", True),
        ("Frankly that was a complete waste of the team's time.", True),
        ("Stop making excuses. What happened?", True),
        ("You said you told the operators. What happened?", False),
        ("What made it a waste of time, in your view?", False),
        ("What is that really telling you?", False),
        ("How do you know?", False),
        ("What did you expect?", False),
    ],
)
def test_judgement_cues(text: str, judgemental: bool) -> None:
    assert cues.is_judgemental(text) is judgemental


def test_filling_the_silence_is_noticed() -> None:
    cycle = card_cycle()
    cycle.insert(3, coach(Label.TELLING, "Just look at the run chart, it's 58 seconds.", open=False))
    report = score_cycles([cycle])
    assert kinds(report) == ["telling", "filled_silence"]
    assert report.feedback[1].turns == [3]


def test_a_compound_ask_covers_each_card_step_it_asks() -> None:
    said = "What was your last step, and what did you expect?"
    one = [TurnIn("coach", said, Label.LAST_STEP, True), TurnIn("learner", "Timed it. 20 s less.")]
    both = [TurnIn("coach", said, Label.LAST_STEP, True, also=(Label.EXPECTED,)), TurnIn("learner", "Timed it. 20 s less.")]
    assert Label.EXPECTED not in analyse_cycle(one).asked
    assert analyse_cycle(both).asked[Label.EXPECTED] == [0]
    assert analyse_cycle(both).criteria["coverage"] > analyse_cycle(one).criteria["coverage"]
    # A guessed leading reading covers nothing, its parts included.
    guessed = [TurnIn("coach", said, Label.LEADING, True, guess=True, also=(Label.EXPECTED,)), TurnIn("learner", "Hm.")]
    assert Label.EXPECTED not in analyse_cycle(guessed).asked


def test_go_and_see_counts_only_when_a_time_was_agreed() -> None:
    ask = TurnIn("coach", "When can we go and see?", Label.GO_SEE, True)
    agreed = [ask, TurnIn("learner", "Tomorrow at nine.", key="go_see")]
    nothing = [ask, TurnIn("learner", "See what, though? We haven't agreed a step yet.", key="go_see_no_step")]
    unkeyed = [ask, TurnIn("learner", "See what, though? We haven't agreed a step yet.")]
    assert analyse_cycle(agreed).criteria["go_see"] == 1.0
    assert analyse_cycle(nothing).criteria["go_see"] == 0.0
    assert analyse_cycle(unkeyed).criteria["go_see"] == 0.0
