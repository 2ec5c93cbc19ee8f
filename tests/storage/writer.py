"""One of several processes writing sessions into the same store at once (concurrency test).

``python tests/storage/writer.py DB NAME N DEBRIEF_JSON GO_FILE``: waits until GO_FILE exists,
then writes N sessions, each created, given 12 actions one transaction at a time, and
finished with the debrief; interleaved with reads (history, unfinished). Prints the ids.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ACTIONS = 12


def main(argv: list[str]) -> int:
    from dojo.session.debrief import Debrief
    from dojo.session.record import Action, SessionRecord
    from dojo.storage.sqlite import open_store

    db, name, n, debrief_file, go = argv[0], argv[1], int(argv[2]), argv[3], Path(argv[4])
    debrief = Debrief.model_validate_json(Path(debrief_file).read_text())
    store = open_store(db)
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        record = SessionRecord(scenario_id="assembly-cell", scenario_digest="x", seed=i, started_at=time.time())
        sid = store.create(record, title=f"{name}-{i}", source="headless")
        for k in range(ACTIONS):
            store.append(sid, k, Action(kind="coach", at=float(k), text=f"{name} {i} {k}"))
        if i % 5 == 0:
            store.history()
            store.unfinished()
        if i % 7 != 6:  # some stay unfinished
            store.finish(sid, debrief)
        print(sid, flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
