"""``dojo scenarios``: list, validate and describe scenario files.

* ``dojo scenarios list [--json]`` (also plain ``dojo scenarios``): the scenarios the
  game offers. Files with problems are left out, with a warning on stderr.
* ``dojo scenarios validate [PATH...]``: check files (a directory means every
  ``*.yaml`` in it; a scenario id means its file; no path means every scenario the game would offer: built-in and
  ``$DOJO_SCENARIOS``). Each problem is one line on **stdout**,
  ``FILE:LINE: field.path: message``, so it can be piped or read by an editor; a summary
  goes to stderr. Prints ``ok: N scenarios`` when all is well.
  Exit status: 0 all valid, 1 problems found, 2 usage error.
* ``dojo scenarios schema``: print the JSON Schema
  (``dojo scenarios schema > scenarios/scenario.schema.json`` regenerates the committed one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "scenarios",
        help="list, validate and describe scenario files",
        description="List, validate and describe scenario files. Without a subcommand, lists them.",
    )
    actions = parser.add_subparsers(dest="scenarios_command", metavar="SUBCOMMAND")
    p_list = actions.add_parser("list", help="list the scenarios the game offers")
    p_list.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p_validate = actions.add_parser(
        "validate",
        help="check scenario files and print every problem as FILE:LINE: field.path: message",
        description="Check scenario files. Prints every problem, one per line, on stdout; "
        "exits 1 when there is any. With no PATH, checks every scenario the game would offer.",
    )
    p_validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="a scenario file, a directory of them, or a scenario id"
    )
    actions.add_parser("schema", help="print the JSON Schema of a scenario file")
    parser.set_defaults(json=False)
    return parser


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "scenarios_command", None) or "list"
    if command == "schema":
        from dojo.scenarios.schema import schema_text

        sys.stdout.write(schema_text())
        return 0
    if command == "validate":
        return validate(args.paths)
    return list_command(as_json=args.json)


def list_command(*, as_json: bool) -> int:
    from dojo.scenarios.registry import ScenarioInfo, discover
    from dojo.terminal import clean, clean_json, warn

    catalog = discover()
    for _path, exc in catalog.broken:
        n = len(exc.problems)
        warn(f"skipped {exc.file}: {n} problem{'s' if n != 1 else ''} (dojo scenarios validate {exc.file})")
    if not catalog.scenarios:
        from dojo.errors import UserError
        from dojo.scenarios.registry import nothing_found

        raise UserError(nothing_found())
    if as_json:
        from pydantic import TypeAdapter

        sys.stdout.write(clean_json(TypeAdapter(list[ScenarioInfo]).dump_json(catalog.scenarios, indent=2).decode()) + "\n")
        return 0
    header = ("ID", "TITLE", "DOMAIN", "DIFFICULTY", "PERSONA")
    rows = [
        tuple(clean(cell) for cell in (s.id, s.title, s.domain, s.difficulty, ", ".join(s.persona) or "-"))
        for s in catalog.scenarios
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
    return 0


def validate(paths: list[str]) -> int:
    import re
    from pathlib import Path

    from dojo.errors import UserError
    from dojo.scenarios.index import ScenarioIndex
    from dojo.scenarios.loader import Problem, display_path
    from dojo.scenarios.registry import is_a, scenario_dirs, scenario_files
    from dojo.terminal import echo

    problems: list[Problem] = []
    files: list[Path] = []
    if not paths:
        dirs = scenario_dirs()
        if not dirs:
            raise UserError("no built-in scenarios in this install; pass PATHs or set DOJO_SCENARIOS")
        for directory, _ in dirs:
            files += scenario_files(directory)
    for arg in paths:
        p = Path(arg)
        if not is_a(p, "file") and not is_a(p, "dir") and re.fullmatch(r"[a-z][a-z0-9-]*", arg):
            p = _path_of_id(arg) or p  # a scenario id, as in ``dojo scenarios list``
        if is_a(p, "dir"):
            in_dir = scenario_files(p)
            if not in_dir:
                problems.append(Problem(display_path(p), None, "", "no *.yaml scenario files in this directory"))
            files += in_dir
        else:
            files.append(p)

    seen_ids: dict[str, str] = {}
    bad_files = 0
    index = ScenarioIndex.open()  # a file unchanged since it was last checked is not parsed again
    for path in files:
        outcome = index.check(path)
        found = outcome.strict_problems()
        if not found and outcome.listed is not None:
            file, sid = display_path(path), outcome.listed.id
            if sid in seen_ids:
                line = _id_line(path, re)
                found = [Problem(file, line, "id", f"scenario id {sid!r} is also used by {seen_ids[sid]}")]
            else:
                seen_ids[sid] = file
        if found:
            bad_files += 1
            problems += found
    index.save()
    for problem in problems:
        echo(str(problem))  # file names, keys and values come from the files: nothing raw
    if problems:
        n = len(problems)
        print(
            f"{n} problem{'s' if n != 1 else ''} in {bad_files} of {len(files)} scenario file{'s' if len(files) != 1 else ''}",
            file=sys.stderr,
        )
        return 1
    print(f"ok: {len(files)} scenario{'s' if len(files) != 1 else ''}")
    return 0


def _path_of_id(scenario_id: str) -> Path | None:
    from dojo.scenarios.registry import discover, find_path

    path = find_path(scenario_id)
    if path is None:
        path = next((p for p, _ in discover().broken if p.stem == scenario_id), None)
    return path


def _id_line(path: Path, re: ModuleType) -> int | None:
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if re.match(r"id\s*:", line):
                return i
    except (OSError, UnicodeDecodeError):
        pass
    return None
