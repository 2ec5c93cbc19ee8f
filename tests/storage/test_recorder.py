"""One recorder, driven by the engine's events, for headless play and the game alike."""

from __future__ import annotations

import sys
import threading

import pytest

from dojo.coaching.baseline import KeywordClassifier
from dojo.session import events as ev
from dojo.session.engine import Session
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import SqliteStore, open_store
from dojo.tui.app import DojoApp
from dojo.tui.messages import SavingStopped
from tests.storage import driver

LINES = ["What is the target condition?", "What is the actual condition now?", "What is your next step?"]


@pytest.fixture
def writes(monkeypatch):
    """Every write of a played session: (verb, the calling module, the thread, the session id, seq)."""
    seen: list[tuple[str, str, str, str, int | None]] = []
    for verb in ("create", "append", "finish"):
        original = getattr(SqliteStore, verb)

        def spy(self, *args, _verb=verb, _original=original, **kw):
            caller = sys._getframe(1).f_globals["__name__"]
            sid = kw.get("session_id") if _verb == "create" else args[0]
            seq = args[1] if _verb == "append" else None
            seen.append((_verb, caller, threading.current_thread().name, sid, seq))
            return _original(self, *args, **kw)

        monkeypatch.setattr(SqliteStore, verb, spy)
    return seen


def _game(store, **kw) -> DojoApp:
    """The real game started on the assembly cell; the caller drives it inside ``run_test``."""
    return DojoApp(player="Tester", store=store, classifier=KeywordClassifier(), live=False, catalog=list,
                   scenario=driver.SCENARIO, seed=4, clock=driver.Clock(), **kw)


async def _session_of(pilot):
    for _ in range(100):
        await pilot.pause()
        if pilot.app.session is not None:
            return pilot.app.session
    raise AssertionError("the game did not start the session")


async def test_headless_play_and_the_game_save_through_the_same_recorder(tmp_path, writes, monkeypatch, capsys):
    from dojo.cli.main import main

    started: list[str] = []
    original = SessionRecorder.__init__

    def init(self, *args, **kw):
        started.append(kw.get("source", "tui"))
        original(self, *args, **kw)

    monkeypatch.setattr(SessionRecorder, "__init__", init)
    script = tmp_path / "s.txt"
    script.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "play", "--headless", "--scenario", driver.SCENARIO, "--script",
                 str(script), "--seed", "7"]) == 0
    assert "saved session" in capsys.readouterr().err
    headless = list(writes)
    assert started == ["headless"] and headless

    writes.clear()
    store = open_store(data / "dojo.sqlite3")
    app = _game(store)
    async with app.run_test(size=(100, 30)) as pilot:
        session = await _session_of(pilot)
        for line in LINES:
            session.coach(line)
        while not session.ended:
            session.end_cycle()
        assert app.flush_store()
    game = list(writes)
    assert started == ["headless", "tui"] and game

    for seen in (headless, game):
        assert {caller for _, caller, *_ in seen} == {"dojo.storage.recorder"}  # no other saving path
        verbs = [verb for verb, *_ in seen]
        assert verbs[0] == "create" and verbs[-1] == "finish" and set(verbs[1:-1]) == {"append"}
        seqs = [seq for verb, _, _, _, seq in seen if verb == "append"]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # in the engine's order, no gaps
    assert {thread for _, _, thread, *_ in headless} == {"MainThread"}  # headless: at once
    assert all(thread.startswith("dojo-store") for _, _, thread, *_ in game)  # the game: its one store thread
    rows = store.sessions()
    assert [r.source for r in rows] == ["headless", "tui"] and all(r.finished for r in rows)
    assert store.record(rows[1].id).actions == session.record.actions
    store.close()


def test_the_debrief_kept_is_the_one_the_engine_built_nothing_is_replayed(store, scenario, monkeypatch):
    def no_replay(*_args, **_kw):
        raise AssertionError("a live session must not be replayed to be saved")

    monkeypatch.setattr(Session, "replay", no_replay)
    session = Session(scenario, seed=2, clock=driver.Clock())
    rec = SessionRecorder.start(store, session, source="headless")
    ended = []
    while not session.ended:
        session.coach("What is the target condition?")
        ended = session.end_cycle()
    assert isinstance(ended[-1], ev.SessionEnded)
    assert store.debrief(rec.session_id) == ended[-1].debrief
    assert store.get(rec.session_id).finished and rec.finished and rec.written


async def test_a_failure_in_the_game_is_posted_back_as_a_message_and_the_game_goes_on(store, tmp_path):
    messages: list[object] = []
    app = _game(store)
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        session = await _session_of(pilot)
        session.coach(LINES[0])
        assert app.flush_store()
        sid = app.recorder.session_id
        other = open_store(tmp_path / "dojo.sqlite3")
        other.claim(sid, actions=1)  # continued in another dojo
        session.coach(LINES[1])
        assert app.flush_store()
        for _ in range(5):
            await pilot.pause()
        stopped = [m for m in messages if isinstance(m, SavingStopped)]
        assert len(stopped) == 1 and "resumed by another dojo" in stopped[0].problem
        assert not app.recorder.written
        session.coach(LINES[2])  # the game goes on, nothing more is written
        assert app.flush_store()
        for _ in range(3):
            await pilot.pause()
        assert len([m for m in messages if isinstance(m, SavingStopped)]) == 1  # told once
    assert len(other.record(sid).actions) == 1
    other.close()


async def test_continuing_from_home_refuses_a_session_continued_elsewhere_since_it_was_listed(store, scenario,
                                                                                              tmp_path):
    from dojo.storage.recorder import resumable
    from dojo.tui.messages import StartSession

    session = Session(scenario, seed=6, clock=driver.Clock())
    rec = SessionRecorder.start(store, session)
    session.coach(LINES[0])
    (listed,) = resumable(store)
    session.coach(LINES[1])  # the first dojo plays on after the list was shown
    app = DojoApp(player="Tester", store=store, classifier=KeywordClassifier(), live=False, catalog=list)
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(StartSession(driver.SCENARIO, "free", listed.record.seed, saved=listed))
        for _ in range(30):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert app.session is None  # not continued: the player is told and stays home
    session.coach(LINES[2])  # the first dojo still owns it and keeps saving
    assert len(store.record(rec.session_id).actions) == 3 and rec.written
