"""Loading plan files: a valid plan loads with its digest; every bad input is one FILE:LINE problem, never a traceback."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dojo.plans.loader import MAX_PLAN_BYTES, PlanError, check_file, check_text, load_file, loads
from dojo.plans.models import Plan
from dojo.yamldata import display_path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "plans" / "listening-dojo.yaml"

GOOD = """\
# yaml-language-server: $schema=plan.schema.json
id: two-rounds
title: Two rounds
rounds:
  - title: First
    scenario: assembly-cell
    seed: 7
    minutes: 15
    focus: ask for evidence
  - title: Second
    scenario: hospital-lab
    seed: 8
    mode: guided
    minutes: 10
    focus: >-
      listen for the
      prediction
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems_of(tmp_path: Path, text: str, **kw) -> tuple[str, list[str]]:
    p = write(tmp_path, text)
    found, problems = check_file(p, **kw)
    assert found is None
    assert problems, "expected problems"
    return display_path(p), [str(x) for x in problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_valid_plan_loads_with_the_sha256_of_its_text_as_digest(tmp_path):
    found = load_file(write(tmp_path, GOOD))
    assert found.plan.id == "two-rounds"
    assert [r.scenario for r in found.plan.rounds] == ["assembly-cell", "hospital-lab"]
    assert found.plan.rounds[0].mode == "free" and found.plan.rounds[1].mode == "guided"
    assert found.digest == hashlib.sha256(GOOD.encode()).hexdigest()
    assert found.plan.rounds[1].focus == "listen for the prediction"  # one line, as screens show it


def test_the_tag_names_plan_round_and_digest_and_refuses_a_round_the_plan_lacks(tmp_path):
    found = loads(GOOD)
    tag = found.tag(2)
    assert (tag.plan_id, tag.round, tag.plan_digest) == ("two-rounds", 2, found.digest)
    with pytest.raises(ValueError, match="rounds 1 to 2"):
        found.tag(3)


def test_an_edited_plan_has_another_digest():
    assert loads(GOOD).digest != loads(GOOD.replace("seed: 8", "seed: 9")).digest


def test_the_shipped_example_plan_is_valid_with_its_schema_line():
    found, problems = check_file(EXAMPLE, require_schema_line=True)
    assert problems == [] and found is not None
    assert len(found.plan.rounds) == 3


def test_a_round_naming_an_unknown_scenario_is_reported_at_its_line_with_the_round(tmp_path):
    text = GOOD.replace("scenario: hospital-lab", "scenario: hospital-lob")
    file, problems = problems_of(tmp_path, text)
    assert problems == [
        f"{file}:{line_of(text, 'hospital-lob')}: rounds.1.scenario: round 2 names an unknown scenario "
        "'hospital-lob'; did you mean 'hospital-lab'?; known: assembly-cell, hospital-lab, review-queue"
    ]


def test_a_round_whose_scenario_file_is_broken_says_so(tmp_path, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "broken-one.yaml").write_text("id: broken-one\ntitle: [\n", encoding="utf-8")
    monkeypatch.setenv("DOJO_SCENARIOS", str(own))
    text = GOOD.replace("scenario: hospital-lab", "scenario: broken-one")
    _, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    assert "round 2 names scenario 'broken-one', whose file has problems:" in problems[0]


def test_every_model_problem_is_collected_each_at_its_line(tmp_path):
    text = GOOD.replace("id: two-rounds", "id: Two Rounds").replace("seed: 7", "seed: -1").replace(
        "mode: guided", "mode: guidd").replace("minutes: 10", "minutes: 10\n    colour: red")
    file, problems = problems_of(tmp_path, text)
    assert problems == [
        f"{file}:{line_of(text, 'id: Two')}: id: should be an id: lower-case letters, digits and '-', starting with a letter (got 'Two Rounds')",
        f"{file}:{line_of(text, 'seed: -1')}: rounds.0.seed: Input should be greater than or equal to 0 (got -1)",
        f"{file}:{line_of(text, 'guidd')}: rounds.1.mode: should be one of 'free', 'guided' (got 'guidd'); did you mean 'guided'?",
        f"{file}:{line_of(text, 'colour')}: rounds.1.colour: unknown key 'colour'; allowed here: title, scenario, seed, mode, minutes, focus",
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id: a\nid: b\n", 2, "duplicate key: 'id' is given twice (the mapping starts at line 1)"),
        ("- a\n- b\n", 1, "the top level must be a mapping of keys (id:, title:, rounds:), not a list"),
        ("id: x\nrounds: [\n", 3, "YAML syntax error"),
        ("", 1, "the file is empty; a plan is a mapping (id:, title:, rounds:)"),
        ("id: assembly-cell\ntitle: a scenario\nprocess: {}\n", 1, "not a plan: no rounds at the top level"),
        ("id: x\ntitle: t\nrounds: []\n", 3, "rounds: List should have at least 1 item after validation, not 0"),
        ("id: x\ntitle: t\nrounds:\n  - {title: a, scenario: assembly-cell, seed: 1, minutes: 600, focus: f}\n", 4,
         "rounds.0.minutes: Input should be less than or equal to 180 (got 600)"),
        ("id: x\ntitle: t\nrounds:\n  - {title: a, scenario: assembly-cell, seed: 1, minutes: 5, focus: '  '}\n", 4,
         "rounds.0.focus: should be some text, not only spaces"),
    ],
)
def test_bad_files_are_one_line_each_with_file_and_line(tmp_path, text, line, message):
    file, problems = problems_of(tmp_path, text)
    assert problems[0].startswith(f"{file}:{line}: {message}"), problems
    assert all("\n" not in p for p in problems)


