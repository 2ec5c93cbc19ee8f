"""Another player, as the facilitator's screen sees one: a session for a plan round, saved through the store API."""

from __future__ import annotations

import functools
import itertools

from dojo.coaching.baseline import KeywordClassifier
from dojo.scenarios.registry import load_scenario
from dojo.session.engine import Session
from dojo.session.record import PlanTag
from dojo.storage.api import SessionStore
from dojo.storage.recorder import SessionRecorder

LINES = ["What is the target condition?", "What is the actual condition now?", "What is your next step?"]
_ticks = itertools.count()


@functools.cache
def _scenario():
    return load_scenario("assembly-cell")


def play_round(store: SessionStore, player: str, tag: PlanTag, *, finish: bool, seed: int = 41) -> str:
    """``player`` plays round ``tag`` (one question, or every cycle when ``finish``); the session's id."""
    session = Session(_scenario(), seed=seed, classifier=KeywordClassifier(), plan=tag,
                      clock=lambda: 1_800_000_000.0 + next(_ticks))
    session.record.player = player  # as the game does for the name chosen at start
    recorder = SessionRecorder.start(store, session, source="headless")
    session.coach(LINES[0])
    while finish and not session.ended:
        for line in LINES:
            session.coach(line)
        session.end_cycle()
    return recorder.session_id
