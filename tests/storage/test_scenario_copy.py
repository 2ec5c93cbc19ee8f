"""A session keeps a copy of its scenario: resume, export, replay and import are exact against it.

The scenario file is edited (every learner reply reworded) or removed after some turns were
played; the session still replays to the replies it had, and a note says the file changed.
Older rows without a copy replay on the file, as before, and say so.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dojo.cli.main import main
from dojo.errors import UserError
from dojo.scenarios import registry
from dojo.scenarios.loader import dumps, load_file, loads
from dojo.scenarios.models import Scenario
from dojo.session.engine import Session
from dojo.storage.export import build_export, import_export, parse_export
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import open_store
from tests.storage import driver
from tests.storage.conftest import SCRIPT


@pytest.fixture
def mine(tmp_path, monkeypatch) -> Path:
    """The built-in assembly-cell scenario as the player's own file (it shadows the built-in one)."""
    d = tmp_path / "mine"
    d.mkdir()
    path = d / "cell.yaml"
    path.write_text(dumps(registry.load_scenario("assembly-cell")), encoding="utf-8")
    monkeypatch.setenv(registry.ENV_VAR, str(d))
    registry.clear_cache()
    yield path
    registry.clear_cache()


@pytest.fixture
def no_builtin(monkeypatch) -> None:
    monkeypatch.setattr(registry, "builtin_dir", lambda: None)


def reword(path: Path) -> None:
    """Every learner reply changed: replaying on the file would give other replies."""
    data = load_file(path).model_dump()
    data["responses"] = {k: [f"Changed: {v}" for v in vs] for k, vs in data["responses"].items()}
    path.write_text(dumps(Scenario.model_validate(data)), encoding="utf-8")
    registry.clear_cache()


def replies(turns) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in turns]


def play_some(store, path: Path, *, finish: bool = False) -> tuple[str, list[tuple[str, str]]]:
    scenario = registry.load_scenario("assembly-cell")
    assert registry.find_path("assembly-cell") == path
    session = Session(scenario, seed=11, clock=driver.Clock())
    rec = SessionRecorder.start(store, session, source="headless")
    for cycle in range(scenario.cycles if finish else 2):
        for line in SCRIPT[:4]:
            session.coach(line)
        if finish or cycle == 0:
            session.end_cycle()
    return rec.session_id, replies(session.turns)


def test_the_copy_is_stored_once_per_scenario_and_goes_with_the_last_session(tmp_path, mine) -> None:
    with open_store(tmp_path / "db.sqlite3") as store:
        a, _ = play_some(store, mine)
        b, _ = play_some(store, mine)
        assert store.execute("SELECT COUNT(*) FROM scenarios") == [(1,)]
        assert store.record(a).scenario_text == dumps(registry.load_scenario("assembly-cell"))
        store.delete(a)
        assert store.execute("SELECT COUNT(*) FROM scenarios") == [(1,)]
        store.delete(b)
        assert store.execute("SELECT COUNT(*) FROM scenarios") == [(0,)]


def test_resume_after_the_file_changed_replays_the_replies_as_played_and_says_so(tmp_path, mine) -> None:
    with open_store(tmp_path / "db.sqlite3") as store:
        sid, before = play_some(store, mine)
        reword(mine)
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=100))
        assert replies(resumed.session.turns) == before
        assert not any(text.startswith("Changed:") for _, text in before)
        assert resumed.scenario_changed
        assert "has changed since this session was played" in (resumed.note or "")
        resumed.session.coach("What did you learn?")  # the session goes on, on the scenario as played
        assert not resumed.session.turns[-1].text.startswith("Changed:")


def test_resume_after_the_file_was_removed_uses_the_copy(tmp_path, mine, no_builtin) -> None:
    with open_store(tmp_path / "db.sqlite3") as store:
        sid, before = play_some(store, mine)
        mine.unlink()
        registry.clear_cache()
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=100))
        assert replies(resumed.session.turns) == before
        assert "no longer on offer" in (resumed.note or "")


def test_an_unchanged_file_resumes_without_a_note(tmp_path, mine) -> None:
    with open_store(tmp_path / "db.sqlite3") as store:
        sid, before = play_some(store, mine)
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=100))
        assert replies(resumed.session.turns) == before
        assert not resumed.scenario_changed and resumed.note is None


