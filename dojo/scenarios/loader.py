"""Loading a scenario file: safe YAML 1.2, pydantic validation, every problem with its line.

Reading, the YAML bounds and the line of every problem are :mod:`dojo.yamldata`'s, shared with
plan files; what is a scenario's own is here: its :class:`~dojo.yamldata.Kind`, the
cross-reference checks (:mod:`.checks`), reported with the pydantic errors and sorted by line,
and writing a scenario back as YAML (:func:`dumps`).

The ``# yaml-language-server: $schema=...scenario.schema.json`` first line is required
only when ``require_schema_line=True`` (``dojo scenarios validate`` sets it): the game
loads a scenario without it, but a checked-in scenario should let editors check keys.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from dojo import yamldata
from dojo.scenarios import MAX_SCENARIO_BYTES as MAX_SCENARIO_BYTES  # re-exported: the loader enforces it
from dojo.scenarios.models import ResponseKey, Scenario
from dojo.yamldata import FileProblems, Kind, locate
from dojo.yamldata import Problem as Problem  # re-exported, with the two below: scenario modules use them from here
from dojo.yamldata import display_path as display_path
from dojo.yamldata import first_line as first_line
from dojo.yamldata import suggest as suggest


def _scenario_message(err: dict[str, Any]) -> str | None:
    """A scenario's own wording of a pydantic error (see :attr:`Kind.message`)."""
    if err["type"] == "value_error" and "is used twice" in err["msg"]:
        return ""  # ProcessModel's own duplicate-station check has no line; checks.py reports it precisely
    if err["type"] == "enum" and "[key]" in err["loc"]:
        value = str(err.get("input"))
        return f"unknown response key {value!r}{suggest(value, [k.value for k in ResponseKey])}"
    return None


KIND = Kind(
    name="scenario",
    model=Scenario,
    keys_hint="id:, title:, ...",
    typical_nodes="1,000",
    marks=frozenset(Scenario.model_fields) - {"title", "description", "type"},  # title: JSON Schemas have one too
    marks_hint="id, process, storyboard, ...",
    max_bytes=MAX_SCENARIO_BYTES,
    schema_file="scenario.schema.json",
    message=_scenario_message,
)
SCHEMA_LINE = KIND.schema_line


class ScenarioError(FileProblems):
    """A scenario file has problems. ``str()`` is one line; ``problems`` has them all."""

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        super().__init__(file, problems, KIND)


def read_problems(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The text of a scenario file, or (None, the problem reading it) with ``file`` as its label."""
    return yamldata.read_problems(path, file, KIND)


def schema_line_problems(first: str, file: str, base: Path | None) -> list[Problem]:
    """What is wrong with a scenario file's first line as the schema line (the index checks it afresh)."""
    return yamldata.schema_line_problems(first, file, base, KIND)


def check_text(
    text: str, file: str, *, require_schema_line: bool = False, base: Path | None = None
) -> tuple[Scenario | None, list[Problem]]:
    """Validate scenario text: ``(scenario or None, problems)``; the scenario is None unless problems is empty.

    ``base`` is the file's directory: with ``require_schema_line``, a relative schema path
    on the first line must name an existing file from there.
    """
    from dojo.scenarios.checks import check_changes, cross_check

    checked = yamldata.check_model(text, file, KIND, require_schema_line=require_schema_line, base=base)
    problems, scenario, raw = checked.problems, checked.model, checked.raw
    if raw is None:
        return None, sorted(problems, key=Problem.sort_key)
    findings = cross_check(checked.plain)
    if scenario is not None and not findings:
        findings = check_changes(scenario)
    for loc, message in findings:
        line, path = locate(raw, loc, keep_missing_last=True)
        problems.append(Problem(file, line, path, message))
    problems.sort(key=Problem.sort_key)
    return (None if problems else scenario), problems


def check_file(path: str | Path, *, require_schema_line: bool = False) -> tuple[Scenario | None, list[Problem]]:
    """Read and validate one file; never raises for anything the file contains."""
    p = Path(path)
    file = display_path(p)
    text, problems = read_problems(p, file)
    if text is None:
        return None, problems
    return check_text(text, file, require_schema_line=require_schema_line, base=p.parent)


def load_file(path: str | Path, *, require_schema_line: bool = False) -> Scenario:
    """The scenario in ``path``, or :class:`ScenarioError` with every problem found."""
    scenario, problems = check_file(path, require_schema_line=require_schema_line)
    if scenario is None:
        raise ScenarioError(display_path(path), problems)
    return scenario


def loads(text: str, file: str = "<string>") -> Scenario:
    """The scenario in ``text`` (``file`` names it in problems), or :class:`ScenarioError`."""
    scenario, problems = check_text(text, file)
    if scenario is None:
        raise ScenarioError(file, problems)
    return scenario


# --------------------------------------------------------------------------- dumping

_BLOCK_SAFE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\r]*")


def _block_ok(s: str) -> bool:
    """Whether a string survives as a ``|`` block scalar exactly."""
    return (
        "\n" in s
        and _BLOCK_SAFE.fullmatch(s) is not None
        and not s.startswith((" ", "\t", "\n"))
        and all(line == line.rstrip(" \t") for line in s.split("\n"))
        and not s.endswith("\n\n")
    )


def _for_yaml(value: Any) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {_for_yaml(k): _for_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_yaml(v) for v in value]
    if isinstance(value, str) and _block_ok(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and _BLOCK_SAFE.fullmatch(value) is None:
        return DoubleQuotedScalarString(value)  # line breaks YAML folds (\x85, \u2028) and control characters, escaped
    return value


def dumps(scenario: Scenario, *, schema: str = "scenario.schema.json") -> str:
    """The scenario as YAML text, with the schema line first; ``loads(dumps(s)) == s``."""
    data = _for_yaml(scenario.model_dump(mode="python", exclude_defaults=True))
    y = YAML(typ="rt")
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    buf.write(f"# yaml-language-server: $schema={schema}\n")
    y.dump(data, buf)
    return buf.getvalue()

