"""Filling a scenario's reply templates with live values."""

from __future__ import annotations

from dojo.scenarios.templates import render


def test_a_filled_sentence_ends_before_the_templates_next_sentence():
    template = "What I learned: {last_learned} That's not what I'd have said a week ago."
    said = render(template, {"last_learned": "Not sure yet; maybe the tester wasn't the whole story"})
    assert said == "What I learned: Not sure yet; maybe the tester wasn't the whole story. That's not what I'd have said a week ago."
    # A value that ends its own sentence is left as written.
    assert render(template, {"last_learned": "It halved the wait!"}).startswith("What I learned: It halved the wait! That's")


def test_a_value_inside_a_sentence_gets_no_full_stop():
    assert render("We are at {latest} h today.", {"latest": 4.0}) == "We are at 4 h today."
    assert render("Next: {next_step} and then {x}", {"next_step": "time the tester", "x": "see"}) == "Next: time the tester and then see"
    assert render("Missing {nothing} Here.", {}) == "Missing  Here."
