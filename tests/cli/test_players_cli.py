"""Players on the command line: sessions kept under --player (or the last name chosen), history and
export per player, --all-players and --unnamed; a bad name is one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dojo.players import remember

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "assembly-cell-good.txt"


def dojo(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dojo", *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=180,
        env={**os.environ, **env},
    )


def play(*extra: str, seed: str = "4", **env: str) -> subprocess.CompletedProcess:
    r = dojo(*extra, "play", "--headless", "--scenario", "assembly-cell", "--script", str(SCRIPT), "--seed", seed, **env)
    assert r.returncode == 0, r.stderr
    return r


def rows(*args: str, **env: str) -> list[dict]:
    r = dojo("history", "--json", *args, **env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One data directory with sessions of Ana (two, one a real conversation), Ben, and one from before players."""
    where = tmp_path_factory.mktemp("players-home")
    env = {"DOJO_HOME": str(where)}
    play(**env)  # no name given, none remembered: saved without one
    play("--player", "Ana", seed="5", **env)
    remember("Ben", where)
    play(seed="6", **env)  # the last name chosen in the game
    r = dojo("score", str(SCRIPT), "--save", "--player", "  ana ", **env)
    assert r.returncode == 0, r.stderr
    return where


def test_sessions_are_kept_under_the_player_and_history_lists_the_current_players(home):
    env = {"DOJO_HOME": str(home)}
    everyone = rows("--all-players", **env)
    assert [(r["player"], r["kind"]) for r in everyone] == [("", "practice"), ("Ana", "practice"), ("Ben", "practice"),
                                                             ("ana", "real")]
    assert [r["player"] for r in rows(**env)] == ["Ben"]  # the last name chosen here
    assert [r["player"] for r in rows("--player", "ANA", **env)] == ["Ana", "ana"]  # case does not count
    assert [r["player"] for r in rows(**env, DOJO_PLAYER="Ana")] == ["Ana", "ana"]
    assert [r["player"] for r in rows("--unnamed", **env)] == [""]
    summary = json.loads(dojo("history", "--json", "--summary", "--player", "Ana", **env).stdout)
    assert (summary["sessions"], summary["real"]) == (2, 1)


def test_the_text_history_names_whose_it_is_and_points_to_the_others(home):
    env = {"DOJO_HOME": str(home)}
    text = dojo("--player", "Ana", "history", **env).stdout
    assert text.startswith("Progress of Ana: 2 sessions")
    assert "1 session of other players: dojo history --all-players" in text
    assert "1 session saved without a player name (before players): dojo history --unnamed" in text
    text = dojo("history", "--all-players", **env).stdout
    assert text.startswith("Progress of every player: 4 sessions") and "player" in text and "(no player)" in text
    text = dojo("history", "--player", "Zoe", **env).stdout
    assert text.startswith("No sessions of Zoe yet.") and "--all-players" in text and "--unnamed" in text

    fresh = {"DOJO_HOME": str(home.parent / "fresh")}
    play("--player", "Ivy", **fresh)
    text = dojo("history", **fresh).stdout  # no name chosen here: the unnamed sessions, and where Ivy's are
    assert text == "No sessions saved without a player name.\n1 session of other players: dojo history --all-players\n"


def test_export_last_is_the_players_last(home):
    env = {"DOJO_HOME": str(home)}
    ana = json.loads(dojo("export", "last", "--format", "json", "--player", "Ana", **env).stdout)
    assert ana["session"]["player"] == "ana" and ana["session"]["kind"] == "real"
    ben = json.loads(dojo("export", "last", "--format", "json", **env).stdout)
    assert ben["session"]["player"] == "Ben"
    old = json.loads(dojo("export", "last", "--format", "json", "--unnamed", **env).stdout)
    assert old["session"]["player"] == ""
    r = dojo("export", "last", "--player", "Zoe", **env)
    assert r.returncode != 0 and r.stderr.count("\n") == 1 and "no sessions of Zoe" in r.stderr


def test_an_import_keeps_the_player_it_was_played_by(home, tmp_path):
    out = tmp_path / "s.json"
    assert dojo("export", "last", "--format", "json", "-o", str(out), DOJO_HOME=str(home)).returncode == 0
    peer = {"DOJO_HOME": str(tmp_path / "peer")}
    r = dojo("import", str(out), **peer)
    assert r.returncode == 0 and "played by Ben" in r.stdout
    assert [x["player"] for x in rows("--all-players", **peer)] == ["Ben"]


@pytest.mark.parametrize(
    "args",
    [
        ("--player", "", "history"),
        ("history", "--player", "a\x1b]52;c;x\x07"),
        ("play", "--headless", "--scenario", "assembly-cell", "--script", str(SCRIPT), "--player", "x" * 41),
        ("score", str(SCRIPT), "--save", "--player", "  "),
        ("history", "--player", "Ana", "--all-players"),
    ],
)
def test_a_bad_player_name_or_options_that_clash_are_one_line(tmp_path, args):
    r = dojo(*args, DOJO_HOME=str(tmp_path / "h"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: ") and "\x1b" not in r.stderr
    assert not (tmp_path / "h" / "dojo.sqlite3").exists()  # nothing was played or saved
