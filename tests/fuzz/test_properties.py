"""Hypothesis over what a user can hand the dojo: scenario files, transcripts, session imports, arguments.

Every run keeps the contract of :mod:`tests.fuzz.cli_run` (one line and a non-zero exit for
a refusal, nothing raw on the terminal, no traceback). Examples are few and unbounded in
time (the machines are shared): each property takes a few seconds.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dojo.scenarios.loader import check_text
from tests.fuzz.cli_run import keeps_contract, run

ROOT = Path(__file__).resolve().parents[2]
VALID = (ROOT / "tests" / "scenarios" / "fixtures" / "valid.yaml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))

#: Characters a terminal acts on, and others that have broken parsers before.
NASTY_CHARS = "\x00\x07\x1b\x9b\u202e\u2028\u2066\ufeff\r\t[]/{}:#&*!|>'\"\\%@`~-?,"
nasty_text = st.text(alphabet=st.sampled_from(NASTY_CHARS) | st.characters(codec="utf-8"), max_size=40)

#: Scalar spellings that YAML reads as something a scenario cannot hold.
YAML_VALUES = [
    "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-03-02T10:00:00+25:00", "1969-12-31",
    ".nan", ".inf", "-.inf", "1e999", "-1e308", "9" * 5000, "0x" + "f" * 400, "0o" + "7" * 300, "-0",
    "!!binary aGVsbG8=", "! x", "!!python/object:os.system x", "*nope", "&a x", "[", "{", "? [a]", "~", "null",
    "true", "[/]", '"\\ud800"', '"\\e]52;c;eA==\\a"', '"\\u202e"', "'" + "x" * 500 + "'", "[[[[[[[[]]]]]]]]",
    "{a: {b: {c: 1}}}", "|\n  block", "- a\n- b",
]


@st.composite
def mutated_scenario(draw: st.DrawFn) -> str:
    lines = VALID.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["value", "insert", "delete"]))
        value = draw(st.sampled_from(YAML_VALUES) | nasty_text)
        if how == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {value}"
        elif how == "insert":
            lines.insert(i, draw(st.sampled_from(["", "  ", "    "])) + draw(st.sampled_from(["x", "id", "- "])) + f": {value}")
        elif len(lines) > 1:
            del lines[i]
    return "\n".join(lines)


@FUZZ
@given(mutated_scenario())
def test_any_edit_of_a_scenario_is_a_scenario_or_problems_of_one_line_each(text: str) -> None:
    scenario, problems = check_text(text, "s.yaml")
    assert (scenario is None) == bool(problems)
    for p in problems:
        assert "\n" not in str(p) and str(p).startswith("s.yaml")


@FUZZ
@given(text=mutated_scenario())
def test_validate_and_play_keep_the_contract_for_any_edited_scenario(tmp_path_factory, text: str) -> None:
    home = tmp_path_factory.mktemp("fuzz-scenario")
    path = home / "edited.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    keeps_contract(run(["scenarios", "validate", str(path)], home=home))
    keeps_contract(run(["play", "--headless", "--no-save", "--scenario", str(path), "--script",
                        str(ROOT / "examples" / "assembly-cell-good.txt")], home=home))


TRANSCRIPT_PIECES = [
    "What is the target condition?", "coach: What is the actual condition now?", "learner: I think it's the jig",
    "---", "# a comment", "", "COACH:", "learner:", '{"speaker": "coach", "text": "What did you learn?"}',
    '{"cycle_end": true}', '{"cycle_end": "false"}', '{"speaker": 3}', '{"text": "\\ud800"}', "[1, 2]", "{",
    "What is your next step? \x1b]52;c;eA==\x07", "\u202eWhich one?", "x" * 10_001,
]


@FUZZ
@given(st.lists(st.sampled_from(TRANSCRIPT_PIECES) | nasty_text, min_size=1, max_size=12))
def test_score_keeps_the_contract_for_any_transcript(tmp_path_factory, rows: list[str]) -> None:
    home = tmp_path_factory.mktemp("fuzz-score")
    path = home / "t.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8", errors="surrogatepass")
    keeps_contract(run(["score", str(path)], home=home))
    keeps_contract(run(["score", "--json", str(path)], home=home))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("fuzz-export")
    played = run(["play", "--headless", "--scenario", "assembly-cell", "--seed", "3", "--script",
                  str(ROOT / "examples" / "assembly-cell-good.txt")], home=home)
    assert played.code == 0, played.err
    out = home / "s.json"
    assert run(["export", "last", "--format", "json", "-o", str(out)], home=home).code == 0
    return json.loads(out.read_text(encoding="utf-8"))


JSON_VALUES = [2**80, -(2**63) - 1, -1, 0, 1e300, -1e300, True, False, None, "", "x" * 30_000, "\ud800",
               "/etc/passwd", "../../x", [], {}, [[[[[]]]]], {"a": {"b": {}}}, "1970-01-01", 1.5, "\x1b]52;c;eA==\x07"]


@st.composite
def mutated_export(draw: st.DrawFn, good: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(good)
    node: Any = data
    while True:  # walk down to a random place, then replace what is there
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(st.sampled_from(JSON_VALUES))
        break
    return data


@settings(FUZZ, max_examples=12)
@given(data=st.data())
def test_import_keeps_the_contract_and_a_refused_file_stores_nothing(tmp_path_factory, export, data) -> None:
    crafted = data.draw(mutated_export(export))
    home = tmp_path_factory.mktemp("fuzz-import")
    path = home / "crafted.json"
    path.write_text(json.dumps(crafted), encoding="utf-8")  # \uXXXX escapes: a lone surrogate can be written
    o = keeps_contract(run(["import", str(path)], home=home))
    history = keeps_contract(run(["history", "--json"], home=home))
    assert len(json.loads(history.out)) == (1 if o.code == 0 else 0)
    if o.code == 0:  # what was accepted is shown, exported and listed without trouble
        keeps_contract(run(["history"], home=home))
        keeps_contract(run(["export", "last", "--format", "md"], home=home))
        keeps_contract(run(["notes", "last"], home=home))


COMMANDS = ["history", "export", "import", "notes", "delete", "score", "scenarios", "plans", "play", "--version", "frobnicate"]
OPTIONS = ["--limit", "--recent", "--json", "--summary", "--format", "-o", "--force", "--turn", "--author", "--yes",
           "--seed", "--scenario", "--script", "--headless", "--interactive", "--no-save", "--first-cycle", "--save",
           "list", "validate", "schema", "last", "--mode", "-", "--help", "--plan", "--round"]
ARG_VALUES = [str(10**30), str(-(10**30)), "-1", "0", "1", "2", "~nouser-fuzz/x", "x" * 300, "/x/[/]", "[bold]",
              "\x1b]52;c;eA==\x07", "\u202etxt", "md", "html", "json", "assembly-cell", "/dev/null", "/", "nan", "1e999",
              "abcdef12", "../etc", "", " ", "listening-dojo", "plans/listening-dojo.yaml"]


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(COMMANDS), st.lists(st.sampled_from(OPTIONS) | st.sampled_from(ARG_VALUES) | nasty_text,
                                           max_size=6))
def test_any_arguments_keep_the_contract(tmp_path_factory, command: str, rest: list[str]) -> None:
    if command == "play" and "--headless" in rest and "--script" not in rest:
        rest = [*rest, "--script", "/dev/null"]  # never wait on an interactive standard input
    home = tmp_path_factory.mktemp("fuzz-args")
    o = run([command, *[r.replace("\x00", "") for r in rest]], home=home)  # argv cannot hold NUL
    if "--help" in rest or command == "--version":
        assert "Traceback" not in o.err
        return
    keeps_contract(o)
