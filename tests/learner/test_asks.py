"""What a follow-up asks for, whatever label it is heard as."""

from __future__ import annotations

import pytest

from dojo.learner.asks import Ask, asks, asks_which_one, names_a_step

CASES = [
    ("How do you know?", Ask.EVIDENCE),
    ("How do you know that?", Ask.EVIDENCE),
    ("What makes you say that?", Ask.EVIDENCE),
    ("Where does that number come from?", Ask.EVIDENCE),
    ("What's that based on?", Ask.EVIDENCE),
    ("Why do you think that is?", Ask.REASONING),
    ("Why that one?", Ask.REASONING),
    ("Why?", Ask.REASONING),
    ("What makes you think it's the tester?", Ask.REASONING),
    ("Show me on the run chart.", Ask.SHOW_CHART),
    ("Can you show me that on the run chart?", Ask.SHOW_CHART),
    ("Where on the chart do I see that?", Ask.SHOW_CHART),
    ("What did the stopwatch show?", Ask.OBSERVATION),
    ("What did you see when you timed them?", Ask.OBSERVATION),
    ("What did you notice while you watched the operator?", Ask.OBSERVATION),
    ("When you followed the tubes, what happened to them?", Ask.OBSERVATION),
    ("What did your tally sheet say?", Ask.OBSERVATION),
    ("Log said?", Ask.OBSERVATION),
    ("Of the tubes you followed, how many waited for a full rack?", Ask.OBSERVATION),
    ("Then tell me what actually happened, including the rework rate if you counted it?", None),
    ("What was going on with the highest dot?", Ask.OUTLIER),
    ("Lead time measured between which two moments?", Ask.MEASURE),
    ("When does the timer start and stop?", Ask.MEASURE),
    ("What does one dot stand for?", Ask.MEASURE),
    ("How did you measure that?", Ask.EVIDENCE),
    ("That 1,200 s one jumps out. Any idea?", Ask.OUTLIER),
    ("What about the lowest point?", Ask.OUTLIER),
    ("Is it better now?", Ask.EFFECT),
    ("Did it help?", Ask.EFFECT),
    ("Did it work?", Ask.EFFECT),
    ("Did the p90 come down?", Ask.EFFECT),
    ("Has anything changed?", Ask.EFFECT),
    ("So did that make a difference?", Ask.EFFECT),
    ("What does that tell you?", Ask.MEANING),
    ("So what does that mean for the next step?", Ask.MEANING),
    ("How will we know?", Ask.CHECK),
    ("How will you be able to tell whether it worked?", Ask.CHECK),
    ("What will tell you it helped?", Ask.CHECK),
    ("How are you going to measure it?", Ask.CHECK),
    ("How could you find out?", None),  # finding out what is not known yet, not checking a step
    ("Did you change anything else?", None),
    ("Did it help to clean the pins?", Ask.EFFECT),
    ("Is it better to add a second tester?", None),
    ("Is there anything you need from me to help with that?", None),
    ("Can I help you with the chart?", None),
    ("Could it help if you moved the rack?", None),
    ("Did you write a prediction down?", None),
    ("What is the target condition?", None),
    ("What is the actual condition now?", None),
    ("What did you plan as your last step?", None),
    ("What did you expect?", None),
    ("What actually happened?", None),
    ("What did you learn?", None),
    ("What obstacles do you think are preventing you from reaching the target condition now?", None),
    ("Which one are you addressing now?", None),
    ("What is your next step?", None),
    ("What do you expect?", None),
    ("When can we go and see what we have learned from taking that step?", None),
]


@pytest.mark.parametrize(("text", "ask"), CASES)
def test_what_a_follow_up_asks_for(text, ask):
    assert asks(text) is ask


def test_which_one_points_back_at_a_list_unless_it_names_what():
    assert asks_which_one("Which one are you addressing now?")
    assert asks_which_one("Which of those first?")
    assert not asks_which_one("Which obstacle are you addressing now?")
    assert not asks_which_one("What obstacles are in the way?")
    assert not asks_which_one("What obstacles are in your way? Which one are you addressing now?")


def test_a_question_that_names_a_step_is_not_a_prediction_of_nothing():
    assert names_a_step("What do you expect from that change?")
    assert not names_a_step("What do you expect?")


def test_a_shortened_repeat_is_a_whole_thought_not_a_cut_off_word():
    from dojo.learner.responder import _first_sentence

    assert _first_sentence("I... didn't really predict anything. I just hoped.") == "I... didn't really predict anything."
    assert _first_sentence("Honestly? I don't know yet. The spin is ten minutes.") == "Honestly? I don't know yet."
    assert _first_sentence("Hm.") == "Hm."


def test_a_paraphrase_keeps_a_decimal_whole():
    from dojo.learner.responder import _gist

    assert _gist("The p90 is 56 s, 6.5 s inside the target. Busiest: wiring.") == "the p90 is 56 s, 6.5 s inside the target."
