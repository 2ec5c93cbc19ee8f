"""Helpers for driving ``dojo serve`` in headless Chromium: start the server, read what a tab shows.

The page draws the game in xterm.js on a canvas, so its text is not in the DOM. The tests
read xterm's own screen buffer: the client script textual-serve ships is served to the test's
browser with one line added that keeps each terminal it creates in ``window.__dojoTerminals``
(nothing else changes; the server and the game are untouched).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "serve"

#: Debian's chromium package; no browser is ever downloaded.
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and os.access(p, os.X_OK)), None)
#: What Chromium needs on these machines: no sandbox as root, no GPU, no calls home on a closed network.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: Where textual-serve 1.1.3's client makes one terminal per element; the test keeps a handle on it.
CLIENT_HOOK = "t.forEach((e=>{const t=new w(e,{ping:r});"
KEEP_TERMINAL = "(window.__dojoTerminals=window.__dojoTerminals||[]).push(t);"

SCREEN_JS = """() => {
  const b = window.__dojoTerminals[0].terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < b.length; y++) rows.push(b.getLine(y).translateToString(true));
  return rows.join('\\n');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(data_dir: Path, *extra: str, timeout: float = 30.0) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``dojo serve`` on a free loopback port with ``data_dir``; yields (url, process), stops it after."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dojo", "--data-dir", str(data_dir), "serve", "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if proc.poll() is not None:
                raise AssertionError(f"dojo serve stopped: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.1)
        else:
            raise AssertionError("dojo serve did not listen within 30 s")
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        # the whole group: the server and the game processes it started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


def keep_terminals(route) -> None:  # type: ignore[no-untyped-def]
    """Serve textual-serve's client script with the one added line (see the module docstring)."""
    response = route.fetch()
    body = response.text()
    assert CLIENT_HOOK in body, "textual-serve's client script changed: update CLIENT_HOOK in tests/serve/browser.py"
    route.fulfill(response=response, body=body.replace(CLIENT_HOOK, CLIENT_HOOK + KEEP_TERMINAL))


def screen_text(page) -> str:  # type: ignore[no-untyped-def]
    """What the tab's terminal shows, row by row."""
    if not page.evaluate("() => !!(window.__dojoTerminals && window.__dojoTerminals.length)"):
        return ""
    return str(page.evaluate(SCREEN_JS))


def flat(text: str) -> str:
    """Text without the frame (box drawing, scroll bars) and with every run of spaces as one."""
    return re.sub(r"\s+", " ", re.sub(r"[\u2500-\u259f\u2800-\u28ff]", " ", text)).strip()


def wait_for_screen(page, predicate, what: str, timeout: float = 30.0) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(page)
        if predicate(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"the page did not show {what} within {timeout:.0f} s; it showed:\n{text}")


def dojo_json(data_dir: Path, *args: str) -> object:
    r = subprocess.run(
        [sys.executable, "-m", "dojo", "--data-dir", str(data_dir), *args], cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)
