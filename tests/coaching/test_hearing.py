"""Hearing coaches as they really talk: natural phrasing, lead-ins, follow-ups in context.

The lines below are the ones a new user found misheard (issue 8). None of them is in the
corpus (a test checks): the classifier must get them from the general pattern.
"""

from __future__ import annotations

import pytest

from dojo.coaching import cues
from dojo.coaching import split as corpus_split
from dojo.coaching.classifier import Context
from dojo.coaching.features import split_turn
from dojo.coaching.labels import Label
from dojo.coaching.model import load_trained
from dojo.session import guided

L = Label

#: (said, the labels a coach would accept, open); the one still misheard is marked, strictly,
#: so the test says when they are fixed.
NATURAL: list = [
    ("hmm, and what got in your way?", {L.OBSTACLES}, True),
    ("what's stopping the PRs going faster, do you reckon?", {L.OBSTACLES}, True),
    ("why do you think the p90 didn't come down as far as you expected?", {L.LEARNED, L.CLARIFY}, True),
    ("you said the p90 went up — why do you think that is?", {L.CLARIFY}, True),
    ("what would you try?", {L.NEXT_STEP}, True),
    ("What could you do to find out?", {L.NEXT_STEP}, True),
    ("How will you be able to tell whether it worked?", {L.NEXT_STEP}, True),
    ("Is it better now?", {L.CLOSED, L.HAPPENED}, False),
    ("Morning Jo, shall we go through the board?", {L.OTHER}, False),
    ("Great, see, I told you the centrifuge was the problem.", {L.TELLING}, False),
    ("Interesting. What did you learn?", {L.LEARNED}, True),
    ("Hi again. What is the target condition?", {L.TARGET}, True),
    ("OK, let's flip the card. What was your last step?", {L.LAST_STEP}, True),
    ("what do you think you'll see when you time them?", {L.NEXT_STEP}, True),
    ("what will the chart show?", {L.NEXT_STEP}, True),
    ("what are you hoping it'll do?", {L.NEXT_STEP}, True),
]


@pytest.fixture(scope="module")
def clf():
    c = load_trained()
    assert c is not None
    return c


def test_none_of_these_lines_is_in_the_corpus():
    keys = {ex.key for ex in corpus_split.read_corpus()}
    from dojo.coaching.features import dedup_key

    assert not [_said(c) for c in NATURAL if dedup_key(_said(c)) in keys]


