"""Chat shorthand read as the words meant (dojo/shorthand.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dojo.shorthand import SHORTHAND, expand


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("TC?", "Target condition?"),
        ("where r we now", "where are we now"),
        ("ok. how cd u find out?", "ok. how could you find out?"),
        ("which 1 now", "which one now"),
        ("nxt step + when can we go see", "next step + when can we go see"),
        ("U said 5 w/ the rack", "You said 5 with the rack"),
        ("imo the rack is the fix", "in my opinion the rack is the fix"),
    ],
)
def test_shorthand_is_spelled_out(typed, meant):
    assert expand(typed) == meant


@pytest.mark.parametrize(
    "plain",
    ["What is the target condition?", "Is it 1 or 2?", "The p90 is 5k units", "Your obs-table row", "R2-D2 and u2"],
)
def test_words_that_are_not_shorthand_are_left_alone(plain):
    assert expand(plain) == plain


@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ?.,'"), max_size=40))
def test_a_line_without_shorthand_words_is_unchanged(text):
    words = text.replace("?", " ").replace(".", " ").replace(",", " ").split()
    if not any(w.lower() in SHORTHAND for w in words) and " 1" not in text:
        assert expand(text) == text


def test_every_shorthand_word_means_something_else():
    assert all(meant and meant != short for short, meant in SHORTHAND.items())
