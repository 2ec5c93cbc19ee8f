"""Finding scenarios: the built-in ones and the player's own.

Where scenarios are looked for, in this order (the first file with an id wins, so a
player's own copy shadows a built-in one with the same id):

1. every directory in ``$DOJO_SCENARIOS`` (several are separated by ``os.pathsep``);
   a directory named there that does not exist is a one-line error;
2. the built-in scenarios, the first of:

   a. ``dojo/scenarios/builtin/`` inside the installed package: every wheel or sdist
      built from the repository carries ``scenarios/`` there as package data (the build
      hook in ``setup.py``), so ``pip install`` and ``pipx install`` have them;
   b. the repository's ``scenarios/`` directory next to the ``dojo`` package, which is
      what an editable install (``pip install -e .``, ``make play``) or a source checkout
      sees. It is recognised by its ``scenario.schema.json``, so an unrelated
      ``site-packages/scenarios`` directory is never mistaken for it.

When no scenario is found at all, :func:`nothing_found` says where the dojo looked.

Scenario files are ``*.yaml`` (and ``*.yml``) directly in those directories. Listing them
goes through the scenario index (:mod:`.index`, kept in the data directory between runs),
so an unchanged file is not parsed again; a scenario looked up by id or path is parsed and
cached in-process by path, size and modification time, and an edited file is re-read.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dojo.errors import UserError
from dojo.files import read_text
from dojo.scenarios.index import Listed, ScenarioIndex
from dojo.scenarios.loader import MAX_SCENARIO_BYTES, ScenarioError, display_path, load_file, suggest
from dojo.scenarios.models import Scenario

ENV_VAR = "DOJO_SCENARIOS"
SCHEMA_FILE = "scenario.schema.json"
_PACKAGE_DIR = Path(__file__).resolve().parent


class ScenarioInfo(Listed):
    """What a home screen or ``dojo scenarios list`` shows about a scenario: what the index
    keeps of it (:class:`~dojo.scenarios.index.Listed`), and where it was found."""

    path: str
    builtin: bool

    @classmethod
    def found(cls, scenario: Scenario, path: Path, *, builtin: bool) -> ScenarioInfo:
        return cls.listed(Listed.of(scenario), path, builtin=builtin)

    @classmethod
    def listed(cls, listed: Listed, path: Path, *, builtin: bool) -> ScenarioInfo:
        return cls(**listed.model_dump(), path=display_path(path), builtin=builtin)


@dataclass
class Catalog:
    """Every scenario found: the valid ones (by id, first wins) and the files with problems."""

    scenarios: list[ScenarioInfo] = field(default_factory=list)
    broken: list[tuple[Path, ScenarioError]] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)


def is_a(path: Path, kind: str) -> bool:
    """``path.is_dir()`` / ``is_file()`` that says False for a name too long, a symlink loop or any OS error."""
    try:
        return path.is_dir() if kind == "dir" else path.is_file()
    except (OSError, ValueError):
        return False


def builtin_candidates() -> tuple[Path, Path]:
    """Where built-in scenarios may be: the package's data, then the repository's directory."""
    return _PACKAGE_DIR / "builtin", _PACKAGE_DIR.parent.parent / "scenarios"


def builtin_dir() -> Path | None:
    """The directory of built-in scenarios, or None when this install has none."""
    packaged, repo = builtin_candidates()
    if packaged.is_dir():
        return packaged
    if (repo / SCHEMA_FILE).is_file():
        return repo
    return None


def nothing_found() -> str:
    """One line for when no scenario was found: every place looked in, and the way out."""
    places = [display_path(d) for d in extra_dirs()] or [f"${ENV_VAR} (not set)"]
    builtin = builtin_dir()
    if builtin is not None:
        places.append(display_path(builtin))
    else:
        places += [f"{display_path(p)} (no built-in scenarios there)" for p in builtin_candidates()]
    return f"no scenarios found in {', '.join(places)}; set {ENV_VAR} to a directory of scenario files"


def extra_dirs(var: str = ENV_VAR) -> list[Path]:
    """The directories named in ``$DOJO_SCENARIOS`` (or in ``var``: ``$DOJO_PLANS`` for plans)."""
    value = os.environ.get(var, "")
    dirs = []
    for entry in value.split(os.pathsep):
        if not entry.strip():
            continue
        try:
            p = Path(entry).expanduser()
        except RuntimeError:  # '~nobody/...'
            raise UserError(f"{var}: {entry}: no such user's home directory") from None
        if not is_a(p, "dir"):
            raise UserError(f"{var}: {entry}: no such directory")
        dirs.append(p)
    return dirs


def scenario_dirs() -> list[tuple[Path, bool]]:
    """``(directory, is_builtin)`` in search order."""
    dirs = [(d, False) for d in extra_dirs()]
    builtin = builtin_dir()
    if builtin is not None:
        dirs.append((builtin, True))
    return dirs


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files (``*.yaml``, ``*.yml``) directly in ``directory``, sorted by name (plans are found the same way)."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and is_a(p, "file"))
    except OSError as exc:
        raise UserError(f"{display_path(directory)}: cannot list the directory: {exc.strerror or exc}") from None


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], Scenario | ScenarioError]] = {}


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _load_cached(path: Path) -> Scenario:
    try:
        p = path.resolve()
        st = p.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a name too long, a NUL
        return load_file(path)  # raises ScenarioError naming the problem
    with _lock:
        hit = _cache.get(p)
    if hit is not None and hit[0] == stamp:
        result = hit[1]
    else:
        try:
            result = load_file(path)
        except ScenarioError as exc:
            result = exc
        with _lock:
            _cache[p] = (stamp, result)
    if isinstance(result, ScenarioError):
        raise result
    return result


def parsed() -> list[Scenario]:
    """The valid scenarios parsed so far, by id or by path (e.g. the one a saved session was played on)."""
    with _lock:
        return [hit[1] for hit in _cache.values() if not isinstance(hit[1], ScenarioError)]


def discover(*, keep_index: bool = True) -> Catalog:
    """Every scenario on offer, through the scenario index (:mod:`.index`): a file unchanged since
    it was last checked is not parsed again. ``keep_index=False`` reads the index but writes nothing
    (the game with ``--no-save`` keeps nothing)."""
    index = ScenarioIndex.open(write=keep_index)
    catalog = Catalog()
    for directory, builtin in scenario_dirs():
        for path in scenario_files(directory):
            outcome = index.check(path)
            if outcome.listed is None:
                catalog.broken.append((path, outcome.error()))
                continue
            if outcome.listed.id in catalog.paths:
                continue  # shadowed by an earlier directory (or a duplicate: validate reports it)
            catalog.paths[outcome.listed.id] = path
            catalog.scenarios.append(ScenarioInfo.listed(outcome.listed, path, builtin=builtin))
    index.save()
    return catalog


#: A top-level ``id:`` line, as scenario files write it (a plain or quoted id, maybe a comment).
_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([a-z][a-z0-9-]*)\1[ \t]*(?:#.*)?$""", re.M)


