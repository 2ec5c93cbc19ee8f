"""A player that never stops: plays sessions through the store until it is killed.

``python tests/storage/driver.py DB SEED`` plays the built-in assembly-cell scenario
with a deterministic plan of actions (see :func:`plan`), saving every action through a
:class:`SessionRecorder`, and after each engine call prints ``<session id> <actions
saved> <fingerprint of the state>``. When a session ends it starts the next one. The
kill-and-resume test kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dojo.coaching.card import read_aloud  # noqa: E402 - once the project is on the path

SCENARIO = "assembly-cell"
START = 1_800_000_000.0
STEP = 10.0

LINES = [
    *read_aloud()[:2],
    "How do you know?",
    *read_aloud()[2:],
    "You should add a second operator.",
    "Have you tried moving the tester?",
    "Are you sure?",
    "Über 5 % <b>mehr</b> \"quotes\" & [bold]emoji[/bold] 🙂",
]


class Clock:
    """START, START + STEP, START + 2 STEP, … from reading ``first`` on."""

    def __init__(self, first: int = 0) -> None:
        self._ticks = itertools.count(first)

    def __call__(self) -> float:
        return START + STEP * next(self._ticks)


def plan(seed: int, n: int = 400) -> list[tuple[str, str]]:
    """A deterministic list of (kind, text) actions: coach lines, relabels and cycle ends."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    since_end = 0
    while len(out) < n:
        r = rng.random()
        if since_end >= 3 and r < 0.15:
            out.append(("end_cycle", ""))
            since_end = 0
        elif since_end >= 1 and r < 0.22:
            out.append(("relabel", rng.choice(["clarify", "target", "next_step", "other"])))
        else:
            out.append(("coach", rng.choice(LINES)))
            since_end += 1
    return out


def apply(session, action: tuple[str, str]) -> None:
    from dojo.coaching.labels import Label
    from dojo.errors import UserError

    kind, text = action
    try:
        if kind == "coach":
            session.coach(text)
        elif kind == "relabel":
            session.relabel(Label(text))
        else:
            session.end_cycle()
    except UserError:
        pass  # e.g. nothing to relabel: the engine refuses and records nothing


def fingerprint(session) -> str:
    state = {
        "turns": [(t.index, t.cycle, t.speaker, t.text, t.label, t.at, t.corrected, t.key) for t in session.turns],
        "storyboard": session.storyboard().model_dump(),
        "run_chart": session.run_chart().model_dump(),
        "learner": session.learner.state.model_dump(),
        "cycle": session.cycle,
        "ended": session.ended,
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:16]


def main(argv: list[str]) -> int:
    from dojo.scenarios.registry import load_scenario
    from dojo.session.engine import Session
    from dojo.storage.recorder import SessionRecorder
    from dojo.storage.sqlite import open_store

    db, seed = argv[0], int(argv[1])
    store = open_store(db)
    scenario = load_scenario(SCENARIO)
    for game in itertools.count():
        session = Session(scenario, seed=seed + game, clock=Clock())
        recorder = SessionRecorder.start(store, session, source="headless")
        print(f"start {recorder.session_id} {seed + game}", flush=True)
        for action in plan(seed + game):
            if session.ended:
                break
            apply(session, action)
            print(f"{recorder.session_id} {recorder.saved} {fingerprint(session)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
