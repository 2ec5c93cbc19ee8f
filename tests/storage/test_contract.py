"""One store interface: every implementation of ``SessionStore`` keeps the same contract.

``IMPLEMENTATIONS`` names a factory for each implementation (the SQLite store and the
in-memory one; each must pass every test below). The tests use only the
protocol's verbs, and a second handle on the same place stands for another dojo process.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

from dojo.session.engine import Session
from dojo.session.record import Action
from dojo.storage.api import SessionStore, StoreError
from dojo.storage.memory import MemoryPlace, MemoryStore
from dojo.storage.sqlite import SqliteStore
from tests.storage import driver

#: In-memory places by directory: a second handle on the same directory shares the first's sessions.
_PLACES: dict[Path, MemoryPlace] = {}

#: name -> (the implementation's class, open a store kept under a directory).
IMPLEMENTATIONS: dict[str, tuple[type, Callable[[Path], SessionStore]]] = {
    "sqlite": (SqliteStore, lambda where: SqliteStore(where / "dojo.sqlite3")),
    "memory": (MemoryStore, lambda where: MemoryStore(_PLACES.setdefault(where, MemoryPlace()))),
}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def kind(request) -> str:
    return request.param


@pytest.fixture
def opener(kind, tmp_path):
    opened: list[SessionStore] = []

    def open_one() -> SessionStore:
        store = IMPLEMENTATIONS[kind][1](tmp_path)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


def _protocol_members() -> list[str]:
    return sorted(n for n in vars(SessionStore) if not n.startswith("_")) + ["warnings"]


def _played(scenario, seed: int = 3, cycles: int | None = None):
    """A session played for ``cycles`` cycles (all by default), and its debrief when it ended."""
    session = Session(scenario, seed=seed, clock=driver.Clock())
    events = []
    for _ in range(scenario.cycles if cycles is None else cycles):
        session.coach("What is the target condition?")
        session.coach("What is your next step?")
        events = session.end_cycle()
    return session, getattr(events[-1], "debrief", None)


def test_the_protocol_is_the_one_with_the_verbs_the_dojo_uses():
    members = _protocol_members()
    for verb in ("create", "append", "finish", "claim", "abandon", "unfinished", "sessions", "get", "record",
                 "debrief", "history", "add_note", "delete", "insert_complete", "close"):
        assert verb in members
    assert "begin" not in members  # the game's old second protocol is gone


def test_every_implementation_has_each_verb_with_the_protocols_signature(kind):
    cls = IMPLEMENTATIONS[kind][0]
    for name in _protocol_members():
        if name == "warnings":
            continue
        declared, implemented = getattr(SessionStore, name), getattr(cls, name, None)
        assert implemented is not None, f"{cls.__name__} lacks {name}"
        if isinstance(declared, property):
            assert isinstance(implemented, property), name
            continue
        want = [(p.name, p.kind, p.default) for p in inspect.signature(declared).parameters.values()]
        have = [(p.name, p.kind, p.default) for p in inspect.signature(implemented).parameters.values()]
        assert have == want, f"{cls.__name__}.{name}"


def test_a_store_is_an_instance_of_the_protocol(opener):
    store = opener()
    assert isinstance(store, SessionStore)
    assert store.warnings == [] and store.location


def test_a_played_session_is_kept_action_by_action_then_finished_with_its_debrief(opener, scenario):
    store = opener()
    session, debrief = _played(scenario)
    record = session.record.model_copy(update={"actions": []})
    sid = store.create(record, title="T", source="headless", session_id="ab" * 16)
    assert sid == "ab" * 16
    for seq, action in enumerate(session.record.actions):
        store.append(sid, seq, action)
    assert store.record(sid) == session.record
    assert [r.id for r in store.unfinished()] == [sid]
    store.finish(sid, debrief)
    row = store.get(sid)
    assert row.finished and row.score == debrief.score.score and row.title == "T"
    assert store.debrief(sid) == debrief and store.report(sid) == debrief.score
    assert store.unfinished() == []
    with pytest.raises(StoreError, match="has ended"):
        store.append(sid, len(session.record.actions), Action(kind="coach", at=1.0, text="x"))
    with pytest.raises(StoreError):
        store.claim(sid)
    store.finish(sid, debrief)  # finishing twice changes nothing
    assert store.get(sid).finished_at == row.finished_at


def test_actions_are_numbered_without_gaps_or_repeats(opener, scenario):
    store = opener()
    sid = store.create(Session(scenario, seed=1, clock=driver.Clock()).record)
    a = Action(kind="coach", at=1.0, text="What is the target condition?")
    store.append(sid, 0, a)
    for wrong in (0, 2):
        with pytest.raises(StoreError, match="expected action 2"):
            store.append(sid, wrong, a)
    assert len(store.record(sid).actions) == 1


def test_another_dojo_takes_a_session_over_and_the_first_stops_saving(opener, scenario):
    first, second = opener(), opener()
    session, _ = _played(scenario, cycles=1)
    sid = first.create(session.record)
    n = len(session.record.actions)
    with pytest.raises(StoreError, match="continued in another dojo"):
        second.claim(sid, actions=n - 1)  # listed before the last action: refused, nothing taken over
    first.append(sid, n, Action(kind="coach", at=99.0, text="What did you learn?"))
    assert second.claim(sid, actions=n + 1).actions[-1].text == "What did you learn?"
    with pytest.raises(StoreError, match="resumed by another dojo"):
        first.append(sid, n + 1, Action(kind="coach", at=100.0, text="And then?"))
    second.append(sid, n + 1, Action(kind="coach", at=100.0, text="And then?"))
    assert len(first.record(sid).actions) == n + 2  # every handle reads what was committed


def test_unfinished_abandon_resolve_notes_delete(opener, scenario):
    store = opener()
    done, debrief = _played(scenario, seed=4)
    sid = store.create(done.record)
    store.finish(sid, debrief)
    open_one = store.create(_played(scenario, seed=5, cycles=1)[0].record)
    assert [r.id for r in store.unfinished()] == [open_one]
    store.abandon(open_one)
    assert store.unfinished() == []
    assert store.resolve(sid[:10]) == sid
    note = store.add_note(sid, 1, "Wait for the answer")
    assert [n.text for n in store.notes(sid)] == ["Wait for the answer"] and store.get(sid).notes == 1
    store.delete_note(note.id)
    assert store.notes(sid) == []
    assert {r.id for r in store.sessions()} == {sid, open_one}
    store.delete(open_one)
    assert [r.id for r in store.sessions()] == [sid]
    with pytest.raises(StoreError):
        store.get(open_one)
    assert store.history().finished == 1


def test_a_real_conversation_is_kept_with_its_report_and_no_record(opener, scenario):
    store = opener()
    _, debrief = _played(scenario, seed=6)
    report = debrief.score
    sid = store.save_real(report, title="Monday huddle", started_at=1_700_000_000.0)
    row = store.get(sid)
    assert (row.kind, row.finished, row.score, row.title) == ("real", True, report.score, "Monday huddle")
    assert store.report(sid) == report and store.debrief(sid) is None
    with pytest.raises(StoreError, match="no replayable record"):
        store.record(sid)
    with pytest.raises(StoreError, match="no turn"):
        store.add_note(sid, len(report.turns), "one past the end")
    with pytest.raises(StoreError, match="empty"):
        store.add_note(sid, 0, "   ")
    assert store.resolve("last", finished=True) == sid


def _fill(store: SessionStore, scenario) -> None:
    """The same sessions, in the same order, whatever the store."""
    for seed in (1, 2, 3):
        session, debrief = _played(scenario, seed=seed)
        sid = store.create(session.record, title=f"seed {seed}", source="headless")
        store.finish(sid, debrief)
    store.create(_played(scenario, seed=4, cycles=1)[0].record)
    store.save_real(_played(scenario, seed=5)[1].score, title="real", started_at=1_700_000_000.0)


def test_every_implementation_lists_and_aggregates_the_same_sessions_the_same_way(tmp_path, scenario):
    seen = {}
    for kind, (_, open_one) in IMPLEMENTATIONS.items():
        where = tmp_path / kind
        where.mkdir()
        store = open_one(where)
        try:
            _fill(store, scenario)
            rows = sorted(  # sessions started at the same moment are listed by id: random ids, any order
                (r.model_dump(exclude={"id", "updated_at", "finished_at"}) for r in store.sessions()),
                key=lambda r: (r["started_at"], r["title"], r["seed"] or 0),
            )
            seen[kind] = (rows, store.history(recent=2), store.history(kind="practice", buckets=2))
        finally:
            store.close()
    first, *others = seen.values()
    assert first[1].finished == 4 and first[1].patterns  # something to agree on
    for other in others:
        assert other == first


# --------------------------------------------------------------------------- players and dojo plans


def _tagged(scenario, *, seed: int, player: str = "", plan: tuple[str, int] | None = None, cycles: int | None = None):
    from dojo.session.record import PlanTag

    session, debrief = _played(scenario, seed=seed, cycles=cycles)
    session.record.player = player
    if plan is not None:
        session.record.plan = PlanTag(plan_id=plan[0], round=plan[1], plan_digest="d" + plan[0])
    return session, debrief


def _fill_players(store: SessionStore, scenario) -> dict[str, str]:
    """Finished sessions of Ana (two, one for round 1 of a plan), Ben (round 1 and 2), one from before
    players, a real conversation of Ana's and an unfinished one of Ben's (round 2); name -> id."""
    ids = {}
    for name, seed, player, plan in (
        ("ana1", 1, "Ana", None), ("ana2", 2, "Ana", ("monday", 1)), ("ben1", 3, "Ben", ("monday", 1)),
        ("ben2", 4, "Ben", ("monday", 2)), ("old", 5, "", None),
    ):
        session, debrief = _tagged(scenario, seed=seed, player=player, plan=plan)
        ids[name] = store.create(session.record, title=name)
        store.finish(ids[name], debrief)
    ids["real"] = store.save_real(_played(scenario, seed=6)[1].score, title="real", player="Ana")
    ids["open"] = store.create(_tagged(scenario, seed=7, player="Ben", plan=("monday", 2), cycles=1)[0].record)
    return ids


def test_a_session_keeps_its_player_and_plan_round_in_its_record_and_row(opener, scenario):
    store = opener()
    session, debrief = _tagged(scenario, seed=2, player="Ana María", plan=("monday-dojo", 3))
    sid = store.create(session.record.model_copy(update={"actions": []}))
    for seq, action in enumerate(session.record.actions):
        store.append(sid, seq, action)
    store.finish(sid, debrief)
    assert store.record(sid) == session.record  # the plan's digest too
    row = store.get(sid)
    assert (row.player, row.plan_id, row.plan_round) == ("Ana María", "monday-dojo", 3)
    copy = store.insert_complete(
        kind="practice", source="import", title="", record=session.record, debrief=debrief, report=None, notes=[],
        started_at=session.record.started_at,
    )
    assert store.record(copy) == session.record and store.get(copy).plan_round == 3
    real = store.save_real(debrief.score, title="huddle", player="Ana María")
    assert (store.get(real).player, store.get(real).plan_id) == ("Ana María", None)


def test_sessions_unfinished_and_history_select_by_player_plan_and_round(opener, scenario):
    store = opener()
    ids = _fill_players(store, scenario)
    back = {v: k for k, v in ids.items()}

    def names(rows) -> set[str]:
        return {back[r.id] for r in rows}

    assert names(store.sessions()) == set(ids)
    assert names(store.sessions(player="Ana")) == {"ana1", "ana2", "real"}
    assert names(store.sessions(player="  ana ")) == {"ana1", "ana2", "real"}  # the same player: case, spaces
    assert names(store.sessions(player="")) == {"old"}  # saved before players
    assert names(store.sessions(player="Nobody")) == set()
    assert names(store.sessions(plan="monday")) == {"ana2", "ben1", "ben2", "open"}
    assert names(store.sessions(plan="monday", round=1)) == {"ana2", "ben1"}
    assert names(store.sessions(plan="monday", round=2, player="Ben")) == {"ben2", "open"}
    assert names(store.sessions(plan="tuesday")) == set()
    assert names(store.sessions(kind="real", player="Ana")) == {"real"}
    assert store.sessions(player="Ana", limit=1) == store.sessions(player="Ana")[-1:]  # the newest of hers
    assert {(r.player, r.plan_id, r.plan_round) for r in store.sessions(plan="monday", round=1)} == {
        ("Ana", "monday", 1), ("Ben", "monday", 1)}
    assert names(store.unfinished()) == {"open"}
    assert names(store.unfinished(player="Ben", plan="monday", round=2)) == {"open"}
    assert store.unfinished(player="Ana") == [] and store.unfinished(round=1) == []

    everyone, ana, ben, old = (store.history(), store.history(player="Ana"), store.history(player="Ben"),
                               store.history(player=""))
    assert (everyone.sessions, ana.sessions, ben.sessions, old.sessions) == (7, 3, 3, 1)
    assert (ana.real, ana.finished, ben.unfinished, ben.finished) == (1, 3, 1, 2)
    assert store.history(plan="monday", round=1).finished == 2
    scores = {back[r.id]: r.score for r in store.sessions()}
    assert ana.best == max(scores["ana1"], scores["ana2"], scores["real"])
    assert sum(p.sessions for p in ana.trend) == 3
    # the anti-patterns and feedback are the chosen sessions' only
    assert all(p.sessions <= 3 for p in ana.patterns) and all(f.sessions <= 3 for f in ana.feedback)
    assert all(p.sessions <= 1 for p in old.patterns)


def test_the_last_session_of_a_player(opener, scenario):
    store = opener()
    ids = _fill_players(store, scenario)
    assert store.resolve("last", finished=True, player="ben") == ids["ben2"]
    assert store.resolve("last", player="Ben") == ids["open"]
    assert store.resolve("last", finished=True, player="") == ids["old"]
    with pytest.raises(StoreError, match="no sessions of Zoe"):
        store.resolve("last", player="Zoe")
    assert store.resolve(ids["ana1"][:12], player="Ben") == ids["ana1"]  # an id names one session, whoever's
