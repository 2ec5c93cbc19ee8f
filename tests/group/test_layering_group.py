"""The group debrief is engine: it imports without Textual or Rich, so a front end of any kind can show it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_group_package_and_its_command_import_without_textual_or_rich():
    code = (
        "import importlib, sys\n"
        "for m in ('dojo.group', 'dojo.group.aggregate', 'dojo.group.sources', 'dojo.cli.report'):\n"
        "    importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == ""
