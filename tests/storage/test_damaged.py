"""A database that cannot be used is set aside (never deleted) with a clear message; a newer one is refused untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.storage import schema
from dojo.storage.api import NewerSchemaError, StoreError
from dojo.storage.sqlite import open_store
from tests.storage.conftest import play

ROOT = Path(__file__).resolve().parents[2]


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _kept(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if ".damaged-" in p.name)


def _fresh_and_kept(db: Path, original: bytes | None = None) -> None:
    with open_store(db) as store:
        assert len(store.warnings) == 1
        msg = store.warnings[0]
        assert "moved to" in msg and "fresh one" in msg and "\n" not in msg
        assert store.sessions() == []
        assert store.execute("PRAGMA integrity_check") == [("ok",)]
    kept = _kept(db)
    assert kept and str(kept[0]) in msg  # the message says where it went
    if original is not None:
        assert kept[0].read_bytes() == original  # set aside byte for byte


def test_garbage_bytes(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    data = b"this is not a database\x00\xff" * 200
    db.write_bytes(data)
    _fresh_and_kept(db, data)


def test_truncated_file(tmp_path, scenario):
    db = tmp_path / "dojo.sqlite3"
    with open_store(db) as store:
        for seed in range(4):
            play(store, scenario, seed=seed)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    assert len(data) > 8192
    db.write_bytes(data[: len(data) // 2 + 100])
    _fresh_and_kept(db, data[: len(data) // 2 + 100])


def test_damaged_pages(tmp_path, scenario):
    db = tmp_path / "dojo.sqlite3"
    with open_store(db) as store:
        for seed in range(3):
            play(store, scenario, seed=seed)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    for k in range(2, len(data) // page):  # scribble over every page but the first
        data[k * page + 10 : k * page + 60] = os.urandom(50)
    db.write_bytes(bytes(data))
    _fresh_and_kept(db, bytes(data))


def test_wal_and_shm_files_move_with_the_database(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    db.write_bytes(b"garbage" * 100)
    Path(f"{db}-wal").write_bytes(b"wal bytes")
    _fresh_and_kept(db)
    kept = _kept(db)
    assert any(p.name.endswith("-wal") and p.read_bytes() == b"wal bytes" for p in kept)


def test_a_directory_where_the_file_should_be(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    db.mkdir()
    (db / "something.txt").write_text("kept")
    _fresh_and_kept(db)
    assert (_kept(db)[0] / "something.txt").read_text() == "kept"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_no_permission_is_not_damage(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    with open_store(db):
        pass
    files = {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()}
    db.chmod(0)
    try:
        with pytest.raises(StoreError, match=r"cannot be read .*nothing was changed"):
            open_store(db)
    finally:
        db.chmod(0o600)
    assert _kept(db) == [] and {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()} == files


def test_no_permission_as_the_store_sees_it_is_not_damage(tmp_path, monkeypatch):
    """The same path when the test runs as root: the store is told the file is not writable."""
    db = tmp_path / "dojo.sqlite3"
    with open_store(db):
        pass
    original = db.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == db else real_access(p, mode))
    with pytest.raises(StoreError, match=r"read-only .*nothing was changed") as err:
        open_store(db)
    assert "\n" not in str(err.value)
    assert _kept(db) == [] and db.read_bytes() == original


def test_data_dir_that_cannot_be_created_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        open_store(blocker / "sub" / "dojo.sqlite3")


def test_newer_schema_is_refused_and_nothing_changes(tmp_path, scenario):
    db = tmp_path / "dojo.sqlite3"
    with open_store(db) as store:
        play(store, scenario, cycles=1)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    files = {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(NewerSchemaError, match="newer version of the dojo") as err:
        open_store(db)
    assert "Nothing was changed" in str(err.value) and "\n" not in str(err.value)
    assert {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()} == files
    assert _kept(db) == []


def test_newer_schema_from_the_command_line(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    r = subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(tmp_path), "history"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode != 0
    assert r.stderr.startswith("dojo: error:") and "newer version" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_migrates_an_empty_database_and_runs_new_migrations_in_order(tmp_path, monkeypatch):
    db = tmp_path / "dojo.sqlite3"
    sqlite3.connect(db).close()  # an empty file: version 0
    with open_store(db) as store:
        assert store.execute("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    # A future migration: runs once, in one transaction, and the data stays.
    import dojo.storage.sqlite as sq

    extra = [*schema.MIGRATIONS, ["ALTER TABLE sessions ADD COLUMN tag TEXT NOT NULL DEFAULT ''"]]
    monkeypatch.setattr(sq, "MIGRATIONS", extra)
    monkeypatch.setattr(sq, "SCHEMA_VERSION", len(extra))
    with open_store(db) as store:
        assert store.execute("PRAGMA user_version") == [(len(extra),)]
        assert store.execute("SELECT COUNT(*) FROM pragma_table_info('sessions') WHERE name = 'tag'") == [(1,)]
    with open_store(db) as store:  # already current: nothing to do
        assert store.warnings == []


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    db = tmp_path / "dojo.sqlite3"
    open_store(db).close()
    import dojo.storage.sqlite as sq

    extra = [*schema.MIGRATIONS, ["CREATE TABLE t (x)", "THIS IS NOT SQL"]]
    monkeypatch.setattr(sq, "MIGRATIONS", extra)
    monkeypatch.setattr(sq, "SCHEMA_VERSION", len(extra))
    with pytest.raises(StoreError, match="nothing was changed"):
        open_store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'").fetchone()[0] == 0
    conn.close()


def test_a_database_with_our_version_but_another_layout_is_set_aside(tmp_path):
    db = tmp_path / "dojo.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    with open_store(db) as store:
        assert "unexpected layout" in store.warnings[0]
        assert store.sessions() == []
    assert len([p for p in _kept(db) if not p.name.endswith(("-wal", "-shm"))]) == 1


def test_a_version_1_database_is_migrated_and_its_sessions_still_replay(tmp_path):
    """Version 2 adds how each turn was heard; version-1 rows (no verdict) are classified again."""
    import sqlite3

    from dojo.storage import schema
    from dojo.storage.sqlite import SqliteStore

    path = tmp_path / "dojo.sqlite3"
    conn = sqlite3.connect(path)
    for statement in schema.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = SqliteStore(path)
    assert store.execute("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert ("heard",) in [(row[1],) for row in store.execute("PRAGMA table_info(actions)")]
    store.close()
