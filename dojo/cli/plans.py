"""``dojo plans``: list, validate and describe dojo plan files.

* ``dojo plans list [--json]`` (also plain ``dojo plans``): the plans on offer ($DOJO_PLANS,
  ``plans/`` in the data directory, the shipped ones), with their rounds. Files with
  problems are left out, with a warning on stderr.
* ``dojo plans validate [FILE...]``: check plan files (a directory means every ``*.yaml``
  in it; no FILE means every plan on offer). Each problem is one line on **stdout**,
  ``FILE:LINE: field.path: message``; a summary goes to stderr. Exit status: 0 all valid,
  2 problems found or a usage error.
* ``dojo plans schema``: print the JSON Schema
  (``dojo plans schema > plans/plan.schema.json`` regenerates the committed one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: Problems found in a plan file: the same status as any error a user can cause.
INVALID = 2


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "plans",
        help="list, validate and describe dojo plans (rounds a group plays)",
        description="List, validate and describe dojo plan files. Without a subcommand, lists them.",
    )
    actions = parser.add_subparsers(dest="plans_command", metavar="SUBCOMMAND")
    p_list = actions.add_parser("list", help="list the plans on offer and their rounds")
    p_list.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p_validate = actions.add_parser(
        "validate",
        help="check plan files and print every problem as FILE:LINE: field.path: message",
        description="Check plan files, and that every round's scenario is on offer. Prints every "
        "problem, one per line, on stdout; exits 2 when there is any. With no FILE, checks every plan on offer.",
    )
    p_validate.add_argument("paths", nargs="*", metavar="FILE", help="a plan file or a directory of them")
    actions.add_parser("schema", help="print the JSON Schema of a plan file")
    parser.set_defaults(json=False)
    return parser


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "plans_command", None) or "list"
    if command == "schema":
        from dojo.plans.schema import schema_text

        sys.stdout.write(schema_text())
        return 0
    if command == "validate":
        return validate(args.paths)
    return list_command(as_json=args.json)


def list_command(*, as_json: bool) -> int:
    from dojo.errors import UserError
    from dojo.plans.registry import ENV_VAR, data_plans_dir, discover
    from dojo.terminal import clean_json, echo, warn
    from dojo.yamldata import display_path

    catalog = discover()
    for _path, exc in catalog.broken:
        n = len(exc.problems)
        warn(f"skipped {exc.file}: {n} problem{'s' if n != 1 else ''} (dojo plans validate {exc.file})")
    if not catalog.plans:
        raise UserError(f"no plans found; put plan files in {display_path(data_plans_dir())} or set {ENV_VAR}")
    if as_json:
        import json

        rows = [
            {"id": f.plan.id, "title": f.plan.title, "file": f.file, "digest": f.digest,
             "rounds": [r.model_dump() for r in f.plan.rounds]}
            for f in catalog.plans
        ]
        sys.stdout.write(clean_json(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return 0
    for i, found in enumerate(catalog.plans):
        if i:
            echo()
        plan = found.plan
        echo(f"{plan.id}  {plan.title}  ({len(plan.rounds)} round{'s' if len(plan.rounds) != 1 else ''}, {found.file})")
        for n, r in enumerate(plan.rounds, 1):
            echo(f"  {n}. {r.title}: {r.scenario} seed {r.seed}, {r.mode}, {r.minutes} min. Focus: {r.focus}")
    return 0


def validate(paths: list[str]) -> int:
    from dojo.errors import UserError
    from dojo.plans.loader import check_file
    from dojo.plans.registry import plan_dirs
    from dojo.scenarios.registry import is_a, scenario_files
    from dojo.terminal import echo
    from dojo.yamldata import Problem, display_path

    problems: list[Problem] = []
    files: list[Path] = []
    if not paths:
        dirs = plan_dirs()
        if not dirs:
            raise UserError("no plans on offer; pass FILEs or set DOJO_PLANS")
        for directory in dirs:
            files += scenario_files(directory)
    for arg in paths:
        p = Path(arg)
        if is_a(p, "dir"):
            in_dir = scenario_files(p)
            if not in_dir:
                problems.append(Problem(display_path(p), None, "", "no *.yaml plan files in this directory"))
            files += in_dir
        else:
            files.append(p)
    seen: dict[str, str] = {}
    bad_files = 0
    for path in files:
        found, file_problems = check_file(path, require_schema_line=True)
        if found is not None:
            if found.plan.id in seen:
                line = _id_line(path)
                file_problems = [Problem(found.file, line, "id", f"plan id {found.plan.id!r} is also used by {seen[found.plan.id]}")]
            else:
                seen[found.plan.id] = found.file
        if file_problems:
            bad_files += 1
            problems += file_problems
    for problem in problems:
        echo(str(problem))  # file names, keys and values come from the files: nothing raw
    if problems:
        n = len(problems)
        s = "s" if len(files) != 1 else ""
        print(f"{n} problem{'s' if n != 1 else ''} in {bad_files} of {len(files)} plan file{s}", file=sys.stderr)
        return INVALID
    print(f"ok: {len(files)} plan{'s' if len(files) != 1 else ''}")
    return 0


def _id_line(path: Path) -> int | None:
    """The line of a valid plan file's top-level ``id:`` key."""
    import re

    try:
        for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if re.match(r"id\s*:", line):
                return i
    except (OSError, UnicodeDecodeError):
        pass
    return None
