"""The store is plain Python: importing it (and the storage commands) never loads Textual or Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "dojo.storage", "dojo.storage.api", "dojo.storage.sqlite", "dojo.storage.recorder", "dojo.storage.history",
    "dojo.storage.export", "dojo.storage.rows", "dojo.cli.history", "dojo.cli.export", "dojo.cli.import_",
    "dojo.cli.notes", "dojo.render",
]


def test_storage_imports_without_textual_or_rich():
    code = (
        "import importlib, sys\n"
        f"for m in {MODULES!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == ""


def test_storage_commands_run_without_textual(tmp_path):
    code = (
        "import sys, contextlib, io\n"
        "from dojo.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--data-dir', {str(tmp_path)!r}, 'history', '--json'])\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == "False False"
    assert (tmp_path / "dojo.sqlite3").exists()  # --data-dir is where the store lives
