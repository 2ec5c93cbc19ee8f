"""Values the YAML parser accepts but no scenario can hold: each is one problem at its line, never a traceback.

Impossible dates, time zones a day or more off, integers with thousands of digits, and
targets that validate but would break play (NaN, infinities, -1e308, a start in 9999) are
refused by ``loads``; symlink loops and names longer than a file system allows are one line
from the real command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_helpers import VALID_TEXT, edited, line_of

from dojo.scenarios import registry
from dojo.scenarios.loader import ScenarioError, loads

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(registry.ENV_VAR, raising=False)
    registry.clear_cache()


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        loads(text, "s.yaml")
    return [str(p) for p in info.value.problems]


BAD_SCALARS = [
    ("start_date: 2026-03-02", "start_date: 2026-02-30", "day is out of range"),
    ("start_date: 2026-03-02", "start_date: 2026-13-02", "month must be in 1..12"),
    ("start_date: 2026-03-02", "start_date: 0000-03-02", "year 0 is out of range"),
    ("start_date: 2026-03-02", "start_date: 2026-03-02T10:00:00+25:00", "time zone offset"),
    ("start_date: 2026-03-02", "start_date: 2026-03-02 10:00:00 +99", "time zone offset"),
    ("cycles: 4", "cycles: " + "9" * 5000, "too large a number"),
    ("cycles: 4", "cycles: 0x" + "f" * 5000, "too large a number"),
    ("cycles: 4", "cycles: 123456789012345678901", "too large a number"),
]


@pytest.mark.parametrize("old, new, message", BAD_SCALARS, ids=[c[1][:30] for c in BAD_SCALARS])
def test_a_value_no_python_type_can_hold_is_one_problem_at_its_line(old: str, new: str, message: str) -> None:
    text = edited((old, new))
    [problem] = problems_of(text)
    assert problem.startswith(f"s.yaml:{line_of(text, new[:12])}: ")
    assert message in problem
    assert len(problem) < 200, "a 5,000-digit value is shortened in the message"


UNPLAYABLE = [
    ("  value: 180", "  value: .nan", "target_condition.value", "finite"),
    ("  value: 180", "  value: .inf", "target_condition.value", "finite"),
    ("  value: 180", "  value: -.inf", "target_condition.value", "finite"),
    ("  value: 180", "  value: -1e308", "target_condition.value", "greater than or equal to 0"),
    ("  value: 180", "  value: 1e308", "target_condition.value", "less than or equal to"),
    ("start_date: 2026-03-02", "start_date: 9999-12-20", "start_date", "2099-12-31"),
    ("  achieve_by: 2026-03-13", "  achieve_by: 1969-12-31", "target_condition.achieve_by", "1970-01-01"),
]


@pytest.mark.parametrize("old, new, path, message", UNPLAYABLE, ids=[c[1].strip() for c in UNPLAYABLE])
def test_a_value_that_would_break_play_is_refused_at_its_line(old: str, new: str, path: str, message: str) -> None:
    text = edited((old, new))
    if "start_date: 9999" in new:  # the achieve-by date after it, so only the range is wrong
        text = text.replace("achieve_by: 2026-03-13", "achieve_by: 9999-12-31")
    problems = problems_of(text)
    line = line_of(text, new.strip())
    assert any(p.startswith(f"s.yaml:{line}: {path}: ") and message in p for p in problems), problems


def test_the_edge_of_the_date_range_still_plays() -> None:
    from dojo.session.headless import play_script
    from dojo.transcript import parse

    text = VALID_TEXT.replace("start_date: 2026-03-02", "start_date: 2099-12-01").replace(
        "achieve_by: 2026-03-13", "achieve_by: 2099-12-31")
    scenario = loads(text, "s.yaml")
    result = play_script(scenario, parse("What is the target condition?\n---\nWhat is the actual condition now?\n"), seed=1)
    assert result.debrief is not None


def dojo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dojo", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60, env={**os.environ, **(env or {})})


def one_line(r: subprocess.CompletedProcess) -> str:
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    lines = [line for line in (r.stdout + r.stderr).strip().splitlines() if not line.endswith("scenario file")]
    assert len(lines) == 1, r.stdout + r.stderr
    return lines[0]


def test_a_symlink_loop_and_a_name_too_long_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    long = "x" * 300
    assert "symbolic links" in one_line(dojo("scenarios", "validate", str(tmp_path / "a.yaml")))
    assert "symbolic links" in one_line(dojo("play", "--headless", "--no-save", "--scenario", str(tmp_path / "a.yaml"),
                                             "--script", "examples/assembly-cell-good.txt"))
    assert "File name too long" in one_line(dojo("scenarios", "validate", str(tmp_path / f"{long}.yaml")))
    assert "unknown scenario" in one_line(dojo("play", "--headless", "--no-save", "--scenario", long,
                                               "--script", "examples/assembly-cell-good.txt"))
    assert "DOJO_SCENARIOS" in one_line(dojo("scenarios", "list", env={registry.ENV_VAR: str(tmp_path / long)}))
    assert "no such user" in one_line(dojo("scenarios", "list", env={registry.ENV_VAR: "~nouser-dojo-test/x"}))


def test_an_alias_repeating_a_big_string_is_refused_while_parsing(tmp_path: Path) -> None:
    """250 kB repeated 40,000 times is 10 GB expanded; the size is counted as the aliases are read."""
    big = "word " * 50_000
    text = VALID_TEXT.replace("challenge:", f'x_big: &big "{big}"\nchallenge:', 1)
    text = text.replace("start_date:", "x_many: [" + ", ".join(["*big"] * 40_000) + "]\nstart_date:", 1)
    path = tmp_path / "alias.yaml"
    path.write_text(text, encoding="utf-8")
    code = ("import resource, sys; from dojo.scenarios.loader import check_file; "
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            f"print(check_file({str(path)!r})[1][0])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.returncode == 0, r.stderr[-500:]  # within 1 GB of address space: nothing was expanded
    assert "expands to more than 2,000,000 characters" in r.stdout


def test_a_file_with_more_keys_and_values_than_a_scenario_holds_is_refused_while_parsing() -> None:
    text = VALID_TEXT + "".join(f"extra{i}: 1\n" for i in range(6_000))
    [problem] = problems_of(text)
    assert "more than 10,000 keys and values" in problem


def test_thousands_of_unknown_keys_are_each_reported_once() -> None:
    text = VALID_TEXT + "".join(f"extra{i}: 1\n" for i in range(3_000))
    problems = problems_of(text)
    assert sum("unknown key 'extra" in p for p in problems) == 3_000


@pytest.mark.parametrize("old, new", [("\ntitle: ", "\ntitle: ! "), ("  value: 180", "  value: ! 180"),
                                      ("learner:\n", "learner: !\n")])
def test_the_non_specific_tag_is_a_tag_too(old: str, new: str) -> None:
    text = edited((old, new))
    problems = problems_of(text)
    assert f"s.yaml:{line_of(text, new.strip())}: YAML tags are not allowed in scenario files (found !)" in " ".join(problems)


@pytest.mark.parametrize("old, new", [
    ("  - id: fillings-in-reach\n", "  - id: [/]\n"),
    ("    - id: order-errors\n", "    - id: {a: 1}\n"),
    ("  focus_obstacle: bench-hunting\n", "  focus_obstacle: [bench-hunting]\n"),
])
def test_a_list_or_mapping_where_an_id_belongs_is_a_problem_not_a_crash(old: str, new: str) -> None:
    assert problems_of(edited((old, new)))


def test_a_list_as_an_id_in_alternatives_is_a_problem_not_a_crash() -> None:
    text = VALID_TEXT + "alternatives:\n  focus_obstacle: [[a], {b: 1}]\n  effects:\n    - experiment: [x]\n      variants: [[]]\n"
    assert problems_of(text)


def test_a_process_at_every_maximum_is_refused_for_the_work_one_run_would_take() -> None:
    from dojo.sim.model import MAX_EVENTS_PER_RUN

    stations = "".join(f"    - id: s{i}\n      name: S\n      mean: 50\n      operators: 20\n      batch_size: 500\n"
                       f"      breakdowns: {{mtbf: 160, mttr: 10}}\n" for i in range(12))
    text = VALID_TEXT
    start, end = text.index("  stations:\n"), text.index("start_date:")
    text = text[:start].replace("units: 120", "units: 5000") + "  stations:\n" + stations + text[end:]
    problems = problems_of(text)
    assert any("process: a run would take about" in p and f"at most {MAX_EVENTS_PER_RUN:,}" in p for p in problems), problems


def test_the_built_in_scenarios_take_a_small_part_of_the_bound() -> None:
    from dojo.scenarios.loader import load_file
    from dojo.sim.model import MAX_EVENTS_PER_RUN

    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        assert load_file(path).process.expected_events() < MAX_EVENTS_PER_RUN / 10, path
