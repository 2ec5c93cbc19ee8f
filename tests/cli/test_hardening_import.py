"""An imported session is checked against what a real session can hold; what is stored is rebuilt, not trusted.

Each crafted file is imported by the real command: one line on standard error, a non-zero
exit, nothing written (``dojo history --json`` stays empty) and no hang.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dojo(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("source-home")
    r = dojo("play", "--headless", "--scenario", "assembly-cell", "--script",
             str(ROOT / "examples" / "assembly-cell-good.txt"), "--seed", "11", home=home)
    assert r.returncode == 0, r.stderr
    out = home / "s.json"
    assert dojo("export", "last", "--format", "json", "-o", str(out), home=home).returncode == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _import_text(text: str, tmp_path: Path, timeout: float = 60) -> tuple[subprocess.CompletedProcess, Path]:
    f = tmp_path / "crafted.json"
    f.write_text(text, encoding="utf-8")
    home = tmp_path / "home"
    return dojo("import", str(f), home=home, timeout=timeout), home


def _refused(r: subprocess.CompletedProcess, home: Path, match: str) -> None:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: "), r.stderr
    assert match in lines[0], lines[0]
    h = dojo("history", "--json", home=home)
    assert h.returncode == 0 and json.loads(h.stdout) == [], "nothing was written"


def _edit(good: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(good)
    change(data)
    return json.dumps(data)  # \uXXXX escapes: a lone surrogate can be written


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node: Any = data
        for key in head:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


CASES = [
    ("a start time of 1e300", _set("session.started_at", 1e300), "1e+300"),
    ("an action time of -5", _set("record.actions.0.at", -5.0), "not a time between 1970 and 2100"),
    ("a seed of 2**80", _set("record.seed", 2**80), "does not fit in 64 bits"),
    ("a session seed of 2**80", _set("session.seed", 2**80), "does not fit in 64 bits"),
    ("version true", _set("version", True), "version true is not supported"),
    ("a record version true", _set("record.version", True), "true is not an integer"),
    ("a lone surrogate in a note", _set("notes", [{"turn": 0, "text": "\ud800", "author": "", "at": 1.7e9}]),
     "lone surrogate"),
    ("a tampered learner line in the debrief", _set("debrief.score.turns.1.text", "I have no idea, you tell me."),
     "does not match the replay"),
    ("a tampered transcript", _set("turns.1.text", "I have no idea, you tell me."), "does not replay"),
    ("an id that is a path", lambda d: (_set("session.scenario", "/etc/passwd")(d),
                                          _set("record.scenario_id", "/etc/passwd")(d)), "is not a scenario id"),
    ("too many actions", lambda d: d["record"].__setitem__("actions", d["record"]["actions"] * 40),
     "a session holds at most"),
]


@pytest.mark.parametrize("name, change, match", CASES, ids=[c[0] for c in CASES])
def test_a_crafted_import_is_one_line_and_writes_nothing(good, tmp_path, name, change, match) -> None:
    r, home = _import_text(_edit(good, change), tmp_path)
    _refused(r, home, match)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinite_chart_values_are_refused(good, tmp_path, literal) -> None:
    text = _edit(good, _set("debrief.run_chart.runs.0.stat", "__X__")).replace('"__X__"', literal)
    r, home = _import_text(text, tmp_path)
    _refused(r, home, f"{literal} is not a number")


def test_json_nested_1500_deep_and_a_5000_digit_number_are_one_line(tmp_path) -> None:
    deep = '{"format": "kata-dojo-session", "version": 1, "x": ' + "[" * 1500 + "]" * 1500 + "}"
    r, home = _import_text(deep, tmp_path)
    _refused(r, home, "nested")
    r, home = _import_text('{"format": "kata-dojo-session", "version": 1, "seed": ' + "9" * 5000 + "}", tmp_path)
    _refused(r, home, "not a session export")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_scenario_id_naming_a_fifo_is_never_opened(good, tmp_path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    r, home = _import_text(_edit(good, lambda d: (_set("session.scenario", str(fifo))(d),
                                                  _set("record.scenario_id", str(fifo))(d))), tmp_path, timeout=30)
    _refused(r, home, "is not a scenario id")


def test_negative_chart_values_are_never_shown_the_replayed_debrief_is_kept(good, tmp_path) -> None:
    def negative(d: dict[str, Any]) -> None:
        d["debrief"]["run_chart"]["runs"][0]["stat"] = -40.0
        d["debrief"]["score"]["score"] = 100 if d["debrief"]["score"]["score"] != 100 else 0
    r, home = _import_text(_edit(good, negative), tmp_path)
    assert r.returncode == 0, r.stderr
    assert "the replayed one was kept" in r.stderr
    stored = dojo("export", "last", "--format", "json", home=home)
    data = json.loads(stored.stdout)
    assert data["debrief"] == good["debrief"], "what is stored is the replay, not the file"
    assert dojo("history", home=home).returncode == 0
    assert dojo("export", "last", "--format", "html", home=home).returncode == 0


def test_an_untouched_export_imports_without_warnings(good, tmp_path) -> None:
    r, _home = _import_text(json.dumps(good, ensure_ascii=False), tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr
