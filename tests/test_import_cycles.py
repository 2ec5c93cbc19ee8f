"""The package's import graph has no cycles: every ``dojo`` import counts, at module level or inside
a function (a deferred import is a dependency all the same). Only imports under ``TYPE_CHECKING``
are left out: they name a type for the checker and are never run (the game's screens know the
app that creates them by type only)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dojo"

#: Cycles known and accepted: none.
KNOWN: set[frozenset[str]] = set()


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for inner in node.body:
                out.update(id(n) for n in ast.walk(inner))
    return out


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules ``path`` imports, wherever the import statement stands."""
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("dojo"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("dojo"))
    return {m for m in out if m in modules}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_the_cycle_finder_finds_a_cycle_and_passes_a_tree():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_package_imports_form_no_cycle():
    modules = _modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    assert "dojo.coaching.scorer" in graph["dojo.session.debrief"]  # the walk sees the imports
    found = set(cycles(graph))
    assert found - KNOWN == set(), sorted(sorted(c) for c in found - KNOWN)


def test_the_cycles_this_branch_removed_stay_removed():
    modules = _modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    assert "dojo.coaching.scorer" not in graph["dojo.coaching.feedback"]
    assert "dojo.coaching.scorer" not in graph["dojo.coaching.listening"]
    assert "dojo.session.engine" not in graph["dojo.session.debrief"]
    # The classifier interface imports none of its implementations (dojo.coaching.hearing picks one),
    # and the game's screens know the app by type only.
    assert not {"dojo.coaching.model", "dojo.coaching.baseline"} & graph["dojo.coaching.classifier"]
    assert "dojo.tui.app" not in graph["dojo.tui.screens.home"] | graph["dojo.tui.screens.base"]


def test_an_import_under_type_checking_is_left_out(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nimport dojo.a\nif TYPE_CHECKING:\n    import dojo.b\n", encoding="utf-8"
    )
    modules = {"dojo.a": source, "dojo.b": source}
    assert imports_of(source, modules) == {"dojo.a"}
