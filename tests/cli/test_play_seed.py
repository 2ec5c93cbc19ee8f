"""``dojo play --seed``: a seed the session store cannot keep is refused with one line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CELL = ROOT / "tests" / "session" / "fixtures" / "cell.yaml"


def play(tmp_path: Path, seed: str) -> subprocess.CompletedProcess:
    script = tmp_path / "s.txt"
    script.write_text("What is the target condition?\n")
    env = {**os.environ, "DOJO_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "dojo", "play", "--headless", "--scenario", str(CELL), "--script", str(script),
         "--seed", seed],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )


@pytest.mark.parametrize("seed", [str(2**63), str(-(2**63) - 1), "99999999999999999999999"])
def test_a_seed_too_large_to_keep_is_a_one_line_error(tmp_path, seed):
    r = play(tmp_path, seed)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dojo: error: ") and "--seed" in lines[0], r.stderr


@pytest.mark.parametrize("seed", [str(2**63 - 1), "-5"])
def test_a_seed_the_store_can_keep_is_played_and_saved(tmp_path, seed):
    r = play(tmp_path, seed)
    assert r.returncode == 0, r.stderr
    assert "saved session" in r.stderr
