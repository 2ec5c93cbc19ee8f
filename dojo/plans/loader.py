"""Loading a plan file: YAML read as data through the scenario files' bounded loader, every problem at its line.

A plan is read exactly as a scenario is (:mod:`dojo.yamldata`: safe YAML 1.2, bounded in
bytes, values, nesting and aliases, no tags, a pydantic model with ``extra="forbid"``), and
every problem renders as ``FILE:LINE: field.path: message``. On top of the model a plan is
checked against the scenarios on offer: a round that names an unknown scenario is reported at
its ``scenario:`` line with the round's number ("round 2 names an unknown scenario ...").

A plan's digest is the SHA-256 of its text: sessions carry it in their
:class:`~dojo.session.record.PlanTag`, so a report can tell sessions played on an edited plan.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from dojo import yamldata
from dojo.plans.models import ID_PATTERN, Plan
from dojo.scenarios.registry import discover as scenario_catalog
from dojo.scenarios.registry import nothing_found
from dojo.session.record import PlanTag
from dojo.yamldata import (
    FileProblems,
    Kind,
    Problem,
    display_path,
    locate,
    suggest,
)

#: A plan is a page of YAML; a thousand times that is no plan.
MAX_PLAN_BYTES = 64 * 1024

KIND = Kind(
    name="plan",
    model=Plan,
    keys_hint="id:, title:, rounds:",
    typical_nodes="60",
    marks=frozenset({"rounds"}),  # id and title: a scenario has them too
    marks_hint="rounds",
    max_bytes=MAX_PLAN_BYTES,
    schema_file="plan.schema.json",
)

#: What is wrong with a round naming a scenario id (said after "round N"), or None when it can be played.
ScenarioCheck = Callable[[str], "str | None"]


@dataclass(frozen=True)
class PlanFile:
    """A valid plan, with the digest of its text and where it was read from."""

    plan: Plan
    digest: str
    file: str

    def tag(self, number: int) -> PlanTag:
        """The tag a session played for round ``number`` carries (ValueError for no such round)."""
        self.plan.round(number)
        return PlanTag(plan_id=self.plan.id, round=number, plan_digest=self.digest)


class PlanError(FileProblems):
    """A plan file has problems. ``str()`` is one line; ``problems`` has them all."""

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        super().__init__(file, problems, KIND)


def digest(text: str) -> str:
    """The SHA-256 of a plan's text (hex): what :class:`PlanTag` keeps of the plan as played."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def offered(known: Collection[str], broken: Mapping[str, Exception] | None = None) -> ScenarioCheck:
    """A check of round scenarios against the ids ``known`` (``broken``: files with problems, by
    their name without ``.yaml``, which a round may have meant). Its answer is said after
    "round N": "names an unknown scenario 'x'; did you mean 'y'?; known: ..."."""
    ids = sorted(known)
    broken = broken or {}

    def check(scenario_id: str) -> str | None:
        if scenario_id in known:
            return None
        if scenario_id in broken:
            return f"names scenario {scenario_id!r}, whose file has problems: {broken[scenario_id]}"
        if not ids:
            return f"names an unknown scenario {scenario_id!r}: {nothing_found()}"
        return f"names an unknown scenario {scenario_id!r}{suggest(scenario_id, ids)}; known: {', '.join(ids)}"

    return check


def known_scenarios() -> ScenarioCheck:
    """A check of round scenarios against the scenarios on offer, through the scenario index (a file
    unchanged since it was last checked is not parsed again: a plan names scenarios by id, and
    parsing them would cost a second or more)."""
    catalog = scenario_catalog()
    return offered(set(catalog.paths), {path.stem: exc for path, exc in catalog.broken})


_ID = re.compile(ID_PATTERN)


def _scenario_problems(raw: CommentedMap, plain: dict[str, object], file: str, check: ScenarioCheck) -> list[Problem]:
    """One problem per round whose scenario cannot be played (each distinct id is looked up once)."""
    rounds = plain.get("rounds")
    if not isinstance(rounds, list):
        return []
    verdicts: dict[str, str | None] = {}
    problems = []
    for i, entry in enumerate(rounds):
        sid = entry.get("scenario") if isinstance(entry, dict) else None
        if not isinstance(sid, str) or not _ID.match(sid):
            continue  # the model reports what is wrong with it
        if sid not in verdicts:
            verdicts[sid] = check(sid)
        why = verdicts[sid]
        if why is not None:
            line, path = locate(raw, ("rounds", i, "scenario"))
            problems.append(Problem(file, line, path, f"round {i + 1} {why}"))
    return problems


def check_text(
    text: str,
    file: str,
    *,
    require_schema_line: bool = False,
    base: Path | None = None,
    scenario_check: ScenarioCheck | None = None,
) -> tuple[PlanFile | None, list[Problem]]:
    """Validate plan text: ``(plan or None, problems)``; the plan is None unless problems is empty.

    ``scenario_check`` says why a round's scenario cannot be played (None: against the scenarios
    on offer, :func:`known_scenarios`). Each distinct id is checked once.
    """
    checked = yamldata.check_model(text, file, KIND, require_schema_line=require_schema_line, base=base)
    problems, plan = checked.problems, checked.model
    if checked.raw is None:
        return None, sorted(problems, key=Problem.sort_key)
    problems += _scenario_problems(checked.raw, checked.plain, file, scenario_check or known_scenarios())
    problems.sort(key=Problem.sort_key)
    if problems or plan is None:
        return None, problems
    return PlanFile(plan, digest(text), file), []


def check_file(
    path: str | Path, *, require_schema_line: bool = False, scenario_check: ScenarioCheck | None = None
) -> tuple[PlanFile | None, list[Problem]]:
    """Read and validate one plan file; never raises for anything the file contains."""
    p = Path(path)
    file = display_path(p)
    text, problems = yamldata.read_problems(p, file, KIND)
    if text is None:
        return None, problems
    return check_text(text, file, require_schema_line=require_schema_line, base=p.parent, scenario_check=scenario_check)


def load_file(path: str | Path, *, scenario_check: ScenarioCheck | None = None) -> PlanFile:
    """The plan in ``path``, or :class:`PlanError` with every problem found."""
    found, problems = check_file(path, scenario_check=scenario_check)
    if found is None:
        raise PlanError(display_path(path), problems)
    return found


def loads(text: str, file: str = "<string>", *, scenario_check: ScenarioCheck | None = None) -> PlanFile:
    """The plan in ``text`` (``file`` names it in problems), or :class:`PlanError`."""
    found, problems = check_text(text, file, scenario_check=scenario_check)
    if found is None:
        raise PlanError(file, problems)
    return found
