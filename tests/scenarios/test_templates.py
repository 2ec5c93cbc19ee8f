"""Filling a scenario's reply templates with live values."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from dojo.scenarios.templates import FIELDS, placeholders, render


def test_a_filled_sentence_ends_before_the_templates_next_sentence():
    template = "What I learned: {last_learned} That's not what I'd have said a week ago."
    said = render(template, {"last_learned": "Not sure yet; maybe the tester wasn't the whole story"})
    assert said == "What I learned: Not sure yet; maybe the tester wasn't the whole story. That's not what I'd have said a week ago."
    # A value that ends its own sentence is left as written.
    assert render(template, {"last_learned": "It halved the wait!"}).startswith("What I learned: It halved the wait! That's")


def test_a_sentence_filled_in_at_the_end_of_a_reply_ends_with_a_full_stop():
    # Found playing: "My prediction on the board: Back to 430 a shift once the tester is fixed"
    said = render("My prediction on the board: {expected}", {"expected": "Back to 430 a shift once the tester is fixed"})
    assert said == "My prediction on the board: Back to 430 a shift once the tester is fixed."
    assert render("I wrote: {expected}", {"expected": "Faster reviews"}) == "I wrote: Faster reviews"
    assert render("Next: {x}", {"x": "Time the wiring station?"}) == "Next: Time the wiring station?"


def test_a_value_inside_a_sentence_gets_no_full_stop():
    assert render("We are at {latest} h today.", {"latest": 4.0}) == "We are at 4 h today."
    assert render("Next: {next_step} and then {x}", {"next_step": "time the tester", "x": "see"}) == "Next: time the tester and then see"
    assert render("Next: {next_step} and then {x}", {"next_step": "time it", "x": "see what the chart says"}) == (
        "Next: time it and then see what the chart says."
    )
    assert render("Missing {nothing} Here.", {}) == "Missing  Here."


def test_a_count_or_a_name_before_a_capitalised_word_gets_no_full_stop():
    # Found playing the review queue: "74. PRs had changes requested."
    assert render("{defects} PRs had changes requested.", {"defects": 74}) == "74 PRs had changes requested."
    assert render("{defects} PRs had changes requested.", {"defects": "74"}) == "74 PRs had changes requested."
    assert render("Busiest was {bottleneck} Station today.", {"bottleneck": "Press 2"}) == "Busiest was Press 2 Station today."
    # A short clause before an acronym goes on the sentence too; a real sentence before "I" ends.
    assert render("Waiting on {who} ICU beds.", {"who": "the three"}) == "Waiting on the three ICU beds."
    assert render("{x} I think.", {"x": "the tester was the bottleneck"}) == "the tester was the bottleneck. I think."


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_no_shipped_template_filled_with_numbers_puts_a_full_stop_after_a_number():
    """No shipped reply says "74. PRs": a number filled in is never followed by a stray full stop."""
    root = Path(__file__).resolve().parents[2] / "scenarios"
    checked = 0
    for path in sorted(root.glob("*.yaml")):
        for template in _strings(YAML(typ="safe").load(path.read_text(encoding="utf-8"))):
            names = [n for n in placeholders(template) if n in FIELDS]
            if not names:
                continue
            plain = template
            for name in names:
                plain = plain.replace("{" + name + "}", "74")
            assert render(template, dict.fromkeys(names, 74)) == plain, (path.name, template)
            checked += 1
    assert checked > 20
