"""``dojo delete``, and the inputs that used to end in a traceback: each one line and a non-zero exit."""

from __future__ import annotations

import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dojo(*args: str, home: Path, stdin: int | str | None = None) -> subprocess.CompletedProcess:
    kwargs = {"input": stdin} if isinstance(stdin, str) or stdin is None else {"stdin": stdin}
    return subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, **kwargs)


def one_line_error(r: subprocess.CompletedProcess, *, code: int | None = None) -> str:
    assert r.returncode != 0 and (code is None or r.returncode == code)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: "), r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with two finished sessions, one with a note."""
    home = tmp_path_factory.mktemp("played")
    for seed in ("1", "2"):
        r = dojo("play", "--headless", "--scenario", "assembly-cell", "--script",
                 str(ROOT / "examples" / "assembly-cell-good.txt"), "--seed", seed, home=home)
        assert r.returncode == 0, r.stderr
    assert dojo("notes", "last", "--turn", "1", "Ask which one", home=home).returncode == 0
    return home


@pytest.fixture
def home(played: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(played, copy)
    return copy


def counts(home: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(home / "dojo.sqlite3")
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("sessions", "actions", "documents", "notes", "patterns", "feedback"))
    finally:
        conn.close()


def last_id(home: Path) -> str:
    conn = sqlite3.connect(home / "dojo.sqlite3")
    try:
        return conn.execute("SELECT id FROM sessions ORDER BY updated_at DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def test_delete_with_yes_removes_the_session_and_everything_kept_with_it(home: Path) -> None:
    sid = last_id(home)
    before = counts(home)
    r = dojo("delete", sid[:8], "--yes", home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"deleted session {sid[:8]} (practice, assembly-cell")
    after = counts(home)
    assert after[0] == before[0] - 1 and after[3] == 0  # the note went with it
    conn = sqlite3.connect(home / "dojo.sqlite3")
    assert all(conn.execute(f"SELECT COUNT(*) FROM {t} WHERE session_id = ?", (sid,)).fetchone()[0] == 0
               for t in ("actions", "documents", "notes", "patterns", "feedback"))
    conn.close()
    assert sid[:8] not in dojo("history", home=home).stdout


def test_delete_without_a_terminal_needs_yes_and_deletes_nothing(home: Path) -> None:
    before = counts(home)
    assert "add --yes" in one_line_error(dojo("delete", "last", home=home, stdin=""))
    assert counts(home) == before


@pytest.mark.parametrize("answer, deleted", [("n\n", False), ("\n", False), ("y\n", True), ("yes\n", True)])
def test_delete_asks_on_a_terminal(home: Path, answer: str, deleted: bool) -> None:
    before = counts(home)
    master, slave = pty.openpty()
    try:
        os.write(master, answer.encode())
        r = dojo("delete", "last", home=home, stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    assert "Delete session" in r.stderr and "[y/N]" in r.stderr and "Traceback" not in r.stderr
    assert (counts(home)[0] == before[0] - 1) is deleted
    assert r.returncode == (0 if deleted else 1)
    if not deleted:
        assert "nothing was deleted" in r.stderr


def test_delete_of_an_unknown_session_is_one_line(home: Path) -> None:
    assert "no session" in one_line_error(dojo("delete", "abcdef12", "--yes", home=home))
    assert "is not a session id" in one_line_error(dojo("delete", "../etc", "--yes", home=home))


def test_huge_history_limits_and_an_unknown_user_home_are_one_line(home: Path) -> None:
    assert "--limit" in one_line_error(dojo("history", "--limit", str(10**30), home=home))
    assert "--recent" in one_line_error(dojo("history", "--recent", str(10**30), home=home))
    r = subprocess.run([sys.executable, "-m", "dojo", "--data-dir", "~nouser-dojo-test/x", "history"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "~nouser-dojo-test" in one_line_error(r)


def test_a_note_with_undecodable_bytes_is_one_line_and_saves_nothing(home: Path) -> None:
    before = counts(home)
    line = one_line_error(dojo("notes", "last", "--turn", "1", "bad \udcff byte", home=home))
    assert "not valid Unicode" in line
    assert counts(home) == before


BAD_VALUES = [  # each on the last session only (:sid): the other one stays healthy
    "UPDATE sessions SET started_at = 1e300 WHERE id = :sid",
    "UPDATE sessions SET started_at = 'yesterday' WHERE id = :sid",
    "UPDATE sessions SET score = 'x' WHERE id = :sid",
    "UPDATE sessions SET score = 1e300 WHERE id = :sid",
    "UPDATE sessions SET seed = 'abc' WHERE id = :sid",
    "UPDATE sessions SET title = x'ff00' WHERE id = :sid",
    "UPDATE sessions SET step_target = 1e400 WHERE id = :sid",
    "UPDATE actions SET at = 'soon' WHERE session_id = :sid AND seq = 2",
    "UPDATE documents SET debrief = '{\"not\": \"a debrief\"}' WHERE session_id = :sid",
    "UPDATE notes SET turn = -3 WHERE session_id = :sid",
]


@pytest.mark.parametrize("sql", BAD_VALUES)
def test_rows_that_pass_quick_check_but_hold_bad_values_are_one_line_and_can_be_deleted(home: Path, sql: str) -> None:
    sid = last_id(home)
    conn = sqlite3.connect(home / "dojo.sqlite3")
    assert conn.execute(sql, {"sid": sid}).rowcount == 1
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    seen = set()
    for args in (("history",), ("history", "--json"), ("history", "--json", "--summary"), ("export", sid[:8]),
                 ("export", sid[:8], "--format", "json"), ("notes", sid[:8])):
        r = dojo(*args, home=home)
        assert "Traceback" not in r.stderr, (args, r.stderr)
        if r.returncode != 0:
            seen.add(one_line_error(r))
    assert seen, "the bad value was noticed somewhere"
    assert all(f"dojo delete {sid[:8]}" in line for line in seen), seen
    assert dojo("delete", sid[:8], "--yes", home=home).returncode == 0
    r = dojo("history", home=home)
    assert r.returncode == 0, r.stderr
    assert "1 session " in r.stdout or "1 session (" in r.stdout, "the healthy session is still there"


@pytest.mark.parametrize("args", [
    ("--author", "Eve", "--turn", "2", "Ask which one"),
    ("--turn", "2", "--author", "Eve", "Ask which one"),
    ("--turn", "2", "Ask which one", "--author", "Eve"),
    ("Ask which one", "--turn", "2", "--author", "Eve"),
])
def test_notes_take_author_turn_and_text_in_any_order(home: Path, args: tuple[str, ...]) -> None:
    r = dojo("notes", "last", *args, home=home)
    assert r.returncode == 0, r.stderr
    assert "turn   2 (Eve): Ask which one" in dojo("notes", "last", home=home).stdout