def _said(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


@pytest.mark.parametrize(("said", "labels", "is_open"), NATURAL, ids=[_said(c) for c in NATURAL])
def test_natural_talk_is_heard_as_a_coach_would(clf, said, labels, is_open):
    c = clf.classify(said)
    assert c.label in labels, f"{said!r} heard as {c.label.value}"
    assert c.open is is_open


@pytest.mark.parametrize(
    ("text", "lead", "ask"),
    [
        ("Interesting. What did you learn?", "Interesting.", "What did you learn?"),
        ("Morning Jo, shall we go through the board?", "Morning Jo", "shall we go through the board?"),
        ("You should time it. What's your next step?", "You should time it.", "What's your next step?"),
        ("What's your next step? Maybe a kanban?", "", "What's your next step? Maybe a kanban?"),
        ("Add a second operator.", "", "Add a second operator."),
        # An opening question (readiness, time, small talk, the card's flow) before the real one.
        ("Ready? What's the target?", "Ready?", "What's the target?"),
        ("Got a minute? What did you try last?", "Got a minute?", "What did you try last?"),
        ("How was your weekend? So, what is in your way now?", "How was your weekend? So", "what is in your way now?"),
        ("Morning! Shall we do the card? So remind me, what are we aiming for?",
         "Morning! Shall we do the card?", "So remind me, what are we aiming for?"),
        # A real question first is not an opening: both are asked.
        ("Did it work? What happened?", "", "Did it work? What happened?"),
        ("Is the tester the problem? What do you think?", "", "Is the tester the problem? What do you think?"),
        ("Shall we go through the board?", "", "Shall we go through the board?"),
    ],
)
def test_the_move_is_carried_by_the_question(text, lead, ask):
    assert split_turn(text) == (lead, ask)


@pytest.mark.parametrize(
    ("said", "is_open"),
    [
        # A polite frame before the question: judged on what it introduces.
        ("Can I ask - what did you learn?", True),
        ("Do you mind if I ask what you expected?", True),
        ("I was wondering what got in your way", True),
        ("So I'm curious, what did you see at the tester?", True),
        ("I'd love to hear more about what happened", True),
        ("Let me ask you this: what's your next step?", True),
        ("any idea why the p90 went up?", True),
        ("I was wondering if it worked", False),
        ("Can I ask whether you timed it?", False),
        ("Can I ask you something?", False),
        ("Let me ask you this: what if you added a tester?", False),
        ("Ready? What's the target condition?", True),
        ("Got a minute? What was your last step?", True),
        ("Morning! Shall we do the card? So remind me, what are we aiming for here?", True),
        # A preposition before the wh-word, and the card said in a word or two: not yes/no.
        ("Okay. And by when do you want to be there?", True),
        ("For how long has it been like that?", True),
        ("Target?", True),
        ("Next step?", True),
        ("Current p90?", True),
        ("Predict?", True),
        ("Learnt?", True),
        ("And the focus?", True),
        ("Better?", False),
        ("Is it the target?", False),
    ],
)
def test_openness_is_judged_on_the_question_not_its_frame(clf, said, is_open):
    assert clf.classify(said).open is is_open


def test_guided_modes_own_card_questions_are_open(clf):
    """Guided mode passes its own label; what the classifier adds is whether the line is open,
    and the in-game note and the debrief must agree on that."""
    for wordings in guided._CARD.values():
        for text in wordings:
            assert clf.classify(text.format(process="the cell", metric="cycle time")).open, text


def test_a_guess_is_flagged_below_the_line_chosen_on_the_training_part(clf):
    c = clf.classify("Is it better now?")
    assert c.guess is (c.confidence < clf.guess_below)
    assert clf.classify("What is the target condition?").guess is False


def test_a_question_about_the_learners_own_cause_is_a_follow_up_not_leading(clf):
    said = "I reckon it's the centrifuge, there's always a queue in front of it."
    own = "what makes you think the centrifuge is the problem?"
    new = "have you thought about the couriers instead?"
    assert clf.classify(new, Context(previous=said)).label is L.LEADING
    heard = clf.classify(own, Context(previous=said))
    assert heard.label is not L.LEADING


def test_which_one_after_a_list_of_obstacles_asks_for_the_focus(clf):
    listed = "There's the centrifuge queue, the courier runs and the missing labels."
    assert clf.classify("which of those?", Context(previous=listed)).label is L.OBSTACLES


def test_context_only_changes_a_reading_with_a_reason(clf):
    said = "I reckon it's the centrifuge."
    c = clf.classify("so is the centrifuge the thing to work on, do you think?", Context(previous=said))
    if c.label is not clf.classify("so is the centrifuge the thing to work on, do you think?").label:
        assert c.why


def test_a_judging_question_stays_leading_whatever_was_said(clf):
    said = "I didn't time the centrifuge yet."
    assert clf.classify("Why didn't you time the centrifuge?", Context(previous=said)).label is L.LEADING


def test_explain_names_the_words(clf):
    e = clf.explain("Have you thought about adding a second operator?")
    assert e.label is L.LEADING
    assert e.words
    line = e.line()
    assert line.startswith("leading")
    assert any(w in line for w in ("thought", "adding", "second", "operator", "have you"))


@pytest.mark.parametrize(
    "said",
    ["You need to put a kanban in. When can we go and see?", "I'd move the printer next to the bench. What do you expect?",
     "I would try a second scanner. What's your next step?"],
)
def test_advice_before_the_question_makes_the_turn_telling(clf, said):
    heard = clf.classify(said)
    assert heard.label is L.TELLING and not heard.open
    assert clf.classify(said, Context(previous="Not sure yet.")).label is L.TELLING


def test_advice_the_learner_raised_themselves_is_not_the_coachs_idea(clf):
    said = "I'd move the printer next to the bench. What do you expect?"
    own = Context(previous="I think moving the printer next to the bench would save the walk.")
    assert clf.classify(said, own).label is not L.TELLING


@pytest.mark.parametrize(
    ("said", "label"),
    [("Let's go through the board together. What is the target?", L.TARGET), ("Let me ask: what did you learn?", L.LEARNED),
     ("Let's look at the chart together. Where are we now?", L.ACTUAL)],
)
def test_a_lead_in_about_the_conversation_itself_is_not_advice(clf, said, label):
    assert clf.classify(said).label is label


@pytest.mark.parametrize(
    "said", ["How far below the target are we this week?", "What's the gap to the target right now?",
             "Where does the line sit compared with the target today?"],
)
def test_where_the_process_stands_against_the_target_asks_for_the_actual_condition(clf, said):
    assert clf.classify(said).label is L.ACTUAL


def test_a_why_that_brings_no_cause_or_fix_is_a_follow_up_not_leading(clf):
    heard = clf.classify("Why did you expect that?", Context(previous="I expected about 20 s less."))
    assert heard.label is not L.LEADING
    assert heard.why


def test_the_learners_own_step_from_an_earlier_cycle_is_theirs_not_the_coachs_idea(clf):
    board = "Switch on auto-validation for normal potassium results. Fewer calls to the ward."
    said = "So why did you switch on auto-validation for those results?"
    assert clf.classify(said, Context(previous="About the same.", board=board)).label is not L.LEADING


@pytest.mark.parametrize(
    ("said", "label"),
    [("Lovely clear chart, thanks for drawing it. Let's go back over it: what was your last step?", L.LAST_STEP),
     ("Brilliant. So let's reflect — what did you learn?", L.LEARNED)],
)
def test_praise_and_a_turn_to_the_card_before_the_question_are_not_advice(clf, said, label):
    assert clf.classify(said, Context(previous="Here's the chart.")).label is label


def test_an_open_question_mostly_in_the_learners_words_follows_them_up(clf):
    said = "The flow rack helped wiring, but now trays queue at the labeller and the printer jams."
    follow = "Why the wiring rather than the labeller, since you said trays pile up there now?"  # "pile": theirs in other words
    suggest = "What about a second labeller, since you said trays queue there now?"
    assert clf.classify(follow, Context(previous=said)).label is not L.LEADING
    assert clf.classify(suggest, Context(previous=said)).label is L.LEADING


def test_a_compound_ask_is_as_sure_as_its_first_question(clf):
    heard = clf.classify("so what happened, and what did you learn from it?")
    assert heard.label is L.HAPPENED and heard.also == (L.LEARNED,)
    assert not heard.guess


def test_an_idea_the_learner_voiced_cycles_ago_is_theirs_whoever_does_it(clf):
    board = "I don't know yet why the tubes wait. I'd have to follow some tubes myself to find out."
    theirs = clf.classify("Why don't you follow some tubes yourself?", Context(previous="About the same.", board=board))
    assert theirs.label is not L.LEADING
    coachs = clf.classify("Why don't you move the centrifuge next to reception?", Context(previous="About the same.", board=board))
    assert coachs.label is L.LEADING


@pytest.mark.parametrize(
    ("said", "label"),
    [("Earlier you mentioned you'd rather understand the cause before changing things. What could you do to learn what's behind it?",
      L.NEXT_STEP),
     ("As you put it last week, the tester retries are a mystery. What is your next step?", L.NEXT_STEP)],
)
def test_the_learners_words_given_back_before_the_question_are_not_advice(clf, said, label):
    heard = clf.classify(said, Context(previous="I'd like to know why first."))
    assert heard.label is label, heard


def test_a_judging_lead_in_is_flagged_as_judgement_not_heard_as_telling(clf):
    said = "You really should have spotted that last week. Which obstacles are still there?"
    assert clf.classify(said, Context(previous="The trays were late again.")).label is L.OBSTACLES
    assert cues.is_judgemental(said)
    advice = "You should put a second tester in. Which obstacles are still there?"
    assert clf.classify(advice, Context(previous="The trays were late again.")).label is L.TELLING


@pytest.mark.parametrize(
    "said",
    ["Seeing how long the tubes sit at reception, wouldn't a porter on every hour take care of it?",
     "With all the retries you counted, shouldn't you swap the test fixture for a new one?",
     "Since the digest only goes out at nine, why not page the reviewer straight away?"],
)
def test_a_fix_put_forward_as_a_question_is_leading_and_sure(clf, said):
    heard = clf.classify(said, Context(previous="Tubes wait at reception. The tester retries a lot. The digest goes out at nine."))
    assert heard.label is L.LEADING and not heard.guess, heard
    assert heard.why.startswith("puts a fix forward")


@pytest.mark.parametrize(
    "said", ["What have you tried so far?", "What should you look at first?", "Should we write this down as a pattern?"],
)
def test_questions_that_only_look_like_a_fix_put_forward_are_not_confirmed_as_one(clf, said):
    assert not clf.classify(said).why.startswith("puts a fix forward")


def test_what_the_last_step_found_is_what_happened_once_the_last_step_was_asked(clf):
    reflecting = Context(previous="We counted the label calls for a week.", asked=(L.LAST_STEP, L.EXPECTED))
    for said in ("So what did you notice while you were counting them?", "What did you find when you sat with reception?"):
        assert clf.classify(said, reflecting).label is L.HAPPENED, said
    # Before the reflection, the words alone decide (the context adds nothing).
    assert not clf.classify("So what did you notice while you were counting them?", Context(previous="I counted some.")).why


def test_a_question_about_the_step_the_learner_just_proposed_is_not_the_card_gone_back(clf):
    later = Context(previous="I'd like to count the label calls for a week.",
                    asked=(L.TARGET, L.ACTUAL, L.OBSTACLES, L.NEXT_STEP))
    heard = clf.classify("Nice. What would counting the label calls look like in practice?", later)
    assert heard.label is L.CLARIFY, heard
    assert clf.classify("What is the target condition again?", later).label is L.TARGET


@pytest.mark.parametrize("said", ["Quit waffling, will you. What do you expect?", "Go on, take a shot at it. What's your prediction?",
                                  "Be brave and pin a number on it. What do you expect?"])
def test_a_push_for_an_answer_before_the_question_is_not_advice(clf, said):
    """Found playing: "Stop hedging. What do you expect?" was telling, and the learner's own step became the coach's."""
    heard = clf.classify(said, Context(previous="I'd rather not promise anything."))
    assert heard.label is L.NEXT_STEP, heard
