"""The fork server and its launcher (dojo/tui/forkserver*.py): a tab's pipes, environment and
directory reach the forked game, its exit status comes back, signals are passed on, and when
the fork server is missing or gone the launcher still runs the game, saying so in one line.

Most tests run the fork server's loop with small games (tests/serve/forkserver_games.py); the
last ones run the dojo's own fork server, warm-up included."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dojo.tui import forkserver_launcher
from tests.serve.browser import ROOT

LAUNCHER = str(Path(forkserver_launcher.__file__).resolve())
GAMES = str(ROOT / "tests" / "serve" / "forkserver_games.py")


@contextlib.contextmanager
def fork_server(tmp_path: Path, *command: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    path = str(tmp_path / "fork.sock")
    proc = subprocess.Popen(
        [*(command or (sys.executable, GAMES)), path], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "DOJO_HOME": str(tmp_path / "data")},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        yield path, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=20)


def launch(path: str, *args: str, **kwargs) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-I", "-S", LAUNCHER, path, "--", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, **kwargs,
    )


def gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_the_game_gets_the_tabs_pipes_environment_directory_and_arguments(tmp_path):
    here = tmp_path / "a dir"
    here.mkdir()
    with fork_server(tmp_path) as (path, _server):
        game = launch(path, "echo", "0", cwd=here, env={**os.environ, "DOJO_TEST_VALUE": "é 1=2"})
        out, err = game.communicate("hello\n", timeout=30)
    assert game.returncode == 0, err
    assert "line=hello" in out
    assert f"cwd={here}" in out
    assert "value=é 1=2" in out
    assert "argv=['dojo', 'echo', '0']" in out
    assert err == "to stderr\n", "the game's stderr is the tab's, and the launcher says nothing when all is well"


def test_the_launcher_exits_with_the_games_exit_status(tmp_path):
    with fork_server(tmp_path) as (path, _server):
        codes = [launch(path, "echo", str(code)) for code in (0, 3, 77)]
        for game in codes:
            game.communicate("\n", timeout=30)
        killed = launch(path, "killed-by", str(int(signal.SIGUSR1)))
        killed.communicate(timeout=30)
    assert [g.returncode for g in codes] == [0, 3, 77]
    assert killed.returncode == -signal.SIGUSR1, "a game ended by a signal: its launcher ends by the same"


def test_each_game_is_reseeded(tmp_path):
    with fork_server(tmp_path) as (path, _server):
        outs = [launch(path, "echo").communicate("\n", timeout=30)[0] for _ in range(2)]
    draws = [line for out in outs for line in out.splitlines() if line.startswith("random=")]
    assert len(draws) == 2 and draws[0] != draws[1]


def test_sigterm_and_sighup_reach_the_game_and_sigint_is_left_to_the_process_group(tmp_path):
    with fork_server(tmp_path) as (path, _server):
        for sig in (signal.SIGTERM, signal.SIGHUP):
            game = launch(path, "until-signal")
            assert game.stdout is not None
            pid = int(game.stdout.readline().split("=")[1])
            assert game.stdout.readline().strip() == "sigint=default", "the game has Python's own SIGINT handler"
            game.send_signal(signal.SIGINT)  # ignored by the launcher: a terminal's ^C reaches the game directly
            time.sleep(0.3)
            assert game.poll() is None and not gone(pid, 0.1)
            game.send_signal(sig)
            game.wait(timeout=30)
            assert game.returncode == -sig
            assert gone(pid)


def test_a_killed_launcher_takes_its_game_with_it(tmp_path):
    with fork_server(tmp_path) as (path, _server):
        game = launch(path, "until-signal")
        assert game.stdout is not None
        pid = int(game.stdout.readline().split("=")[1])
        game.kill()
        game.wait()
        assert gone(pid), "the game outlived the process textual-serve started for it"


def test_without_a_fork_server_the_launcher_runs_the_game_itself_and_says_so(tmp_path):
    game = launch(str(tmp_path / "no.sock"), "--version")
    out, err = game.communicate(timeout=60)
    assert game.returncode == 0
    assert out.startswith("dojo ")
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo serve: ") and "on its own" in lines[0], err


def test_a_fork_server_that_drops_the_request_means_the_game_runs_on_its_own(tmp_path):
    path = str(tmp_path / "fork.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as broken:
        broken.bind(path)
        broken.listen()
        game = launch(path, "--version")
        conn, _ = broken.accept()
        conn.recv(65536)
        conn.close()  # as a fork server that crashed mid-request
        out, err = game.communicate(timeout=60)
    assert game.returncode == 0 and out.startswith("dojo "), err
    assert "on its own" in err


def test_a_request_that_is_not_a_launchers_is_refused_and_the_server_serves_on(tmp_path):
    with fork_server(tmp_path) as (path, server):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stranger:
            stranger.connect(path)
            stranger.sendall(b"GET / HTTP/1.0\r\n\r\n" + b"x" * 40)
            try:
                answer = stranger.recv(64)
            except ConnectionResetError:  # closed with what it sent unread
                answer = b""
            assert answer == b"", "refused: closed without an answer"
        game = launch(path, "echo", "5")
        game.communicate("\n", timeout=30)
        assert game.returncode == 5
        server.terminate()
        server.wait(timeout=20)
        assert server.stderr is not None
        assert "refused" in server.stderr.read()


def test_when_the_fork_server_dies_mid_game_the_launcher_waits_for_the_game_and_says_so(tmp_path):
    with fork_server(tmp_path) as (path, server):
        game = launch(path, "until-signal")
        assert game.stdout is not None
        pid = int(game.stdout.readline().split("=")[1])
        server.kill()
        server.wait()
        time.sleep(0.3)
        assert game.poll() is None, "the launcher waits for its game, not for the fork server"
        assert game.stdin is not None
        game.stdin.close()  # the tab closes: the game ends
        game.wait(timeout=30)
        assert gone(pid)
    assert game.returncode == 1
    assert game.stderr is not None and "exit status is lost" in game.stderr.read()


def test_stopping_the_fork_server_ends_its_games_and_removes_its_socket(tmp_path):
    with fork_server(tmp_path) as (path, server):
        game = launch(path, "until-signal")
        assert game.stdout is not None
        game.stdout.readline()
        server.terminate()
        server.wait(timeout=20)
        game.wait(timeout=20)
        assert game.returncode == -signal.SIGTERM
        assert not Path(path).exists()


# -- the dojo's own fork server -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dojo_fork_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("dojo-fork")
    with fork_server(tmp_path, sys.executable, "-m", "dojo.tui.forkserver") as (path, server):
        yield path, server


def test_the_dojos_fork_server_is_warm_and_has_one_thread(dojo_fork_server):
    _path, server = dojo_fork_server
    status = Path(f"/proc/{server.pid}/status").read_text()
    assert "Threads:\t1\n" in status, "a fork copies one thread: no other may run in the fork server"


def test_a_game_forked_by_the_dojos_fork_server_plays_as_a_fresh_one(dojo_fork_server, tmp_path):
    path, _server = dojo_fork_server
    args = ["play", "--headless", "--interactive", "--scenario", "assembly-cell", "--seed", "5", "--no-save"]
    lines = "What is the target condition?\nWhat obstacles are in the way?\n"
    forked = launch(path, *args)
    out, err = forked.communicate(lines, timeout=60)
    fresh = subprocess.run([sys.executable, "-m", "dojo", *args], input=lines, capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
    assert forked.returncode == 0 and fresh.returncode == 0, err
    assert "on its own" not in err
    strip = [line for line in out.splitlines() if '"date"' not in line]
    assert strip == [line for line in fresh.stdout.splitlines() if '"date"' not in line]


def test_a_forked_game_reads_textuals_settings_from_its_tabs_environment_not_the_fork_servers():
    code = (
        "import os\n"
        "os.environ.pop('TEXTUAL_FPS', None)\n"
        "import textual.constants\n"  # imported in the fork server, before any tab's environment
        "assert textual.constants.MAX_FPS == 60\n"
        "from dojo.tui.forkserver import run_game\n"
        "os.environ['TEXTUAL_FPS'] = '7'\n"  # the tab's, applied in the child
        "try: run_game(['--version'])\n"
        "except SystemExit: pass\n"
        "print(textual.constants.MAX_FPS)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "7"


def test_the_launcher_imports_a_few_standard_modules_only():
    """It runs once per tab with -I -S: no site-packages, not the dojo package, nothing heavy."""
    import ast

    tree = ast.parse(Path(LAUNCHER).read_text())
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "_signal", "_socket", "os", "select", "struct", "sys"}, imported
    r = subprocess.run([sys.executable, "-I", "-S", LAUNCHER], capture_output=True, text=True)
    assert r.returncode == 2 and "usage" in r.stderr, r.stderr  # runs as a script in a bare interpreter
