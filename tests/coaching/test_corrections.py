"""Corrections (ctrl+r) are the player's own data: kept in the store, exported for retraining."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dojo.coaching.labels import Label
from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import open_store

ROOT = Path(__file__).resolve().parents[2]


def test_corrections_are_exported_as_json_lines(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    store = open_store(home / "dojo.sqlite3")
    session = Session(load_scenario("assembly-cell"), seed=3)
    SessionRecorder.start(store, session, source="headless")
    session.coach("What is the target condition?")
    session.coach("hmm, so what's in the way of that, would you say?")
    heard = session.turns[-2].label
    fix = Label.OBSTACLES if heard is not Label.OBSTACLES else Label.CLARIFY
    session.relabel(fix)
    store.close()

    env = {**os.environ, "DOJO_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "dojo", "classify", "--corrections"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["text"] == "hmm, so what's in the way of that, would you say?"
    assert row["heard"] == heard.value and row["corrected_to"] == fix.value
    assert len(row["top"]) == 3


def test_corrections_take_no_other_option():
    proc = subprocess.run(
        [sys.executable, "-m", "dojo", "classify", "--corrections", "--evaluate"], cwd=ROOT, capture_output=True,
        text=True, timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_the_engine_hears_a_line_against_what_the_learner_just_said():
    session = Session(load_scenario("hospital-lab"), seed=5)
    session.coach("What obstacles do you think are preventing you from reaching the target condition?")
    reply = session.turns[-1].text
    context = session._context()
    assert context.previous == reply
    assert Label.OBSTACLES in context.asked
    events = session.coach("Which one are you addressing now?")
    assert session.turns[-2].label is Label.OBSTACLES
    heard = events[0]
    assert heard.because or heard.why
    assert session.record.actions[-1].heard is not None and len(session.record.actions[-1].heard.top) == 3
