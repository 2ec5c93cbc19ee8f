"""The second labelling: it covers its sets, and kappa is computed as Cohen defined it."""

from __future__ import annotations

import pytest

from dojo.coaching import split as corpus_split
from dojo.coaching.agreement import agreement, kappa


def test_kappa_of_identical_labels_is_one_and_of_chance_labels_is_zero() -> None:
    assert kappa(["a", "b", "a"], ["a", "b", "a"]).kappa == 1.0
    # Each labeller says "a" half the time, independently: agreement is what chance gives.
    chance = kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"])
    assert chance.agreed == 0.5 and chance.kappa == 0.0


def test_kappa_worked_example() -> None:
    # 10 lines: 7 agree; first labeller 6 a / 4 b, second 5 a / 5 b -> chance 0.5, kappa 0.4.
    first = ["a"] * 6 + ["b"] * 4
    second = ["a"] * 4 + ["b"] * 2 + ["a"] + ["b"] * 3
    result = kappa(first, second)
    assert result.agreed == 0.7 and result.kappa == pytest.approx(0.4)


def test_kappa_refuses_lists_of_different_length() -> None:
    with pytest.raises(ValueError):
        kappa(["a"], ["a", "b"])


def test_every_public_line_was_labelled_twice_and_the_labellers_mostly_agree() -> None:
    public = corpus_split.read_public()
    result = agreement("public", public)
    assert result is not None and result.n == len(public)
    assert result.kappa >= 0.8  # the rules are clear enough for two people to apply them alike


def test_the_held_out_sample_was_labelled_twice() -> None:
    held_out = corpus_split.split_corpus().held_out
    result = agreement("held-out", held_out)
    assert result is not None and result.n == 300
    assert result.kappa >= 0.8


def test_a_part_with_no_second_labelling_has_no_agreement() -> None:
    assert agreement("external", corpus_split.read_external()) is None
