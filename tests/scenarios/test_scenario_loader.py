"""Loading scenario files: valid files load, every bad input is a line-numbered problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_helpers import VALID, VALID_TEXT, edited, line_of, write

from dojo.errors import UserError
from dojo.scenarios.loader import (
    MAX_SCENARIO_BYTES,
    Problem,
    ScenarioError,
    check_file,
    check_text,
    display_path,
    dumps,
    load_file,
    loads,
)
from dojo.scenarios.models import Scenario


def problems_of(tmp_path, text, **kw) -> tuple[str, list[Problem]]:
    p = write(tmp_path, text)
    scenario, problems = check_file(p, **kw)
    assert scenario is None
    assert problems, "expected problems"
    return display_path(p), problems


def only(problems: list[Problem]) -> str:
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


# ----------------------------------------------------------------------------- valid


def test_valid_fixture_loads():
    s = load_file(VALID, require_schema_line=True)
    assert isinstance(s, Scenario)
    assert s.id == "fixture-sandwich-line"
    assert [st.id for st in s.process.stations] == ["till", "bench", "pass"]
    assert s.focus_process.description.endswith("pass.\n")  # block scalar kept as written
    assert str(s.start_date) == "2026-03-02"


def test_check_file_returns_no_problems_for_valid():
    scenario, problems = check_file(VALID, require_schema_line=True)
    assert problems == [] and scenario is not None


def test_round_trip_load_dump_load():
    s = load_file(VALID)
    text = dumps(s)
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert loads(text) == s
    assert dumps(loads(text)) == text


# Arbitrary prose (no braces: those are placeholders in responses) must survive a dump.
prose = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), min_size=1, max_size=80).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=prose, premise=prose, challenge=prose, condition=prose, line=prose, name=prose)
def test_round_trip_any_text(title, premise, challenge, condition, line, name):
    s = load_file(VALID)
    s2 = s.model_copy(
        update={
            "title": title,
            "premise": premise[:160],
            "challenge": challenge,
            "storyboard": s.storyboard.model_copy(update={"current_condition": condition}),
            "learner": s.learner.model_copy(update={"name": name}),
            "responses": {**s.responses, **{k: [line] for k in list(s.responses)[:1]}},
        }
    )
    assert loads(dumps(s2)) == s2


# ----------------------------------------------------------------------------- field errors


def test_pydantic_error_at_key_line(tmp_path):
    text = edited(("      mean: 35\n", "      mean: -35\n"))
    file, problems = problems_of(tmp_path, text)
    line = line_of(text, "mean: -35")
    assert only(problems) == f"{file}:{line}: process.stations.1.mean: Input should be greater than 0 (got -35)"


def test_unknown_key_suggests(tmp_path):
    text = edited(("      cv: 0.5\n", "      cv: 0.5\n      meen: 3\n"))
    file, problems = problems_of(tmp_path, text)
    assert only(problems) == f"{file}:{line_of(text, 'meen')}: process.stations.1.meen: unknown key 'meen'; did you mean 'mean'?"


def test_missing_key_reported_at_parent(tmp_path):
    text = edited(("  role: shift lead\n", ""))
    file, problems = problems_of(tmp_path, text)
    assert only(problems) == f"{file}:{line_of(text, 'learner:')}: learner.role: missing required key"


def test_missing_top_level_key(tmp_path):
    text = edited(("cycles: 4\n", ""))
    file, problems = problems_of(tmp_path, text)
    # cycles is used by a check too (events.cycle), which skips silently when it is missing
    assert only(problems) == f"{file}:2: cycles: missing required key"


def test_union_literal_error_merged_into_one_line(tmp_path):
    text = edited(("        field: mean\n", "        field: meanx\n"))
    file, problems = problems_of(tmp_path, text)
    msg = only(problems)
    assert msg.startswith(f"{file}:{line_of(text, 'field: meanx')}: experiments.0.changes.0.field: should be one of 'mean'")
    assert msg.endswith("(got 'meanx'); did you mean 'mean'?")


def test_model_validator_error_without_value_error_prefix(tmp_path):
    text = edited(("        scale: 0.75\n", "        scale: 0.75\n        set: 3\n"))
    file, problems = problems_of(tmp_path, text)
    line = line_of(text, "- station: bench")
    assert only(problems) == f"{file}:{line}: experiments.0.changes.0: give exactly one of 'set' or 'scale'"


def test_unknown_response_key(tmp_path):
    text = edited(("  go_see:", "  go_sea: [x]\n  go_see:"))
    file, problems = problems_of(tmp_path, text)
    assert only(problems) == f"{file}:{line_of(text, 'go_sea')}: responses.go_sea: unknown response key 'go_sea'; did you mean 'go_see'?"


def test_bad_date(tmp_path):
    text = edited(("start_date: 2026-03-02", "start_date: next monday"))
    file, problems = problems_of(tmp_path, text)
    assert only(problems).startswith(f"{file}:{line_of(text, 'start_date')}: start_date: Input should be a valid date")


def test_many_problems_at_once(tmp_path):
    text = edited(
        ("difficulty: beginner", "difficulty: easy"),
        ("      mean: 35\n", "      mean: -35\n"),
        ("  units: 120\n", "  units: 120\n  colour: red\n"),
        ("  focus_obstacle: bench-hunting", "  focus_obstacle: bench-huntin"),
        ("      - station: bench", "      - station: benchh"),
        ("{median}", "{medain}"),
        ('  go_see: ["Let\'s go and look at the bench."]\n', ""),
        ("  - cycle: 2", "  - cycle: 9"),
        ("  achieve_by: 2026-03-13", "  achieve_by: 2026-02-13"),
    )
    file, problems = problems_of(tmp_path, text)
    got = {(p.line, p.path) for p in problems}
    assert got == {
        (line_of(text, "difficulty:"), "difficulty"),
        (line_of(text, "mean: -35"), "process.stations.1.mean"),
        (line_of(text, "colour"), "process.colour"),
        (line_of(text, "focus_obstacle:"), "storyboard.focus_obstacle"),
        (line_of(text, "benchh"), "experiments.0.changes.0.station"),
        (line_of(text, "{medain}"), "responses.actual_data.0"),
        (line_of(text, "responses:"), "responses.go_see"),
        (line_of(text, "cycle: 9"), "events.0.cycle"),
        (line_of(text, "achieve_by: 2026"), "target_condition.achieve_by"),
    }
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert all(p.file == file for p in problems)


def test_scenario_error_is_one_line_and_carries_all(tmp_path):
    p = write(tmp_path, edited(("difficulty: beginner", "difficulty: easy"), ("cycles: 4", "cycles: 40")))
    with pytest.raises(ScenarioError) as info:
        load_file(p)
    assert isinstance(info.value, UserError)
    assert len(info.value.problems) == 2
    assert "\n" not in str(info.value)
    assert str(info.value).endswith(f"(and 1 more problem; see: dojo scenarios validate {display_path(p)})")


# ----------------------------------------------------------------------------- YAML-level errors


def test_syntax_error_has_line(tmp_path):
    text = edited(("  persona: [eager, jumps_to_solutions]", "  persona: [eager, jumps_to_solutions"))
    file, problems = problems_of(tmp_path, text)
    msg = only(problems)
    assert msg.startswith(f"{file}:{line_of(text, 'clarity')}: YAML syntax error: ")


def test_duplicate_key(tmp_path):
    text = edited(("title: The sandwich line\n", "title: The sandwich line\ntitle: Again\n"))
    file, problems = problems_of(tmp_path, text)
    assert only(problems) == f"{file}:{line_of(text, 'Again')}: duplicate key: 'title' is given twice (the mapping starts at line 2)"


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!python/object/apply:os.system ['touch {marker}']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!include other.yaml", "!include"),
        ("!!str Sandwiches", "!!str"),
    ],
)
def test_tags_refused_and_nothing_runs(tmp_path, value, shown):
    marker = tmp_path / "ran"
    text = edited(("title: The sandwich line", f"title: {value.format(marker=marker)}"))
    file, problems = problems_of(tmp_path, text)
    # the tag is a problem; the value is read as plain data, so the rest of the file is still checked
    assert str(problems[0]) == f"{file}:3: YAML tags are not allowed in scenario files (found {shown}); write plain values"
    assert all(p.line == 3 for p in problems)
    assert not marker.exists()


def test_tags_on_collections_each_reported(tmp_path):
    text = edited(("learner:\n", "learner: !person\n"), ("  stations:\n", "  stations: !!seq\n"))
    _file, problems = problems_of(tmp_path, text)
    assert [(p.line, p.message.split("(found ")[1]) for p in problems] == [
        (line_of(text, "!person"), "!person); write plain values"),
        (line_of(text, "!!seq"), "!!seq); write plain values"),
    ]


def test_alias_bomb_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    file, problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert only(problems).startswith(f"{file}: the document expands to more than")


def test_aliases_within_bounds_are_fine(tmp_path):
    text = edited(
        ("    - id: till\n      name: Till\n      mean: 25\n", "    - &till\n      id: till\n      name: Till\n      mean: 25\n"),
        ("    - id: pass\n      name: Wrap and pass\n      mean: 15\n", "    - <<: *till\n      id: pass\n      name: Wrap and pass\n"),
    )
    s = load_file(write(tmp_path, text))
    assert s.process.stations[2].mean == 25


def test_some_other_yaml_or_json_file(tmp_path):
    file, problems = problems_of(tmp_path, '{"name": "x", "version": 2}\n')
    assert only(problems) == f"{file}:1: not a scenario: no id, process, storyboard, ... at the top level"


def test_empty_file(tmp_path):
    file, problems = problems_of(tmp_path, "")
    assert only(problems) == f"{file}:1: the file is empty; a scenario is a mapping (id:, title:, ...)"


def test_comments_only_file_is_empty(tmp_path):
    file, problems = problems_of(tmp_path, "# yaml-language-server: $schema=scenario.schema.json\n\n")
    assert only(problems).startswith(f"{file}:1: the file is empty")


def test_top_level_list(tmp_path):
    file, problems = problems_of(tmp_path, "# a list\n- id: x\n- id: y\n")
    assert only(problems) == f"{file}:2: the top level must be a mapping of keys (id:, title:, ...), not a list"


def test_top_level_scalar(tmp_path):
    file, problems = problems_of(tmp_path, "just some words\n")
    assert only(problems) == f"{file}:1: the top level must be a mapping of keys (id:, title:, ...), not a single value (str)"


def test_not_utf8(tmp_path):
    file, problems = problems_of(tmp_path, VALID_TEXT.encode() + b"title2: caf\xe9\n")
    assert only(problems).startswith(f"{file}:{VALID_TEXT.count(chr(10)) + 1}: not valid UTF-8 text")


def test_huge_file_refused_by_size(tmp_path):
    p = tmp_path / "huge.yaml"
    with p.open("wb") as f:
        f.truncate(10 * 1024 * 1024)  # sparse: refused by size before a byte is read
    scenario, problems = check_file(p)
    assert scenario is None
    assert only(problems) == (
        f"{display_path(p)}: scenario file is too large (10,485,760 bytes; the limit is {MAX_SCENARIO_BYTES:,})"
    )


def test_directory_as_file(tmp_path):
    _scenario, problems = check_file(tmp_path)
    assert only(problems) == f"{display_path(tmp_path)}: is a directory, expected a scenario file"


def test_missing_file(tmp_path):
    p = tmp_path / "nope.yaml"
    _scenario, problems = check_file(p)
    assert only(problems) == f"{display_path(p)}: no such scenario file"
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_file(p)


def test_deeply_nested_yaml_is_a_problem_not_a_crash(tmp_path):
    file, problems = problems_of(tmp_path, "a:\n  b: " + "[" * 5000 + "]" * 5000 + "\n")
    assert only(problems) == f"{file}:2: nested more than 40 levels deep"


# ----------------------------------------------------------------------------- the schema line


def test_schema_line_required_only_when_asked(tmp_path):
    text = VALID_TEXT.split("\n", 1)[1]
    p = write(tmp_path, text)
    assert load_file(p).id == "fixture-sandwich-line"  # the game loads it
    _scenario, problems = check_file(p, require_schema_line=True)
    assert only(problems) == (
        f"{display_path(p)}:1: the first line should be '# yaml-language-server: $schema=scenario.schema.json'"
        " (with the path to the schema) so editors check keys as you type"
    )


def test_schema_line_with_a_relative_path_or_url(tmp_path):
    (tmp_path / "scenario.schema.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    for name, first in (
        ("a.yaml", "# yaml-language-server: $schema=scenario.schema.json"),
        ("sub/b.yaml", "# yaml-language-server: $schema=../scenario.schema.json"),
        ("c.yaml", "# yaml-language-server: $schema=https://example.org/scenario.schema.json"),
    ):
        p = write(tmp_path, first + "\n" + VALID_TEXT.split("\n", 1)[1], name)
        assert check_file(p, require_schema_line=True)[1] == []


def test_schema_line_naming_a_missing_file(tmp_path):
    p = write(tmp_path, "# yaml-language-server: $schema=../nowhere/scenario.schema.json\n" + VALID_TEXT.split("\n", 1)[1])
    _scenario, problems = check_file(p, require_schema_line=True)
    assert only(problems) == f"{display_path(p)}:1: the schema '../nowhere/scenario.schema.json' is not there, relative to this file"


# ----------------------------------------------------------------------------- never a traceback

yaml_bits = st.sampled_from(
    ["- ", ": ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "|", ">", "#", "'", '"', "\n", "  ", "\t",
     "---\n", "...\n", "%YAML 1.2\n", "1", "null", "true", "2026-01-01", "id", "process", "stations", "\\", "\x85", "\ufeff"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(yaml_bits, st.text(max_size=5)), max_size=40).map("".join))
def test_any_text_gives_problems_never_an_exception(text):
    scenario, problems = check_text(text, "f.yaml")
    assert (scenario is None) == bool(problems)
    for p in problems:
        assert "\n" not in str(p) and str(p).startswith("f.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_fixture_gives_problems_never_an_exception(data):
    lines = VALID_TEXT.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "dedent", "cut"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i][2:]
        else:
            lines[i] = lines[i][: len(lines[i]) // 2] + "\n"
        if not lines:
            break
    scenario, problems = check_text("".join(lines), "f.yaml")
    assert (scenario is None) == bool(problems)
    assert all("\n" not in str(p) for p in problems)


BUILTIN = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_builtin_scenarios_round_trip(path):
    s = load_file(path)
    assert loads(dumps(s)) == s


def test_a_list_as_a_key_is_a_problem_not_a_traceback():
    scenario, problems = check_text("? - - \n", "f.yaml")
    assert scenario is None and len(problems) == 1
    assert str(problems[0]).startswith("f.yaml") and "key" in str(problems[0])
