"""``dojo serve`` without a browser: its mistakes are one line and exit 2, loopback unless told,
a warning for any other address, and the game processes get the data directory and play options."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dojo.cli import serve
from dojo.cli.main import main
from tests.serve.browser import ROOT, serving


def dojo(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dojo", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def one_line_exit_2(r: subprocess.CompletedProcess[str], *words: str) -> None:
    assert r.returncode == 2, r
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: "), r.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "0"], ["out of range"]),
        (["--port", "65536"], ["out of range"]),
        (["--port", "eighty"], ["not a number"]),
        (["--host", ""], ["empty"]),
        (["--host", "no-such-host.invalid"], ["no-such-host.invalid"]),
        (["--host", "192.0.2.1"], ["not an address of this machine"]),  # TEST-NET-1: never local
        (["--public-url", "ftp://x"], ["--public-url"]),
        (["--seed", "3"], ["--seed needs --scenario"]),
        (["--scenario", "no-such-scenario"], ["no-such-scenario"]),
        (["--mode", "fast"], ["--mode"]),
        (["--max-players", "0"], ["nobody"]),
        (["--max-players", "many"], ["not a number"]),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(args, words):
    one_line_exit_2(dojo("serve", *args), *words)


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        one_line_exit_2(dojo("serve", "--port", str(port)), "in use", str(port))


def test_serves_on_loopback_by_default_without_a_warning(tmp_path):
    with serving(tmp_path) as (url, proc):
        assert url.startswith("http://127.0.0.1:")
        listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
        port = url.rsplit(":", 1)[1].strip("/")
        ours = [line for line in listening.splitlines() if f":{port} " in line]
        assert ours and all("127.0.0.1:" in line for line in ours), ours
    assert "warning" not in proc.stderr.read()


def test_another_address_warns_once_that_there_is_no_authentication(tmp_path):
    with serving(tmp_path, "--host", "0.0.0.0") as (_url, proc):
        time.sleep(0.5)
    err = proc.stderr.read()
    warnings = [line for line in err.splitlines() if line.startswith("dojo: warning:")]
    assert len(warnings) == 1 and "no authentication" in warnings[0], err


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.add_parser(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_each_game_process_gets_the_data_directory_and_the_play_options(tmp_path, monkeypatch):
    home = tmp_path / "a dir with spaces; and $(quotes)'"
    monkeypatch.setenv("DOJO_HOME", str(home))
    game = serve.game_args(_args("--scenario", "assembly-cell", "--seed", "7", "--mode", "guided", "--no-save"))
    assert game == ["--data-dir", str(home.resolve()), "play", "--scenario", "assembly-cell", "--seed", "7",
                    "--mode", "guided", "--no-save"]


def test_each_tab_runs_the_launcher_or_with_no_fork_server_a_fresh_game(tmp_path):
    from dojo.tui.web import ForkServerProcess, game_command

    game = ["--data-dir", str(tmp_path / "a dir; $(x)'"), "play", "--mode", "free"]
    argv = shlex.split(game_command(game))  # textual-serve runs it through the shell
    assert argv == [sys.executable, "-m", "dojo", *game]
    forks = ForkServerProcess()
    try:
        assert forks.directory.stat().st_mode & 0o777 == 0o700, "only this user reaches the fork server's socket"
        argv = shlex.split(forks.command(game))
        assert argv[:4] == ["exec", sys.executable, "-I", "-S"]  # the launcher: no site-packages, no dojo package
        assert argv[4].endswith("dojo/tui/forkserver_launcher.py")
        assert argv[5:] == [str(forks.socket), "--", *game]
    finally:
        forks.remove()
    assert not forks.directory.exists()


def test_the_command_line_reaches_serve_with_data_dir(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(serve, "run", lambda args: seen.setdefault("game", serve.game_args(args)) and 0)
    # main() binds the module's run at parse time, so patch before parsing
    main(["--data-dir", str(tmp_path / "d"), "serve"])
    assert seen["game"][:2] == ["--data-dir", str(tmp_path / "d")]


def test_serve_help_loads_neither_textual_nor_the_web_server():
    code = (
        "import sys, contextlib, io\n"
        "from dojo.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['serve', '--help'])\n"
        "    except SystemExit: pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'textual_serve', 'aiohttp', 'rich'}))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == "[]"


def test_a_tab_past_max_players_is_told_the_dojo_is_full_and_gets_no_game(tmp_path):
    import asyncio

    import aiohttp

    async def two_tabs(url: str) -> tuple[bytes, bytes]:
        async with aiohttp.ClientSession() as http:
            first = await http.ws_connect(f"{url}ws?width=80&height=24")
            got_first = b""
            while b"Kata Dojo" not in got_first:  # the first tab's game is up (the home screen's title)
                message = await asyncio.wait_for(first.receive(), 60)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                got_first += message.data
            second = await http.ws_connect(f"{url}ws?width=80&height=24")
            got_second = b""
            async for message in second:
                if message.type == aiohttp.WSMsgType.BINARY:
                    got_second += message.data
            await first.close()
            return got_first, got_second

    with serving(tmp_path, "--max-players", "1") as (url, _proc):
        _first, second = asyncio.run(two_tabs(url))
    assert b"The dojo is full (at most 1 games at once)" in second


def _first_screen(url: str) -> bytes:
    """What one tab receives until its game's home screen is up."""
    import asyncio

    import aiohttp

    async def tab() -> bytes:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{url}ws?width=80&height=24")
            got = b""
            while b"Kata Dojo" not in got:
                message = await asyncio.wait_for(ws.receive(), 60)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                got += message.data
            await ws.close()
            return got

    return asyncio.run(tab())


def _children(pid: int) -> list[tuple[int, list[str]]]:
    out = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append((int(entry), Path(f"/proc/{entry}/cmdline").read_text().split("\0")))
    return out


def test_a_tab_still_gets_its_game_when_the_fork_server_is_gone(tmp_path):
    with serving(tmp_path) as (url, proc):
        forkservers = [pid for pid, argv in _children(proc.pid) if "dojo.tui.forkserver" in argv]
        assert len(forkservers) == 1, _children(proc.pid)
        os.kill(forkservers[0], signal.SIGKILL)
        time.sleep(0.5)
        assert b"Kata Dojo" in _first_screen(url)
    err = proc.stderr.read()
    assert "the fork server stopped" in err, err


def test_with_no_fork_server_each_tab_is_a_fresh_game(tmp_path):
    with serving(tmp_path, "--no-fork-server") as (url, proc):
        assert not [pid for pid, argv in _children(proc.pid) if "dojo.tui.forkserver" in argv]
        assert b"Kata Dojo" in _first_screen(url)
