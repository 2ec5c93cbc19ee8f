"""The engine runs without a screen: nothing outside dojo/tui imports Textual (or Rich)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dojo"

ENGINE_MODULES = [
    "dojo.scenarios.loader", "dojo.scenarios.registry", "dojo.sim.engine", "dojo.sim.metrics",
    "dojo.learner.responder", "dojo.coaching.classifier", "dojo.coaching.scorer", "dojo.session.engine",
    "dojo.session.debrief", "dojo.session.headless", "dojo.session.guided",
    "dojo.storage.sqlite", "dojo.storage.history", "dojo.storage.export", "dojo.transcript", "dojo.cli.main",
    "dojo.render", "dojo.render.view", "dojo.render.markdown", "dojo.render.html", "dojo.render.svg", "dojo.render.json",
]


def test_engine_imports_without_textual_in_a_fresh_interpreter():
    code = (
        "import importlib, sys\n"
        f"for m in {ENGINE_MODULES!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == ""


def test_help_and_headless_commands_do_not_import_textual():
    code = (
        "import sys, contextlib, io\n"
        "from dojo.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "print('textual' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == "False"


def test_no_module_outside_tui_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n.split(".")[0] in ("textual", "rich") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_eval_or_exec_in_the_package():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (at the top or inside a function), relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            out += [(node.lineno, f"{base}.{a.name}") for a in node.names]  # `from dojo import render` too
    return out


def test_storage_imports_nothing_from_the_renderers():
    """Presentation sits above storage: dojo/storage builds and reads the export data model, never renders it."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in (PACKAGE / "storage").rglob("*.py")
        for line, name in _imported(path)
        if name == "dojo.render" or name.startswith("dojo.render.")
    ]
    assert offenders == []


def test_importing_storage_loads_no_renderer():
    code = (
        "import importlib, pkgutil, sys\n"
        "import dojo.storage\n"
        "for m in pkgutil.iter_modules(dojo.storage.__path__): importlib.import_module('dojo.storage.' + m.name)\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'dojo.render' or m.startswith('dojo.render.'))))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == ""