def test_yaml_tags_are_refused_never_constructed(tmp_path):
    text = "id: !!python/object/apply:os.system ['touch pwned']\ntitle: t\nrounds: []\n"
    file, problems = problems_of(tmp_path, text)
    assert f"{file}:1: YAML tags are not allowed in plan files (found !!python/object/apply:os.system); write plain values" in problems
    assert not (tmp_path / "pwned").exists()


def test_aliases_that_expand_too_far_are_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    lines += ["rounds: *a8"]
    _, problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{display_path(tmp_path / 'plan.yaml')}: the document expands to more than ")
    assert problems[0].endswith("(recursive or repeated aliases?)")


def test_a_file_too_large_missing_or_a_directory_is_one_line(tmp_path):
    big = write(tmp_path, "#" * (MAX_PLAN_BYTES + 1), "big.yaml")
    assert [str(p) for p in check_file(big)[1]] == [
        f"{display_path(big)}: plan file is too large ({MAX_PLAN_BYTES + 1:,} bytes; the limit is {MAX_PLAN_BYTES:,})"
    ]
    assert [str(p) for p in check_file(tmp_path / "nope.yaml")[1]] == [f"{display_path(tmp_path / 'nope.yaml')}: no such plan file"]
    assert "is a directory" in str(check_file(tmp_path)[1][0])


def test_plan_error_is_one_line_naming_how_to_see_the_rest(tmp_path):
    p = write(tmp_path, GOOD.replace("seed: 7", "seed: -1").replace("seed: 8", "seed: -2"))
    with pytest.raises(PlanError) as info:
        load_file(p)
    assert "\n" not in str(info.value)
    assert str(info.value).endswith(f"(and 1 more problem; see: dojo plans validate {display_path(p)})")


def test_the_schema_line_is_checked_only_when_asked(tmp_path):
    text = GOOD.split("\n", 1)[1]
    assert check_text(text, "p.yaml")[1] == []
    problems = check_text(text, "p.yaml", require_schema_line=True)[1]
    assert [str(p) for p in problems] == [
        "p.yaml:1: the first line should be '# yaml-language-server: $schema=plan.schema.json' "
        "(with the path to the schema) so editors check keys as you type"
    ]


def test_the_model_is_what_the_loader_validates():
    assert Plan.model_validate(loads(GOOD).plan.model_dump()) == loads(GOOD).plan
