"""Cross-reference checks: each reported once, at the line of the offending key or item."""

from __future__ import annotations

import pytest
from scenario_helpers import edited, line_of, write

from dojo.scenarios.loader import check_file, display_path


def check(tmp_path, text) -> list[str]:
    p = write(tmp_path, text)
    scenario, problems = check_file(p)
    assert scenario is None
    return [str(x).removeprefix(display_path(p) + ":") for x in problems]


@pytest.mark.parametrize(
    "pairs, needle, expected",
    [
        pytest.param(
            [("    obstacle: bench-hunting\n    step: Put", "    obstacle: bench-huntng\n    step: Put")],
            "bench-huntng",
            "experiments.0.obstacle: unknown obstacle 'bench-huntng'; did you mean 'bench-hunting'?",
            id="experiment-obstacle",
        ),
        pytest.param(
            [("    reveals: [order-errors]\n  - id: watch", "    reveals: [order-errors, zzz]\n  - id: watch")],
            "zzz",
            "experiments.0.reveals.1: unknown obstacle 'zzz'; known: bench-hunting, order-errors",
            id="reveals",
        ),
        pytest.param(
            [("  focus_obstacle: bench-hunting", "  focus_obstacle: order-error")],
            "focus_obstacle",
            "storyboard.focus_obstacle: unknown obstacle 'order-error'; did you mean 'order-errors'?",
            id="focus-obstacle",
        ),
        pytest.param(
            [("      - station: bench", "      - station: oven")],
            "oven",
            "experiments.0.changes.0.station: unknown station 'oven'; known: till, bench, pass",
            id="experiment-station",
        ),
        pytest.param(
            [("      - field: arrivals.mean\n        scale: 0.9", "      - station: tills\n        field: cv\n        scale: 0.9")],
            "tills",
            "events.0.changes.0.station: unknown station 'tills'; did you mean 'till'?",
            id="event-station",
        ),
        pytest.param(
            [("      hidden: true\n", "      hidden: true\n    - id: bench-hunting\n      text: Again\n")],
            "- id: bench-hunting\n",
            "storyboard.obstacles.2.id: duplicate obstacle id 'bench-hunting' (also storyboard.obstacles.0)",
            id="duplicate-obstacle",
        ),
        pytest.param(
            [("  - id: watch-the-till", "  - id: fillings-in-reach")],
            "- id: fillings-in-reach\n",
            "experiments.1.id: duplicate experiment id 'fillings-in-reach' (also experiments.0)",
            id="duplicate-experiment",
        ),
        pytest.param(
            [("    - id: pass", "    - id: till")],
            "- id: till\n",
            "process.stations.2.id: duplicate station id 'till' (also process.stations.0)",
            id="duplicate-station",
        ),
        pytest.param(
            [("{last_learned}", "{zzzz}")],
            "{zzzz}",
            "responses.learned_deep.0: unknown placeholder {zzzz}; the placeholders are listed in"
            " dojo/scenarios/templates.py (FIELDS)",
            id="placeholder",
        ),
        pytest.param(
            [("{last_learned}", "{last_learned.__class__}")],
            "__class__",
            "responses.learned_deep.0: unknown placeholder {last_learned.__class__}; did you mean {last_learned}?",
            id="placeholder-attribute",
        ),
        pytest.param(
            [("  next_step_prediction: [\"{next_expected}.\"]\n", "")],
            "responses:",
            "responses.next_step_prediction: missing required response (every scenario needs the card-step responses)",
            id="missing-response",
        ),
        pytest.param(
            [('  go_see: ["Let\'s go and look at the bench."]', "  go_see: []")],
            "go_see",
            "responses.go_see: empty list; give at least one line",
            id="empty-response-list",
        ),
        pytest.param(
            [('  go_see: ["Let\'s go and look at the bench."]', '  go_see: ["  "]')],
            "go_see",
            "responses.go_see.0: empty response line",
            id="empty-response-line",
        ),
        pytest.param(
            [("  - cycle: 2", "  - cycle: 5")],
            "cycle: 5",
            "events.0.cycle: cycle 5 is after the last cycle (4)",
            id="event-cycle",
        ),
        pytest.param(
            [("  achieve_by: 2026-03-13", "  achieve_by: 2026-03-01")],
            "achieve_by: 2026",
            "target_condition.achieve_by: achieve_by 2026-03-01 is before start_date 2026-03-02",
            id="achieve-by",
        ),
        pytest.param(
            [("    kind: observe\n", "    kind: observe\n    changes: [{station: till, field: cv, set: 0}]\n")],
            "changes: [{station: till",
            "experiments.1.changes: an 'observe' step changes nothing; drop 'changes' or use kind: change",
            id="observe-with-changes",
        ),
    ],
)
def test_cross_reference(tmp_path, pairs, needle, expected):
    text = edited(*pairs)
    if needle.endswith("\n"):  # a whole line, to pick the second of two identical ids
        line = [i for i, s in enumerate(text.splitlines(), 1) if s + "\n" == "    " + needle or s.strip() + "\n" == needle]
        line_no = line[-1]
    else:
        line_no = line_of(text, needle)
    assert check(tmp_path, text) == [f"{line_no}: {expected}"]


def test_checks_run_even_when_other_fields_are_invalid(tmp_path):
    text = edited(("difficulty: beginner", "difficulty: 3"), ("    obstacle: bench-hunting\n    step: Put", "    obstacle: x\n    step: Put"))
    got = check(tmp_path, text)
    assert len(got) == 2
    assert got[1].startswith(f"{line_of(text, 'obstacle: x')}: experiments.0.obstacle: unknown obstacle 'x'")


def test_checks_tolerate_wrong_shapes(tmp_path):
    # every container a check looks into has the wrong type: pydantic reports, checks skip
    text = edited(
        ("  obstacles:\n    - id: bench-hunting", "  obstacles: 7\n  xobstacles:\n    - id: bench-hunting"),
        ("responses:\n", "responses: {}\nxresponses:\n"),
        ("events:\n", "events: nope\nxevents:\n"),
    )
    got = check(tmp_path, text)
    assert all(": " in g for g in got)
