"""Card-shaped nonsense: the card's words in roles they cannot play (cues.garbled)."""

from __future__ import annotations

import pytest

from dojo.coaching import split as corpus_split
from dojo.coaching.cues import garbled
from dojo.coaching.labels import Label
from dojo.coaching.scorer import TurnIn, analyse_cycle

SALAD = [
    "What did the obstacle expect from the target condition?",
    "How does the next step learn the actual condition?",
    "When will the last step go and see the target?",
    "What is the actual learned of your next step?",
    "So what did the prediction learn about the challenge?",
    "Which step happened to the target condition?",
    "And what is the obstacle's go and see?",
]
SENSE = [
    "What did you expect to happen when you took your last step?",
    "What do you expect to happen with the next step?",
    "What did you learn about the obstacle from the last step?",
    "Did your last step happen as planned?",
    "When can we go and see the next step?",
    "What was the last step's effect on the p90?",
    "What has the team learned since the last step?",
    "What do you expect the next step to do to the target?",
]


@pytest.mark.parametrize("said", SALAD)
def test_the_cards_words_in_roles_they_cannot_play_are_garbled(said):
    assert garbled(said)


@pytest.mark.parametrize("said", SENSE)
def test_card_questions_that_make_sense_are_not(said):
    assert not garbled(said)


def test_no_line_of_the_corpus_or_the_evaluation_sets_is_garbled():
    lines = [*corpus_split.read_corpus(), *corpus_split.read_public(), *corpus_split.read_public_dev(),
             *corpus_split.read_external()]
    assert len(lines) > 12_000
    assert [ex.text for ex in lines if garbled(ex.text)] == []


def test_a_garbled_card_question_covers_no_card_step_even_when_answered_fluently():
    said = "What did the next step expect from the target condition?"
    cycle = [TurnIn("coach", said, Label.NEXT_STEP, True), TurnIn("learner", "A faster press, 20 s less.")]
    a = analyse_cycle(cycle)
    assert Label.NEXT_STEP not in a.asked and a.criteria["prediction"] == 0.0


def test_a_garbled_card_question_costs_question_quality():
    sense = [TurnIn("coach", "What is your next step?", Label.NEXT_STEP, True), TurnIn("learner", "Time the press.")]
    salad = [TurnIn("coach", "What did the next step expect from the target?", Label.NEXT_STEP, True),
             TurnIn("learner", "Time the press.")]
    assert analyse_cycle(sense + salad).criteria["quality"] < analyse_cycle(sense).criteria["quality"]
