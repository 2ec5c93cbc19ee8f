"""``dojo play --headless`` as a user runs it: real subprocesses, bad input gets one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CELL = ROOT / "tests" / "session" / "fixtures" / "cell.yaml"

SCRIPT = """\
# cycle 1
coach: What is the target condition?
learner: (ignored: the simulated learner answers)
What is the actual condition now?
How do you know?
What obstacles do you think are preventing you from reaching the target condition?
What is your next step?
What do you expect?
When can we go and see what we have learned from taking that step?
---
What is the target condition?
What did you plan as your last step?
What did you expect?
What actually happened?
What did you learn?
What is your next step?
---
"""


def dojo(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dojo", *args], capture_output=True, text=True, input=stdin, cwd=ROOT, env=env,
        timeout=120,
    )


@pytest.fixture
def script(tmp_path: Path) -> Path:
    p = tmp_path / "script.txt"
    p.write_text(SCRIPT)
    return p


def test_plays_a_whole_session_as_text(script):
    r = dojo("play", "--headless", "--scenario", str(CELL), "--script", str(script), "--seed", "4")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "── Cycle 1 ──" in out and "── Cycle 3 (uncoached) ──" in out
    assert "coach (target)" in out and "(chosen:" not in out and "[next_step]" not in out
    assert "Storyboard: Test cell" in out
    assert "Where the process ended:" in out
    assert "Coaching score:" in out
    assert "learner lines in the script were skipped" in r.stderr
    assert "Traceback" not in r.stderr


def test_json_output_is_complete_and_deterministic(script):
    args = ("play", "--headless", "--scenario", str(CELL), "--script", str(script), "--seed", "9", "--json")
    a, b = dojo(*args), dojo(*args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert data["seed"] == 9
    assert len(data["cycles"]) == 3
    assert data["turns"][0] == {
        "cycle": 1, "speaker": "coach", "text": "What is the target condition?", "label": "target",
        "confidence": data["turns"][0]["confidence"], "open": True, "situation": None, "yeti": False,
    }
    assert data["turns"][1]["speaker"] == "learner"
    assert set(data["debrief"]) >= {"score", "outcome", "phases", "cycles", "learner", "run_chart"}
    assert len(data["run_chart"]["runs"]) == 4


def test_jsonl_script_is_read_too(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text(
        '{"speaker": "coach", "text": "What is the target condition?"}\n'
        '{"speaker": "learner", "text": "ignored"}\n'
        '{"cycle_end": true}\n'
        '{"speaker": "coach", "text": "What did you learn?"}\n'
    )
    r = dojo("play", "--headless", "--scenario", str(CELL), "--script", str(p), "--seed", "1", "--json")
    assert r.returncode == 0, r.stderr
    assert [t["text"] for t in json.loads(r.stdout)["turns"] if t["speaker"] == "coach"] == [
        "What is the target condition?",
        "What did you learn?",
    ]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("unknown-scenario", "unknown scenario"),
        ("missing-script", "no such transcript"),
        ("empty-script", "has no utterances"),
        ("comments-only", "has no utterances"),
        ("not-utf8", "not valid UTF-8"),
        ("long-line", "characters long"),
        ("directory", "is a directory"),
        ("no-script-flag", "needs --script"),
        ("no-scenario-flag", "needs --scenario"),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(tmp_path, script, setup, message):
    scenario, path = str(CELL), str(script)
    extra: list[str] = []
    if setup == "unknown-scenario":
        scenario = "no-such-scenario"
    elif setup == "missing-script":
        path = str(tmp_path / "missing.txt")
    elif setup == "empty-script":
        (tmp_path / "e.txt").write_text("")
        path = str(tmp_path / "e.txt")
    elif setup == "comments-only":
        (tmp_path / "c.txt").write_text("# nothing\n\n---\n")
        path = str(tmp_path / "c.txt")
    elif setup == "not-utf8":
        (tmp_path / "b.txt").write_bytes(b"What is the target?\n\xff\xfe bad\n")
        path = str(tmp_path / "b.txt")
    elif setup == "long-line":
        (tmp_path / "l.txt").write_text("What " + "x" * 100_000 + "?\n")
        path = str(tmp_path / "l.txt")
    elif setup == "directory":
        path = str(tmp_path)
    args = ["play", "--headless"]
    if setup != "no-scenario-flag":
        args += ["--scenario", scenario]
    if setup != "no-script-flag":
        args += ["--script", path]
    r = dojo(*args, *extra)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("dojo: error: ")
    assert message in lines[0]


def test_the_game_refuses_an_unknown_scenario_before_opening_a_screen():
    r = dojo("play", "--scenario", "no-such-scenario", "--mode", "guided")
    assert r.returncode == 2
    assert r.stderr.startswith("dojo: error: unknown scenario 'no-such-scenario'")
    assert "Traceback" not in r.stderr
