"""Files the user names are read without hanging: a FIFO nobody writes to, a socket, a pipe from ``<(…)``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def dojo(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=30)  # a hang fails the test


def one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode != 0 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.mark.parametrize("command", [("import",), ("score",), ("scenarios", "validate")])
def test_a_fifo_nobody_writes_to_is_read_as_empty_at_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    fifo = tmp_path / "input.yaml"
    os.mkfifo(fifo)
    one_line_error(dojo(*command, str(fifo), home=tmp_path))


def test_a_socket_is_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert "is not a regular file" in one_line_error(dojo("import", str(path), home=tmp_path))


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash for <(…)")
def test_a_pipe_from_process_substitution_is_read(tmp_path: Path) -> None:
    script = ("printf 'What is the target condition?\\n'; sleep 1; printf 'What is the actual condition now?\\n'")
    r = subprocess.run(["bash", "-c", f'"{sys.executable}" -m dojo --data-dir "{tmp_path}" score --json <({script})'],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert '"target"' in r.stdout and '"actual"' in r.stdout
