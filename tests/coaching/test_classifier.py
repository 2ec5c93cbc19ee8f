"""The trained coach-move classifier in process: labels of known utterances, hard pairs,
the open flag, and robustness on any string (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dojo.coaching.classifier import Classification
from dojo.coaching.hearing import default_classifier
from dojo.coaching.labels import Label
from dojo.coaching.model import TrainedClassifier, load_model_data, load_trained


@pytest.fixture(scope="module")
def clf() -> TrainedClassifier:
    model = load_trained()
    assert model is not None, "dojo/coaching/model.json is missing: run python -m dojo.coaching.train"
    assert isinstance(model, TrainedClassifier)
    return model


def test_default_classifier_is_the_trained_model(clf):
    assert default_classifier() is clf


# The examples the issue gives for each label, and the card's own questions.
ISSUE_EXAMPLES: list[tuple[str, Label]] = [
    ("What is the target condition?", Label.TARGET),
    ("What are you striving for?", Label.TARGET),
    ("How do you know?", Label.CLARIFY),
    ("Tell me more.", Label.CLARIFY),
    ("What do you mean by flow?", Label.CLARIFY),
    ("Have you tried a second operator?", Label.LEADING),
    ("Don't you think the fixture is the problem?", Label.LEADING),
    ("Are you sure?", Label.LEADING),
    ("Why didn't you measure it?", Label.LEADING),
    ("You should add a second operator.", Label.TELLING),
    ("Write that down.", Label.TELLING),
    ("If I were you…", Label.TELLING),
    ("Did the team like it?", Label.CLOSED),
    ("What do you expect?", Label.NEXT_STEP),
    ("What did you expect?", Label.EXPECTED),
]

CARD_QUESTIONS: list[tuple[str, Label]] = [
    ("What is the actual condition now?", Label.ACTUAL),
    ("What did you plan as your last step?", Label.LAST_STEP),
    ("What actually happened?", Label.HAPPENED),
    ("What did you learn?", Label.LEARNED),
    ("What obstacles do you think are preventing you from reaching the target condition?", Label.OBSTACLES),
    ("Which one are you addressing now?", Label.OBSTACLES),
    ("What is your next step?", Label.NEXT_STEP),
    ("When can we go and see what we have learned from taking that step?", Label.GO_SEE),
]


@pytest.mark.parametrize(("text", "label"), ISSUE_EXAMPLES + CARD_QUESTIONS)
def test_known_utterances_get_their_label(clf, text, label):
    assert clf.classify(text).label == label


# Hard pairs that differ only by tense: past → reflection, future → next step.
TENSE_PAIRS: list[tuple[str, Label, str, Label]] = [
    ("What do you expect?", Label.NEXT_STEP, "What did you expect?", Label.EXPECTED),
    ("what do you expect will happen", Label.NEXT_STEP, "what did you expect would happen", Label.EXPECTED),
    ("What do you think the cycle time will be?", Label.NEXT_STEP, "What did you think the cycle time would be?", Label.EXPECTED),
    ("What will you try next?", Label.NEXT_STEP, "What did you try last time?", Label.LAST_STEP),
]


@pytest.mark.parametrize(("a", "la", "b", "lb"), TENSE_PAIRS)
def test_tense_decides(clf, a, la, b, lb):
    assert (clf.classify(a).label, clf.classify(b).label) == (la, lb)


# The same card question, neutral and with the coach's solution tucked in.
SOLUTION_TUCKED: list[tuple[str, Label, str]] = [
    ("What is your next step?", Label.NEXT_STEP, "What is your next step, maybe a kanban?"),
    ("What obstacles are in your way?", Label.OBSTACLES, "Don't you think the changeover is your main obstacle?"),
    ("What did you learn?", Label.LEARNED, "So what did you learn, that the supplier is the problem?"),
    ("What is the actual condition now?", Label.ACTUAL, "What is the actual condition, still way off target I suppose?"),
    ("What will you try next?", Label.NEXT_STEP, "Have you thought about trying a second operator next?"),
]


@pytest.mark.parametrize(("neutral", "label", "tucked"), SOLUTION_TUCKED)
def test_a_tucked_solution_makes_it_leading(clf, neutral, label, tucked):
    assert clf.classify(neutral).label == label
    assert clf.classify(tucked).label == Label.LEADING


@pytest.mark.parametrize(
    ("text", "is_open"),
    [
        ("What is the target condition?", True),
        ("so what did you learn", True),
        ("Tell me more.", True),
        ("Can you walk me through the run chart?", True),
        ("Did you learn anything?", False),  # yes/no about a card step: card label, not open
        ("Is it the morning or the afternoon shift?", False),
        ("Did the team like it?", False),
        ("You should add a second operator.", False),
        ("How about a second operator?", False),
        ("Why don't you time it?", False),
    ],
)
def test_open_is_about_the_form_of_the_question(clf, text, is_open):
    assert clf.classify(text).open is is_open


def test_a_yes_no_question_about_a_card_step_keeps_the_card_label(clf):
    c = clf.classify("Did you learn anything from that?")
    assert c.label == Label.LEARNED
    assert c.open is False


def test_runner_up_differs_from_the_label_and_confidence_is_a_probability(clf):
    c = clf.classify("What did you expect?")
    assert c.runner_up is not None and c.runner_up != c.label
    assert 0.5 < c.confidence <= 1.0


WEIRD = [
    "",
    " ",
    "\n",
    "\x00",
    "\x00\x01\x02\x1b[31mred\x1b[0m",
    "🎉🎉🎉",
    "what did you 🤔 expect",
    "?!?!...",
    "Was ist die Zielbedingung?",
    "目标状态是什么？",
    "ما هو الشرط المستهدف؟",
    "\ud800",  # a lone surrogate
    "a" * 100_000,
    "what is the target condition? " * 4000,
    "\u202etarget\u202c",
    "x\ty\rz",
]


@pytest.mark.parametrize("text", WEIRD, ids=range(len(WEIRD)))
def test_any_input_gets_a_valid_classification(clf, text):
    c = clf.classify(text)
    _assert_valid(c)


def test_inputs_without_words_are_other(clf):
    for text in ("", "   ", "?!", "🎉", "\x00"):
        c = clf.classify(text)
        assert c.label == Label.OTHER
        assert c.open is False


def _assert_valid(c: Classification) -> None:
    assert isinstance(c, Classification)
    assert isinstance(c.label, Label)
    assert 0.0 <= c.confidence <= 1.0
    assert isinstance(c.open, bool)
    assert c.runner_up is None or (isinstance(c.runner_up, Label) and c.runner_up != c.label)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gets_a_valid_deterministic_label(text):
    clf = load_trained()
    assert clf is not None
    c = clf.classify(text)
    _assert_valid(c)
    assert clf.classify(text) == c
    # A freshly loaded model gives exactly the same answer: integer arithmetic, no state.
    assert TrainedClassifier(_MODEL_DATA).classify(text) == c


_MODEL_DATA = load_model_data()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=10))
def test_classify_many_is_classify_on_each(texts):
    clf = load_trained()
    assert clf is not None
    assert clf.classify_many(texts) == [clf.classify(t) for t in texts]


def test_load_trained_is_none_without_the_data_file(tmp_path):
    assert load_trained(tmp_path / "absent.json") is None
