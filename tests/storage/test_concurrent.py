"""Several dojo processes on one data directory: nobody's sessions are lost or mixed up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dojo.storage.sqlite import open_store
from tests.storage.conftest import play
from tests.storage.writer import ACTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_three_processes_write_many_sessions_at_once(tmp_path, scenario):
    db = tmp_path / "dojo.sqlite3"
    with open_store(db) as store:
        rec = play(store, scenario, cycles=scenario.cycles)
        debrief = store.debrief(rec.session_id)
    debrief_file = tmp_path / "debrief.json"
    debrief_file.write_text(debrief.model_dump_json())
    go = tmp_path / "go"
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "storage" / "writer.py"), str(db), name, str(n), str(debrief_file), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        for name in ("ana", "ben", "cho")
    ]
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    ids = {name: out.split() for name, (out, _) in zip(("ana", "ben", "cho"), outs)}
    with open_store(db) as store:
        assert store.execute("PRAGMA integrity_check") == [("ok",)]
        rows = {r.id: r for r in store.sessions()}
        assert len(rows) == 1 + 3 * n
        for name, sids in ids.items():
            assert len(sids) == n
            for i, sid in enumerate(sids):
                row = rows[sid]
                assert row.title == f"{name}-{i}"
                assert row.finished == (i % 7 != 6)
                record = store.record(sid)
                assert [a.text for a in record.actions] == [f"{name} {i} {k}" for k in range(ACTIONS)]
        history = store.history()
        assert history.sessions == 1 + 3 * n
        assert history.finished == 1 + sum(1 for i in range(n) if i % 7 != 6) * 3
