"""Transcripts at the JSON boundary: booleans are booleans, speakers are text, line numbers stay right."""

from __future__ import annotations

import json

import pytest

from dojo.errors import UserError
from dojo.transcript import parse


def jsonl(*objects: object) -> str:
    return "\n".join(json.dumps(o) for o in objects) + "\n"


ASK = {"speaker": "coach", "text": "What is the target condition?"}


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, [], {}])
def test_cycle_end_that_is_not_a_json_boolean_is_one_line_naming_it(value: object) -> None:
    with pytest.raises(UserError, match=r"^t\.jsonl:2: 'cycle_end' must be true or false, not "):
        parse(jsonl(ASK, {"cycle_end": value}, ASK), "t.jsonl")


def test_cycle_end_true_ends_a_cycle_and_false_does_not() -> None:
    t = parse(jsonl(ASK, {"cycle_end": True}, {**ASK, "cycle_end": False}, ASK), "t.jsonl")
    assert [len(c) for c in t.cycles] == [1, 2]


@pytest.mark.parametrize("speaker", [["coach"], 1, None, {"a": 1}])
def test_a_speaker_that_is_not_text_is_one_line(speaker: object) -> None:
    with pytest.raises(UserError, match=r"^t\.jsonl:1: 'speaker' must be a string"):
        parse(jsonl({"speaker": speaker, "text": "hello"}), "t.jsonl")


def test_a_line_read_on_its_own_keeps_its_number_in_errors() -> None:
    with pytest.raises(UserError, match=r"^stdin:12345: utterance is"):
        parse("x" * 10_001, "stdin", first_line=12_345)
    assert parse("coach: hello", "stdin", first_line=7).cycles[0][0].lineno == 7


@pytest.mark.parametrize("row, message", [
    ('{"speaker": "coach", "text": "What is \\ud800 it?"}', r"lone surrogate \(\\ud800\)"),
    ('{"speaker": "coach", "text": "x", "n": ' + "9" * 5000 + "}", "4300 digits"),
    ('{"a": ' + "[" * 1500 + "]" * 1500 + "}", "nested too deeply"),
])
def test_json_a_transcript_cannot_hold_is_one_line(row: str, message: str) -> None:
    with pytest.raises(UserError, match=rf"^t\.jsonl:1: .*{message}"):
        parse(row + "\n", "t.jsonl")
