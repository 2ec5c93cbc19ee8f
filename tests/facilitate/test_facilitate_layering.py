"""The facilitator's clock, roster and command load without Textual: a status page or a player's game can read them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_clock_roster_and_command_import_without_textual_in_a_fresh_interpreter():
    code = (
        "import sys\n"
        "import dojo.plans.clock, dojo.plans.roster, dojo.cli.facilitate\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == ""