def written_id(path: Path) -> str | None:
    """The id a scenario file declares, read from its text without parsing the YAML, or None when
    that cannot be told so simply (no such line, or more than one). Cheap: a look-up by id reads
    every file but parses only the one it wants."""
    try:
        text = read_text(path, what="scenario file", max_bytes=MAX_SCENARIO_BYTES)
    except UserError:
        return None
    found = _ID_LINE.findall(text)
    return found[0][1] if len(found) == 1 else None


def find_path(scenario_id: str) -> Path | None:
    """The file of the scenario ``scenario_id`` that :func:`discover` would pick, parsing only candidates.

    A file is parsed only when its ``id:`` line names ``scenario_id`` or cannot be read
    simply; the first valid one in search order wins, as in :func:`discover`.
    """
    for directory, _ in scenario_dirs():
        for path in scenario_files(directory):
            written = written_id(path)
            if written is not None and written != scenario_id:
                continue
            try:
                scenario = _load_cached(path)
            except ScenarioError:
                continue
            if scenario.id == scenario_id:
                return path
    return None


def _known_ids(wanted: str) -> list[str]:
    """The ids on offer, for an unknown id's message, parsing only files whose id line cannot be read;
    a broken file named after ``wanted`` raises its own problems (the player meant that one)."""
    known: set[str] = set()
    for directory, _ in scenario_dirs():
        for path in scenario_files(directory):
            written = written_id(path)
            if written is not None and path.stem != wanted:
                known.add(written)
                continue
            try:
                known.add(_load_cached(path).id)
            except ScenarioError:
                if path.stem == wanted:
                    raise
    return sorted(known)


def list_scenarios(*, keep_index: bool = True) -> list[ScenarioInfo]:
    """Every valid scenario, player's own first, then built-in, each sorted by file name.

    Files with problems are left out; :func:`discover` returns them too.
    """
    return discover(keep_index=keep_index).scenarios


def _looks_like_path(value: str) -> bool:
    return os.sep in value or "/" in value or value.endswith((".yaml", ".yml")) or is_a(Path(value), "file")


def load_scenario(id_or_path: str | Path) -> Scenario:
    """A scenario by id (from :func:`list_scenarios`) or by file path.

    Raises :class:`ScenarioError` for a file with problems and :class:`UserError` for an
    unknown id, listing the known ones.
    """
    if isinstance(id_or_path, Path) or _looks_like_path(id_or_path):
        return _load_cached(Path(id_or_path))
    path = find_path(id_or_path)
    if path is not None:
        return _load_cached(path)
    known = _known_ids(id_or_path)
    if not known:
        raise UserError(f"unknown scenario {id_or_path!r}: {nothing_found()}")
    raise UserError(f"unknown scenario {id_or_path!r}{suggest(id_or_path, known)}; known: {', '.join(known)}")
