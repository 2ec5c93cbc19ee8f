"""A full disk, a read-only file or directory and a newer read-only database are not damage.

The dojo says what is wrong in one line, exits non-zero and changes nothing: the healthy
database is never renamed aside. Real conditions where the machine allows them: a tiny
tmpfs and a read-only bind mount inside a private mount namespace (``unshare -rm``, which
needs no root and works as root), an immutable file as root; SQLITE_FULL also injected
with ``PRAGMA max_page_count``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.session.record import Action
from dojo.storage.api import StoreError
from dojo.storage.sqlite import open_store
from tests.storage.conftest import play

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "What is the target condition?\nWhat is the actual condition now?\n---\n"


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    r = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt 2>/dev/null || mount -t tmpfs tmpfs /tmp"],
                       capture_output=True, timeout=30)
    return r.returncode == 0


needs_namespace = pytest.mark.skipif(
    not _can_unshare(), reason="needs 'unshare -rm' (user and mount namespaces) to make a tiny or read-only file system"
)


def _snapshot(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in d.iterdir() if p.is_file()}


def _in_namespace(tmp_path: Path, body: str) -> dict[str, str]:
    """Run a shell ``body`` in a private mount namespace; $DOJO runs the dojo; returns the files it wrote to $OUT."""
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT)
    env = {**os.environ, "D": str(tmp_path / "data"), "OUT": str(out), "S": str(script),
           "PY": sys.executable, "DOJO": f"{sys.executable} -m dojo --data-dir {tmp_path / 'data'}", "PYTHONPATH": str(ROOT)}
    (tmp_path / "data").mkdir()
    r = subprocess.run(["unshare", "-rm", "sh", "-c", f"set -u\ncd {ROOT}\n{body}"], capture_output=True, text=True,
                       env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_text() for p in out.iterdir()}


def _one_line_error(err: str, rc: str) -> str:
    assert int(rc) != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: "), err
    return lines[0]


@needs_namespace
def test_a_full_disk_is_reported_and_the_healthy_database_is_kept(tmp_path: Path) -> None:
    got = _in_namespace(tmp_path, """
mount -t tmpfs -o size=3m tmpfs "$D"
$DOJO play --headless --scenario assembly-cell --script "$S" --seed 1 > /dev/null 2> "$OUT/play.err" || exit 9
ls "$D" > "$OUT/before"
dd if=/dev/zero of="$D/fill" bs=4096 2> /dev/null || true
$DOJO history > "$OUT/h.out" 2> "$OUT/h.err"; echo $? > "$OUT/h.rc"
$DOJO play --headless --scenario assembly-cell --script "$S" --seed 2 > /dev/null 2> "$OUT/p.err"; echo $? > "$OUT/p.rc"
ls "$D" > "$OUT/during"
rm "$D/fill"
$DOJO history --json > "$OUT/after.json" 2> "$OUT/after.err"; echo $? > "$OUT/after.rc"
ls "$D" > "$OUT/after"
""")
    for name in ("h", "p"):
        line = _one_line_error(got[f"{name}.err"], got[f"{name}.rc"])
        assert "damaged" not in line and "fresh" not in line
        assert "full" in line or "disk" in line, line
    assert "damaged" not in got["during"] and "damaged" not in got["after"]
    assert got["after.rc"].strip() == "0", got["after.err"]
    assert '"scenario": "assembly-cell"' in got["after.json"], "the session played before the disk filled is still there"


@needs_namespace
def test_a_read_only_directory_and_a_newer_read_only_database_change_nothing(tmp_path: Path) -> None:
    got = _in_namespace(tmp_path, """
$DOJO play --headless --scenario assembly-cell --script "$S" --seed 1 > /dev/null 2>&1 || exit 9
mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" || exit 8
$DOJO history > /dev/null 2> "$OUT/ro.err"; echo $? > "$OUT/ro.rc"
$DOJO play --headless --scenario assembly-cell --script "$S" --seed 2 > /dev/null 2> "$OUT/rop.err"; echo $? > "$OUT/rop.rc"
umount "$D"
"$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.close()" "$D/dojo.sqlite3"
mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" || exit 8
$DOJO history > /dev/null 2> "$OUT/newer.err"; echo $? > "$OUT/newer.rc"
ls "$D" > "$OUT/files"
""")
    for name in ("ro", "rop"):
        line = _one_line_error(got[f"{name}.err"], got[f"{name}.rc"])
        assert "not writable" in line or "read-only" in line, line
    assert "newer version" in _one_line_error(got["newer.err"], got["newer.rc"])
    assert "damaged" not in got["files"]


def test_a_read_only_database_file_is_not_set_aside(tmp_path: Path, scenario) -> None:
    """As root, an immutable file (chattr +i) is what a read-only file is to anyone else."""
    db = tmp_path / "dojo.sqlite3"
    with open_store(db) as store:
        play(store, scenario, cycles=1)
    root = os.geteuid() == 0
    if root:
        if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
            pytest.skip("as root a read-only file is writable, and this file system has no immutable flag")
    else:
        db.chmod(0o444)
    before = _snapshot(tmp_path)
    try:
        r = subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(tmp_path), "history"],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
        line = _one_line_error(r.stderr, str(r.returncode))
        assert "read-only" in line and "nothing was changed" in line
        assert _snapshot(tmp_path) == before
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(db)], check=True)
        else:
            db.chmod(0o644)


def test_a_newer_database_is_refused_even_when_read_only(tmp_path: Path) -> None:
    db = tmp_path / "dojo.sqlite3"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    db.chmod(0o444)
    r = subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(tmp_path), "history"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "newer version" in _one_line_error(r.stderr, str(r.returncode))
    assert not [p for p in tmp_path.iterdir() if "damaged" in p.name]


def test_sqlite_full_while_playing_is_one_error_and_the_session_so_far_is_kept(tmp_path: Path, scenario) -> None:
    db = tmp_path / "dojo.sqlite3"
    store = open_store(db)
    rec = play(store, scenario, cycles=1)
    saved = store.record(rec.session_id)
    pages = store.execute("PRAGMA page_count")[0][0]
    store.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
    big = Action(kind="coach", at=1.0, text="What is the target condition? " * 2000)
    with pytest.raises(StoreError, match="disk is full") as err:
        store.append(rec.session_id, len(saved.actions), big)
    assert "\n" not in str(err.value)
    store.close()
    with open_store(db) as again:
        assert again.warnings == []
        assert again.record(rec.session_id).actions == saved.actions
    assert not [p for p in tmp_path.iterdir() if "damaged" in p.name]


def test_deleting_the_wal_while_playing_is_noticed_and_said(tmp_path: Path, scenario) -> None:
    db = tmp_path / "dojo.sqlite3"
    store = open_store(db)
    rec = play(store, scenario, cycles=1)
    n = len(store.record(rec.session_id).actions)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink()
    with pytest.raises(StoreError, match="-wal was deleted or replaced") as err:
        store.append(rec.session_id, n, Action(kind="coach", at=1.0, text="What is the target condition?"))
    assert "\n" not in str(err.value)
    store.close()


def test_a_store_that_only_reads_and_writes_normally_never_sees_a_false_alarm(tmp_path: Path, scenario) -> None:
    db = tmp_path / "dojo.sqlite3"
    first = open_store(db)
    play(first, scenario, cycles=1)
    second = open_store(db)  # another player on the same data directory
    play(second, scenario, cycles=1, seed=9)
    second.close()
    play(first, scenario, cycles=1, seed=10)
    first.close()
    with open_store(db) as again:
        play(again, scenario, cycles=1, seed=11)
        assert len(again.sessions()) == 4
