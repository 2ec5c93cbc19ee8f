"""Only dojo.tui imports Textual: the engine, guided mode, the store seam and the CLI stay free of it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import dojo.session.engine, dojo.session.guided, dojo.session.store, dojo.session.headless
from dojo.cli.main import build_parser
build_parser()
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(bad))
"""


def test_engine_and_cli_never_import_textual():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
