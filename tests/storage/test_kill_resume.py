"""Kill -9 a real dojo process at random moments; the session resumes exactly.

The driver (``driver.py``) plays sessions through the store and prints, after each
engine call, how many actions were saved and a fingerprint of the whole state. The test
kills it with SIGKILL at a random moment, then checks that:

- the database is intact and the session is offered for resuming (a session is written with its
  first action: killed before one, it is not there at all);
- the saved actions are exactly a prefix of the driver's plan, and at most the action in
  flight is missing (saved ≥ last printed count; one more is possible: committed, not printed);
- restoring from the store gives the same state as an uninterrupted replay of the saved
  actions, and as the driver had at that count;
- resuming and playing the rest of the plan ends with the same debrief as one
  uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import open_store
from tests.storage import driver

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _live(seed: int, n_actions: int) -> tuple[Session, int]:
    """An uninterrupted session: the plan played live until ``n_actions`` are recorded.
    Returns the session and how many plan items were used."""
    session = Session(load_scenario(driver.SCENARIO), seed=seed, clock=driver.Clock())
    used = 0
    for action in driver.plan(seed):
        if session.ended or len(session.record.actions) >= n_actions:
            break
        driver.apply(session, action)
        used += 1
    return session, used


def _run_and_kill(db: Path, seed: int, delay: float) -> list[list[str]]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "storage" / "driver.py"), str(db), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()  # blocks until the first session exists
        assert first.startswith("start "), proc.stderr.read()
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    lines = [first.split()] + [line.split() for line in out.splitlines()]
    # The last line may have been cut mid-write by the kill.
    return [parts for parts in lines if parts and ((parts[0] == "start" and len(parts) == 3) or (len(parts) == 3 and len(parts[2]) == 16))]


@pytest.mark.parametrize("round_", range(8))
def test_kill_minus_nine_then_resume_exactly(tmp_path: Path, round_: int):
    rng = random.Random(1000 + round_)
    db = tmp_path / "dojo.sqlite3"
    seed = rng.randrange(1, 10_000)
    lines = _run_and_kill(db, seed, delay=rng.uniform(0.0, 1.2))

    starts = [p for p in lines if p[0] == "start"]
    sid, game_seed = starts[-1][1], int(starts[-1][2])
    printed = [(int(n), fp) for s, n, fp in (p for p in lines if p[0] != "start") if s == sid]
    last_printed = printed[-1][0] if printed else 0

    with open_store(db) as store:
        assert store.warnings == []
        assert store.execute("PRAGMA integrity_check") == [("ok",)]
        # Every earlier session of this run finished completely.
        for _, earlier, _ in starts[:-1]:
            row = store.get(earlier)
            assert row.finished and row.score is not None
        if sid not in [r.id for r in store.sessions()]:  # killed before its first action: nothing to keep
            assert last_printed == 0
            return
        record = store.record(sid)
        saved = len(record.actions)
        assert last_printed <= saved <= last_printed + 1, "more than the action in flight was lost"
        if saved:
            assert sid in [r.id for r in store.unfinished()] or store.get(sid).finished

        # The saved actions are the plan's, in order, exactly (text, label, time).
        reference, used = _live(game_seed, saved)
        assert [a.model_dump() for a in record.actions] == [a.model_dump() for a in reference.record.actions]

        # Restored from the store == an uninterrupted run of the same actions == what the driver had.
        restored = Session.restore(record, load_scenario(driver.SCENARIO))
        assert driver.fingerprint(restored) == driver.fingerprint(reference)
        by_count = dict(printed)
        if saved in by_count:
            assert driver.fingerprint(restored) == by_count[saved]

        if store.get(sid).finished:
            return
        # Resume and play the rest: the same ending as one uninterrupted run.
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=saved + 1))
        assert not resumed.scenario_changed
        assert driver.fingerprint(resumed.session) == driver.fingerprint(reference)
        for action in driver.plan(game_seed)[used:]:
            if resumed.session.ended:
                break
            driver.apply(resumed.session, action)
        full, _ = _live(game_seed, 10**9)
        assert driver.fingerprint(resumed.session) == driver.fingerprint(full)
        row = store.get(sid)
        assert row.actions == len(full.record.actions)
        assert row.finished == full.ended
