"""The storage commands as a user runs them: real subprocesses on the test's private DOJO_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """\
What is the target condition?
What is the actual condition now?
What obstacles do you think are preventing you from reaching the target condition?
Have you tried moving the tester?
What is your next step?
What do you expect?
When can we go and see what we have learned from taking that step?
---
What is the target condition?
What did you plan as your last step?
What did you expect?
What actually happened?
What did you learn?
You should add a second operator.
What is your next step?
---
"""


def dojo(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dojo", *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=120,
    )


def one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: "), r.stderr
    return lines[0]


@pytest.fixture
def script(tmp_path: Path) -> Path:
    p = tmp_path / "script.txt"
    p.write_text(SCRIPT)
    return p


def play(script: Path, *extra: str, seed: str = "4") -> subprocess.CompletedProcess:
    r = dojo("play", "--headless", "--scenario", "assembly-cell", "--script", str(script), "--seed", seed, *extra)
    assert r.returncode == 0, r.stderr
    return r


def history() -> list[dict]:
    r = dojo("history", "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_history_is_empty_at_first_and_uses_dojo_home():
    assert history() == []
    assert "DOJO_HOME" in os.environ
    r = dojo("history")
    assert r.returncode == 0 and "No sessions yet" in r.stdout


def test_headless_play_saves_unless_no_save(script, tmp_path):
    play(script, "--no-save")
    assert not (Path(os.environ["DOJO_HOME"]) / "dojo.sqlite3").exists()
    assert history() == []
    r = play(script)
    assert "saved session" in r.stderr
    rows = history()
    assert len(rows) == 1
    row = rows[0]
    for key in ("id", "scenario", "started", "score", "kind", "finished", "title", "criteria", "source"):
        assert key in row
    assert row["scenario"] == "assembly-cell" and row["kind"] == "practice" and row["finished"] is True
    assert row["source"] == "headless" and isinstance(row["score"], int) and row["started"].endswith("Z")
    assert row["id"][:8] in r.stderr


def test_score_save_marks_real_conversations_apart_and_history_shows_both(script):
    play(script)
    r = dojo("score", str(script), "--save")
    assert r.returncode == 0 and "saved as real conversation" in r.stderr
    r = dojo("score", "-", "--save", "--json", stdin=SCRIPT)
    assert r.returncode == 0 and json.loads(r.stdout)["score"] >= 0
    rows = history()
    assert [row["kind"] for row in rows] == ["practice", "real", "real"]
    assert rows[1]["title"] == "script.txt" and rows[2]["title"] == "standard input"
    summary = json.loads(dojo("history", "--json", "--summary").stdout)
    assert summary["sessions"] == 3 and summary["real"] == 2 and summary["practice"] == 1
    assert {s["step"] for s in summary["steps"]} >= {"target", "go_see"}
    assert any(p["pattern"] in ("leading", "telling") for p in summary["patterns"])
    assert summary["practise_next"]["text"]
    assert [r["kind"] for r in json.loads(dojo("history", "--json", "--kind", "real").stdout)] == ["real", "real"]
    text = dojo("history").stdout
    for part in ("Score trend", "Card steps", "anti-patterns", "Practise next", "real", "practice"):
        assert part in text


def test_export_formats_to_stdout_and_file_and_import(script, tmp_path):
    play(script)
    md = dojo("export", "last")
    assert md.returncode == 0 and md.stdout.startswith("# Coaching practice session")
    r = dojo("export", "last", "--format", "html", "-o", str(tmp_path / "s.html"))
    assert r.returncode == 0 and (tmp_path / "s.html").read_text().startswith("<!DOCTYPE html>")
    r = dojo("export", "last", "-f", "json", "-o", str(tmp_path / "s.json"))
    assert r.returncode == 0
    r = dojo("import", str(tmp_path / "s.json"))
    assert r.returncode == 0 and r.stdout.startswith("imported session")
    assert len(history()) == 2


def test_notes_from_the_command_line(script):
    play(script)
    sid = history()[0]["id"]
    r = dojo("notes", sid[:6], "--turn", "3", "Ask <which> one & why 🙂")
    assert r.returncode == 0, r.stderr
    r = dojo("notes", sid[:6])
    assert "turn   3: Ask <which> one & why 🙂" in r.stdout
    assert "Ask &lt;which&gt; one &amp; why 🙂" in dojo("export", sid, "-f", "html").stdout
    assert history()[0]["notes"] == 1
    assert "--turn must be from 1 to" in one_line_error(dojo("notes", sid, "--turn", "999", "x"))
    assert "give both" in one_line_error(dojo("notes", sid, "--turn", "2"))


@pytest.mark.parametrize(
    "args, message",
    [
        (("export", "nosuch"), "not a session id"),
        (("export", "abc123"), "no session"),
        (("export", "last"), "no sessions stored yet"),
        (("import", "/nonexistent/x.json"), "no such session export"),
        (("history", "--summary"), "--summary goes with --json"),
    ],
)
def test_user_errors_are_one_line(args, message):
    assert message in one_line_error(dojo(*args))


def test_import_of_a_bad_file_is_one_line_and_writes_nothing(tmp_path, script):
    play(script)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kata-dojo-session", "version": 7}')
    assert "version 7 is not supported" in one_line_error(dojo("import", str(bad)))
    bad.write_text("<html>")
    assert "not JSON" in one_line_error(dojo("import", str(bad)))
    assert len(history()) == 1


def test_export_to_an_unwritable_place_is_one_line(script, tmp_path):
    play(script)
    assert "is a directory" in one_line_error(dojo("export", "last", "-o", str(tmp_path)))
