"""Experiment and event changes are applied at load time, so an out-of-range change has a line."""

from __future__ import annotations

from pathlib import Path

from dojo.scenarios.loader import check_text

CELL = Path(__file__).resolve().parents[1] / "session" / "fixtures" / "cell.yaml"


def test_valid_changes_pass():
    scenario, problems = check_text(CELL.read_text(), "cell.yaml")
    assert problems == [] and scenario is not None


def test_a_change_out_of_range_is_reported_at_its_line():
    text = CELL.read_text().replace(
        "changes: [{station: pack, field: operators, set: 2}]", "changes: [{station: pack, field: operators, scale: 40}]"
    )
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "scale: 40" in row)
    _, problems = check_text(text, "cell.yaml")
    assert [str(p) for p in problems] == [
        f"cell.yaml:{line}: experiments.0.changes: applying these changes fails: "
        "stations.2.operators: Input should be less than or equal to 20"
    ]


def test_changes_that_only_fail_together_are_reported():
    text = CELL.read_text().replace(
        "changes: [{station: press, field: mean, scale: 1.2}]", "changes: [{station: pack, field: operators, scale: 15}]"
    )
    _, problems = check_text(text, "cell.yaml")
    assert len(problems) == 1
    assert "events.0.changes: applying these changes after the changes before it fails" in str(problems[0])
