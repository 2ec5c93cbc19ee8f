"""Finding plans: the shipped ones, the data directory's, and ``$DOJO_PLANS``.

Where plans are looked for, in this order (the first file with an id wins, so a facilitator's
own copy shadows a shipped one with the same id), as scenarios are
(:mod:`dojo.scenarios.registry`):

1. every directory in ``$DOJO_PLANS`` (several are separated by ``os.pathsep``); one that
   does not exist is a one-line error;
2. ``plans/`` in the data directory (``--data-dir``, ``$DOJO_HOME``): where a facilitator
   puts the plan a group plays on a shared machine or ``dojo serve``;
3. the shipped plans: ``dojo/plans/builtin/`` inside an installed package (``setup.py``
   copies the repository's ``plans/`` there), or the repository's ``plans/`` next to the
   ``dojo`` package (recognised by its ``plan.schema.json``).

Plan files are ``*.yaml`` (and ``*.yml``) directly in those directories. A plan is a page of
YAML, so each is read afresh; the scenarios its rounds name are looked up in the scenario
registry, which caches them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dojo.errors import UserError
from dojo.plans.loader import PlanError, PlanFile, ScenarioCheck, known_scenarios, load_file
from dojo.scenarios.registry import extra_dirs, is_a, scenario_files
from dojo.storage.paths import data_dir
from dojo.yamldata import display_path, suggest

ENV_VAR = "DOJO_PLANS"
SCHEMA_FILE = "plan.schema.json"
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class Catalog:
    """Every plan found: the valid ones (first id wins), their files, and the files with problems."""

    plans: list[PlanFile] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    broken: list[tuple[Path, PlanError]] = field(default_factory=list)


def builtin_dir() -> Path | None:
    """The directory of shipped plans: the package's data, then the repository's ``plans/``."""
    packaged, repo = _PACKAGE_DIR / "builtin", _PACKAGE_DIR.parent.parent / "plans"
    if is_a(packaged, "dir"):
        return packaged
    if is_a(repo / SCHEMA_FILE, "file"):
        return repo
    return None


def data_plans_dir() -> Path:
    """``plans/`` in the data directory (it need not exist)."""
    return data_dir() / "plans"


def plan_dirs() -> list[Path]:
    """The directories plans are read from, in search order (those that exist)."""
    dirs = extra_dirs(ENV_VAR)
    own = data_plans_dir()
    if is_a(own, "dir"):
        dirs.append(own)
    shipped = builtin_dir()
    if shipped is not None:
        dirs.append(shipped)
    return dirs


def discover(*, scenario_check: ScenarioCheck | None = None) -> Catalog:
    """Every plan on offer; files with problems are kept apart in ``broken``. Rounds are checked with
    ``scenario_check`` (default: against the scenarios on offer, listed once)."""
    catalog = Catalog()
    check = scenario_check or known_scenarios()
    for directory in plan_dirs():
        for path in scenario_files(directory):
            try:
                found = load_file(path, scenario_check=check)
            except PlanError as exc:
                catalog.broken.append((path, exc))
                continue
            if found.plan.id in catalog.paths:
                continue  # shadowed by an earlier directory
            catalog.paths[found.plan.id] = path
            catalog.plans.append(found)
    return catalog


def _looks_like_path(value: str) -> bool:
    return os.sep in value or "/" in value or value.endswith((".yaml", ".yml")) or is_a(Path(value), "file")


def load_plan(id_or_path: str | Path) -> PlanFile:
    """A plan by id (as ``dojo plans list`` shows) or by file path.

    Raises :class:`PlanError` for a file with problems and :class:`UserError` for an unknown
    id, listing the known ones.
    """
    if isinstance(id_or_path, Path) or _looks_like_path(id_or_path):
        return load_file(Path(id_or_path))
    catalog = discover()
    if id_or_path in catalog.paths:
        return next(p for p in catalog.plans if p.plan.id == id_or_path)
    for path, exc in catalog.broken:
        if path.stem == id_or_path:
            raise exc  # the facilitator meant that file: say what is wrong with it
    known = sorted(catalog.paths)
    if not known:
        places = ", ".join(display_path(d) for d in plan_dirs()) or f"{display_path(data_plans_dir())} (none there)"
        raise UserError(f"unknown plan {id_or_path!r}: no plans found in {places}; set {ENV_VAR} or give a plan file's path")
    raise UserError(f"unknown plan {id_or_path!r}{suggest(id_or_path, known)}; known: {', '.join(known)}")
