"""``export -o`` never silently overwrites, and never replaces anything but a regular file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dojo(*args: str, home: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dojo", "--data-dir", str(home), *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("export-home")
    r = dojo("play", "--headless", "--scenario", "assembly-cell", "--script",
             str(ROOT / "examples" / "assembly-cell-good.txt"), "--seed", "5", home=home)
    assert r.returncode == 0, r.stderr
    return home


def refused(r: subprocess.CompletedProcess, match: str) -> None:
    assert r.returncode != 0 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and match in lines[0], r.stderr


def test_a_new_file_is_written_and_an_existing_one_needs_force(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    r = dojo("export", "last", "-o", str(out), home=home)
    assert r.returncode == 0 and r.stderr.strip() == f"dojo: wrote {out}"
    out.write_text("my own notes")
    refused(dojo("export", "last", "-o", str(out), home=home), "already exists; add --force")
    assert out.read_text() == "my own notes"
    r = dojo("export", "last", "-o", str(out), "--force", home=home)
    assert r.returncode == 0 and r.stderr.strip() == f"dojo: replaced {out}"
    assert out.read_text().startswith("# Coaching practice session")
    assert [p.name for p in tmp_path.iterdir()] == ["s.md"], "no temporary file is left behind"


def test_a_symlink_is_never_replaced_nor_written_through(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    for extra in ((), ("--force",)):
        refused(dojo("export", "last", "-o", str(link), *extra, home=home), "is a symbolic link; it was not replaced")
    assert link.is_symlink() and target.read_text() == "keep me"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(dojo("export", "last", "-o", str(fifo), "--force", home=home), "is a FIFO")


def test_a_device_is_refused(home: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    before = os.stat("/dev/null")
    refused(dojo("export", "last", "-o", "/dev/null", "--force", home=home), "is a device")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_directory_and_a_missing_directory_are_one_line(home: Path, tmp_path: Path) -> None:
    refused(dojo("export", "last", "-o", str(tmp_path), home=home), "is a directory")
    refused(dojo("export", "last", "-o", str(tmp_path / "nowhere" / "s.md"), home=home), "cannot write")
