"""Typos of the card's words are heard as the word meant; real words and contractions are left alone."""

from __future__ import annotations

import pytest

from dojo.coaching.hearing import default_classifier
from dojo.coaching.labels import Label
from dojo.coaching.spelling import Speller


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(["the", "what", "is", "you", "did"])


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("whats the taget conditon", "whats the target condition"),  # a letter less
        ("what did you expcet", "what did you expect"),  # two letters swapped
        ("What obstaclse are in the way?", "What obstacles are in the way?"),
        ("Whre are you now?", "Where are you now?"),  # a capital kept
        ("what happend next", "what happened next"),
    ],
)
def test_a_typo_of_a_card_word_is_read_as_the_word(speller, said, meant):
    assert speller.correct(said) == meant


@pytest.mark.parametrize(
    "said",
    [
        "What's the lean target?",  # an English word one letter from "learn"
        "Wouldn't it be easier?",  # a contraction, not "would" with a typo
        "Why not test it?",  # short words are never guessed at
        "What about the zorblat?",  # near no card word
        "whre or when",  # "whre" is one typo from "where" only; "when" is two away
    ],
)
def test_real_words_contractions_and_far_words_are_left_alone(speller, said):
    out = speller.correct(said)
    assert out == said or out == "where or when"


def test_the_classifier_hears_a_typed_card_question_as_the_card_step():
    clf = default_classifier()
    for said, label in [("hi, whats the taget conditon?", Label.TARGET), ("what did you expcet", Label.EXPECTED),
                        ("what obstacels are in your way", Label.OBSTACLES), ("what did you lern", Label.LEARNED)]:
        c = clf.classify(said)
        assert c.label == label and not c.guess, (said, c)


def test_a_very_long_word_is_never_looked_at(speller, monkeypatch):
    """One typo changes a word's length by one at most: a 100,000-letter 'word' is not looked at
    (its one-letter deletions alone would be 10 GB)."""
    from dojo.coaching import spelling

    looked: list[str] = []
    monkeypatch.setattr(spelling, "_deletions", lambda word: looked.append(word) or set())
    assert speller.correct("a" * 100_000) == "a" * 100_000
    assert not looked
