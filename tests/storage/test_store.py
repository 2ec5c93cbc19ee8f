"""The store's contract: actions saved as they happen, ownership, finishing, resolving ids, notes."""

from __future__ import annotations

import pytest

from dojo.coaching.labels import Label
from dojo.session.engine import Session
from dojo.session.record import Action
from dojo.storage.api import SessionStore, StoreError
from dojo.storage.recorder import SessionRecorder
from dojo.storage.schema import SCHEMA_VERSION
from dojo.storage.sqlite import open_store
from tests.storage import driver
from tests.storage.conftest import SCRIPT, play


def test_sqlite_store_implements_the_protocol(store):
    assert isinstance(store, SessionStore)


def test_new_database_is_wal_and_current_schema(store):
    assert store.execute("PRAGMA journal_mode") == [("wal",)]
    assert store.execute("PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_every_action_is_in_the_store_as_soon_as_the_engine_call_returns(store, scenario, tmp_path):
    session = Session(scenario, seed=3, clock=driver.Clock())
    rec = SessionRecorder.start(store, session)
    other = open_store(tmp_path / "dojo.sqlite3")  # another connection sees each commit
    for k, line in enumerate(SCRIPT, start=1):
        session.coach(line)
        assert len(other.record(rec.session_id).actions) == k
    session.relabel(Label.CLARIFY)
    assert other.record(rec.session_id).actions[-1].kind == "relabel"
    session.end_cycle()
    assert other.record(rec.session_id).actions == session.record.actions
    other.close()


def test_finished_session_keeps_score_summary_and_debrief(finished, store):
    row = store.get(finished.session_id)
    debrief = store.debrief(finished.session_id)
    assert row.finished and row.score == debrief.score.score
    assert row.criteria["coverage"] == debrief.score.criteria.coverage
    assert row.cycles == len(debrief.score.cycles)
    assert store.report(finished.session_id) == debrief.score
    (target,) = store.execute("SELECT step_target FROM sessions WHERE id = ?", (finished.session_id,))[0]
    assert target == next(s.score for s in debrief.score.steps if s.step.value == "target")
    patterns = dict(store.execute("SELECT pattern, count FROM patterns WHERE session_id = ?", (finished.session_id,)))
    assert patterns["telling"] == finished.session.scenario.cycles  # one "You should…" per cycle
    assert finished.session_id not in [r.id for r in store.unfinished()]


def test_append_refuses_gaps_duplicates_and_finished_sessions(finished, store, scenario):
    a = Action(kind="coach", at=1.0, text="x")
    with pytest.raises(StoreError, match="has ended"):
        store.append(finished.session_id, finished.saved, a)
    session = Session(scenario, seed=1, clock=driver.Clock())
    sid = store.create(session.record)
    store.append(sid, 0, a)
    with pytest.raises(StoreError, match="expected action 2"):
        store.append(sid, 0, a)
    with pytest.raises(StoreError, match="expected action 2"):
        store.append(sid, 5, a)
    assert len(store.record(sid).actions) == 1


def test_resuming_elsewhere_takes_the_session_over(store, scenario, tmp_path):
    rec = play(store, scenario, cycles=1)
    errors: list[str] = []
    rec._on_error = errors.append
    other = open_store(tmp_path / "dojo.sqlite3")
    resumed = SessionRecorder.resume(other, rec.session_id, clock=driver.Clock(first=100))
    assert driver.fingerprint(resumed.session) == driver.fingerprint(rec.session)
    rec.session.coach("What is the target condition?")  # the first copy can no longer save
    assert errors and "resumed by another dojo" in errors[0]
    resumed.session.coach("What did you learn?")
    assert other.record(rec.session_id).actions[-1].text == "What did you learn?"
    other.close()


def test_recorder_without_on_error_raises(store, scenario, tmp_path):
    rec = play(store, scenario, cycles=1)
    other = open_store(tmp_path / "dojo.sqlite3")
    other.claim(rec.session_id)
    with pytest.raises(StoreError):
        rec.session.coach("What is the target condition?")
    other.close()


def test_unfinished_and_abandon(store, scenario):
    rec = play(store, scenario, cycles=2)
    assert [r.id for r in store.unfinished()] == [rec.session_id]
    assert store.unfinished()[0].actions == len(rec.session.record.actions)
    store.abandon(rec.session_id)
    assert store.unfinished() == []
    store.claim(rec.session_id)  # resuming an abandoned one is still possible
    assert [r.id for r in store.unfinished()] == [rec.session_id]


def test_resolve_ids_prefixes_and_last(store, scenario):
    a = play(store, scenario, cycles=1, seed=1).session_id
    b = play(store, scenario, cycles=1, seed=2).session_id
    assert store.resolve(a) == a and store.resolve(a[:8].upper()) == a
    assert store.resolve("last") == b
    with pytest.raises(StoreError, match="not a session id"):
        store.resolve("zz'; DROP TABLE sessions; --")
    with pytest.raises(StoreError, match="no session"):
        store.resolve("0" * 32 if not a.startswith("0" * 32) else "f" * 32)
    common = next((k for k in range(1, 8) if a[:k] != b[:k]), None)
    if common and common > 1:
        with pytest.raises(StoreError, match="ambiguous"):
            store.resolve(a[: common - 1])


def test_notes_are_kept_validated_and_ordered(finished, store):
    sid = finished.session_id
    store.add_note(sid, 3, "Second note", author="Ana")
    store.add_note(sid, 0, "First")
    assert [(n.turn, n.text, n.author) for n in store.notes(sid)] == [(0, "First", ""), (3, "Second note", "Ana")]
    assert store.get(sid).notes == 2
    with pytest.raises(StoreError, match="empty"):
        store.add_note(sid, 0, "   ")
    with pytest.raises(StoreError, match="no turn"):
        store.add_note(sid, len(finished.session.turns), "x")
    store.delete_note(store.notes(sid)[0].id)
    assert len(store.notes(sid)) == 1


def test_real_conversation_is_kept_apart(store):
    from dojo.coaching.scorer import score_transcript
    from dojo.transcript import parse

    report = score_transcript(parse("\n".join(SCRIPT)))
    sid = store.save_real(report, title="monday.txt")
    row = store.get(sid)
    assert (row.kind, row.scenario, row.finished, row.score) == ("real", "real", True, report.score)
    assert store.report(sid) == report
    assert store.unfinished() == []
    with pytest.raises(StoreError, match="real conversation"):
        store.record(sid)


def test_a_session_killed_before_its_debrief_was_stored_is_finished_on_resume(store, scenario):
    """The last end_cycle committed, the process died before finish(): resuming finishes it, and so does
    listing what can be resumed (the game's home screen), which then does not offer it."""
    from dojo.storage.recorder import resumable

    for listing in (False, True):
        session = Session(scenario, seed=8, clock=driver.Clock())
        sid = store.create(session.record)
        for _ in range(scenario.cycles):
            session.coach("What is the target condition?")
            session.end_cycle()
        for k, action in enumerate(session.record.actions):
            store.append(sid, k, action)
        assert session.ended and not store.get(sid).finished
        if listing:
            assert resumable(store) == []
        else:
            resumed = SessionRecorder.resume(store, sid)
            assert resumed.session.ended
        row = store.get(sid)
        assert row.finished and row.score == store.debrief(sid).score.score
