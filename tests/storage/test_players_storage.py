"""Players and dojo plan rounds in the SQLite store: the migration, the recorder, exports and imports."""

from __future__ import annotations

import json
import sqlite3

import pytest

from dojo.errors import UserError
from dojo.render import render
from dojo.session.engine import Session
from dojo.session.record import PlanTag
from dojo.storage import schema
from dojo.storage.export import build_export, import_export, parse_export
from dojo.storage.recorder import SessionRecorder
from dojo.storage.sqlite import open_store
from tests.storage import driver
from tests.storage.conftest import SCRIPT


def _play(store, scenario, *, player: str = "", plan: PlanTag | None = None, seed: int = 5, cycles: int | None = None):
    session = Session(scenario, seed=seed, clock=driver.Clock(), player=player, plan=plan)
    rec = SessionRecorder.start(store, session, source="headless")
    for _ in range(scenario.cycles if cycles is None else cycles):
        for line in SCRIPT:
            session.coach(line)
        session.end_cycle()
    return rec


def test_a_version_3_database_is_migrated_and_its_sessions_have_no_player_and_no_plan(tmp_path) -> None:
    path = tmp_path / "dojo.sqlite3"
    conn = sqlite3.connect(path)
    for statements in schema.MIGRATIONS[:3]:
        for statement in statements:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions (id, kind, source, scenario_id, scenario_digest, seed, started_at, updated_at, n_actions) "
        "VALUES ('abc', 'practice', 'tui', 'assembly-cell', 'x', 3, 1800000000, 1800000000, 0)"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.execute("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)] and schema.SCHEMA_VERSION >= 4
        row = store.get("abc")
        assert (row.player, row.plan_id, row.plan_round) == ("", None, None)
        record = store.record("abc")
        assert (record.player, record.plan) == ("", None)
        assert [r.id for r in store.sessions(player="")] == ["abc"] and store.sessions(player="Ana") == []
        assert store.history(player="").sessions == 1


def test_the_recorder_writes_the_player_and_plan_round_on_the_record(store, scenario) -> None:
    tag = PlanTag(plan_id="monday", round=2, plan_digest="abc123")
    rec = _play(store, scenario, player="Ana", plan=tag)
    assert rec.session.record.player == "Ana" and rec.session.record.plan == tag
    assert store.record(rec.session_id).plan == tag
    row = store.get(rec.session_id)
    assert (row.player, row.plan_id, row.plan_round, row.finished) == ("Ana", "monday", 2, True)


def test_a_bad_player_value_in_the_database_is_named_not_a_traceback(tmp_path, scenario) -> None:
    path = tmp_path / "dojo.sqlite3"
    with open_store(path) as store:
        sid = _play(store, scenario, player="Ana").session_id
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET player = ? WHERE id = ?", ("x" * 500, sid))
    conn.commit()
    conn.close()
    with open_store(path) as store, pytest.raises(UserError, match=f"{sid[:8]}.*sessions.player.*dojo delete"):
        store.record(sid)


def _json(store, sid) -> dict:
    return json.loads(render(build_export(store, sid)[0], "json"))


def test_an_export_carries_the_player_and_plan_round_and_an_import_keeps_them(store, scenario) -> None:
    sid = _play(store, scenario, player="Ana María", plan=PlanTag(plan_id="monday", round=1, plan_digest="d1")).session_id
    data = _json(store, sid)
    assert (data["session"]["player"], data["session"]["plan_id"], data["session"]["plan_round"]) == (
        "Ana María", "monday", 1)
    new, _ = import_export(store, parse_export(json.dumps(data)))
    again = _json(store, new)
    for d in (data, again):
        d.pop("exported_at")
        d["session"].pop("id")
    assert again == data
    assert {r.id for r in store.sessions(plan="monday", round=1, player="ana maría")} == {sid, new}


def test_a_real_conversation_keeps_its_player_through_export_and_import(store, scenario) -> None:
    debrief = store.debrief(_play(store, scenario, seed=6).session_id)  # any finished session's report will do
    assert debrief is not None
    real = store.save_real(debrief.score, title="huddle", player="Ben")
    data = _json(store, real)
    assert data["session"]["player"] == "Ben"
    new, _ = import_export(store, parse_export(json.dumps(data)))
    assert store.get(new).player == "Ben" and store.get(new).kind == "real"


def test_an_export_made_before_players_still_imports_with_no_player(store, scenario) -> None:
    data = _json(store, _play(store, scenario).session_id)
    for key in ("player", "plan_id", "plan_round"):
        data["session"].pop(key)
    for key in ("player", "plan"):
        data["record"].pop(key)
    new, _ = import_export(store, parse_export(json.dumps(data)))
    assert (store.get(new).player, store.get(new).plan_id) == ("", None)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d["session"].update(player="Eve"), "not the record's"),
        (lambda d: d["session"].update(plan_round=3), "not the record's"),
        (lambda d: (d["session"].update(player="a\x1b[2Jb"), d["record"].update(player="a\x1b[2Jb")),
         "player: player name .*U\\+001B is not a printable"),
        (lambda d: (d["session"].update(player=" Ana"), d["record"].update(player=" Ana")), "spaces around"),
        (lambda d: d["record"].update(player="x" * 41), "record.player"),
    ],
)
def test_an_import_with_a_player_or_plan_that_does_not_fit_is_refused(store, scenario, change, match) -> None:
    data = _json(store, _play(store, scenario, player="Ana", plan=PlanTag(plan_id="monday", round=1)).session_id)
    change(data)
    before = len(store.sessions())
    with pytest.raises(UserError, match=match) as err:
        import_export(store, parse_export(json.dumps(data), "peer.json"), "peer.json")
    assert str(err.value).startswith("peer.json") and "\n" not in str(err.value)
    assert len(store.sessions()) == before
