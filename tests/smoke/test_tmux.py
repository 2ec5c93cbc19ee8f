"""Smoke test: the real program in a real terminal (tmux), driven the way a person does.

Starts ``python -m dojo play`` in a detached tmux session, types questions with
``send-keys``, ends a cycle, and reads the screen with ``capture-pane``. The tmux session
is always killed. Runs in CI; skipped only where tmux is not installed.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

TMUX = shutil.which("tmux")
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "tui" / "fixtures" / "sandwich.yaml"


def _tmux(*args: str, check: bool = True) -> str:
    out = subprocess.run([TMUX, *args], capture_output=True, text=True, timeout=20)
    if check and out.returncode:
        raise AssertionError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll the screen until ``text`` shows (polling is not timing: the timeout only guards a hang)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{screen}")

    def type(self, text: str) -> None:
        _tmux("send-keys", "-t", self.name, "-l", text)

    def keys(self, *keys: str) -> None:
        _tmux("send-keys", "-t", self.name, *keys)


@pytest.fixture
def terminal(tmp_path):
    if TMUX is None:
        pytest.skip("tmux is not installed (the smoke test drives the real program in tmux)")
    name = f"dojo-smoke-{uuid.uuid4().hex[:8]}"
    env = {
        "DOJO_HOME": str(tmp_path / "home"),
        "DOJO_PLAYER": "Smoke Tester",  # a name is given: the game does not ask for one
        "DOJO_SCENARIOS": str(FIXTURE.parent),
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(sys.executable)} -m dojo play --seed 3"
    _tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "32", command)
    try:
        yield Terminal(name)
    finally:
        _tmux("kill-session", "-t", name, check=False)


def test_play_a_cycle_in_a_real_terminal(terminal):
    home = terminal.wait_for("Scenarios")
    assert "Kata Dojo" in home
    terminal.wait_for("The sandwich line")
    # the player's own scenario is listed first; pick it
    terminal.keys("Home", "Enter")
    terminal.wait_for("Cycle 1/3")
    terminal.type("What is the target condition?")
    terminal.keys("Enter")
    terminal.wait_for("Median under 180")
    terminal.wait_for("heard as: target")  # drawn a frame after the reply, at times
    terminal.type("[bold]x[/bold] 🐧")
    terminal.keys("Enter")
    screen = terminal.wait_for("[bold]x[/bold]")
    terminal.keys("C-n")
    screen = terminal.wait_for("Press any key to go on.")
    assert "Cycle 1 is over" in screen
    terminal.keys("Space")
    screen = terminal.wait_for("Cycle 2/3")
    assert "Cycle 2 of 3" in screen
    terminal.keys("F1")
    terminal.wait_for("Kata Dojo — help")
    terminal.keys("Escape")
    terminal.wait_for("Cycle 2/3")
    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Cycle 2/3" in terminal.screen():
        time.sleep(0.1)
    assert "Traceback" not in terminal.screen()