def test_export_after_the_file_changed_is_the_session_as_played_and_says_so(tmp_path, mine, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DOJO_HOME", str(tmp_path / "home"))
    with open_store() as store:
        sid, before = play_some(store, mine, finish=True)
        played = build_export(store, sid)[0]
    reword(mine)
    with open_store() as store:
        export, warnings = build_export(store, sid)
    assert [(t.speaker, t.text) for t in export.turns] == before
    assert export.storyboard == played.storyboard and export.run_chart == played.run_chart
    assert any("has changed since this session was played" in w for w in warnings)
    assert main(["export", sid[:8], "--format", "md"]) == 0
    out = capsys.readouterr()
    assert "has changed since this session was played" in out.err
    assert "Changed:" not in out.out


def test_an_older_session_without_a_copy_replays_on_the_file_and_says_it_changed(tmp_path, mine) -> None:
    with open_store(tmp_path / "db.sqlite3") as store:
        sid, before = play_some(store, mine)
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    conn.execute("UPDATE sessions SET scenario_sha256 = NULL")
    conn.execute("DELETE FROM scenarios")
    conn.commit()
    conn.close()
    with open_store(tmp_path / "db.sqlite3") as store:
        assert store.record(sid).scenario_text is None
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=100))
        assert replies(resumed.session.turns) == before  # the same file: as before
        assert resumed.note is None
        store.abandon(sid)
    reword(mine)
    with open_store(tmp_path / "db.sqlite3") as store:
        conn = sqlite3.connect(tmp_path / "db.sqlite3")
        conn.execute("UPDATE sessions SET abandoned = 0, owner = NULL")
        conn.commit()
        conn.close()
        resumed = SessionRecorder.resume(store, sid, clock=driver.Clock(first=200))
        assert "kept no copy" in (resumed.note or "")


def test_a_version_2_database_is_migrated_and_its_sessions_have_no_copy(tmp_path) -> None:
    from dojo.storage import schema

    path = tmp_path / "dojo.sqlite3"
    conn = sqlite3.connect(path)
    for statements in schema.MIGRATIONS[:2]:
        for statement in statements:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions (id, kind, source, scenario_id, scenario_digest, seed, started_at, updated_at, n_actions) "
        "VALUES ('abc', 'practice', 'tui', 'assembly-cell', 'x', 3, 1800000000, 1800000000, 0)"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.execute("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
        assert store.record("abc").scenario_text is None


# --------------------------------------------------------------------------- import


def exported(tmp_path, mine, monkeypatch) -> dict:
    monkeypatch.setenv("DOJO_HOME", str(tmp_path / "home"))
    with open_store() as store:
        sid, _ = play_some(store, mine, finish=True)
        export, _ = build_export(store, sid)
    return json.loads(export.model_dump_json())


def test_an_import_carries_the_copy_and_replays_where_the_scenario_is_not_on_offer(tmp_path, mine, monkeypatch, no_builtin) -> None:
    data = exported(tmp_path, mine, monkeypatch)
    mine.unlink()
    registry.clear_cache()
    export = parse_export(json.dumps(data), "s.json")
    with open_store(tmp_path / "peer.sqlite3") as peer:
        sid, warnings = import_export(peer, export, "s.json")
        assert any("no longer on offer" in w for w in warnings)
        assert peer.record(sid).scenario_text == data["record"]["scenario_text"]
        again, _ = build_export(peer, sid)
    assert [t.text for t in again.turns] == [t["text"] for t in data["turns"]]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda t: dumps(loads(t).model_copy(update={"title": "Another title"})), "digest differs"),
        (lambda t: t + "\nnot_a_key: 1\n", "unknown key 'not_a_key'"),
        (lambda t: t.replace("id: assembly-cell", "id: other-cell", 1), "is 'other-cell', not 'assembly-cell'"),
        (lambda t: "a: &a [" + "x" * 100 + "]\nb: [*a" + ", *a" * 30_000 + "]\n", "not valid"),
        (lambda t: "!!python/object:os.system {}\n", "not valid"),
        (lambda t: "/etc/passwd", "not valid"),
        (lambda t: t + "#" * (600 * 1024), "the limit is 524,288"),
    ],
    ids=["edited", "invalid", "another-id", "alias-bomb", "tag", "a-path", "too-large"],
)
def test_an_import_whose_copy_is_tampered_with_is_refused_in_one_line(tmp_path, mine, monkeypatch, capsys, tamper, message) -> None:
    data = exported(tmp_path, mine, monkeypatch)
    data["record"]["scenario_text"] = tamper(data["record"]["scenario_text"])
    (tmp_path / "s.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("DOJO_HOME", str(tmp_path / "peer"))
    assert main(["import", str(tmp_path / "s.json")]) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    with open_store() as peer:
        assert peer.sessions() == []


def test_the_copy_as_played_is_what_is_checked(tmp_path, mine, monkeypatch) -> None:
    """Editing the file after the export does not make the import fail: the copy replays."""
    data = exported(tmp_path, mine, monkeypatch)
    reword(mine)
    with open_store(tmp_path / "peer.sqlite3") as peer:
        _, warnings = import_export(peer, parse_export(json.dumps(data)), "s.json")
    assert any("has changed since" in w for w in warnings)
    with pytest.raises(UserError, match="does not replay"):
        del data["record"]["scenario_text"]  # without the copy: the edited file replays otherwise
        with open_store(tmp_path / "peer2.sqlite3") as peer:
            import_export(peer, parse_export(json.dumps(data)), "s.json")
