"""The scenario index: what listing and validating need of each scenario file, kept between runs.

``dojo scenarios list``, ``dojo scenarios validate`` and the home screen look at every
scenario file, and checking one takes about a tenth of a second (pure-Python YAML and every
cross-check): 200 files in ``DOJO_SCENARIOS`` cost close to a minute on every run. The index
keeps each file's outcome — what a listing shows, or the problems found — under the file's
stamp: its resolved path, size, ``mtime_ns`` and the SHA-256 of its bytes (reading and
hashing a file is cheap next to parsing it, and the hash catches an edit that keeps the size
and the time). An unchanged file is not parsed again; a changed or new one is; a removed
one's entry is dropped at the next write.

It is a cache, kept in the data directory as ``scenario-index.json``:

- written to a temporary file in the same directory, then moved over the old one with
  ``os.replace``: a reader sees the old index or the new one, never part of one. Several
  processes may write at once; the last one wins, and what another one learnt is at worst
  parsed again. Nothing is written when nothing changed;
- an index that cannot be read, is not JSON, does not fit its model, or was written by another
  build of the checks (:func:`fingerprint`: the dojo's version and its scenario and
  simulation code) is ignored and rebuilt, without a word;
- a data directory that cannot be created or written (read-only, full, a file in its place)
  means no caching: every file is parsed as before, and nothing is said.

Files that cannot be read as they are (a FIFO, too large, not UTF-8, changing while read) are
checked directly every time and never kept. The schema-line check of ``dojo scenarios
validate`` depends on other files, so only the first line is kept and checked afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pydantic
import ruamel.yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from dojo import __version__
from dojo.errors import UserError
from dojo.files import write_atomically
from dojo.scenarios import loader
from dojo.scenarios.loader import MAX_SCENARIO_BYTES, Problem, ScenarioError, display_path
from dojo.scenarios.models import Scenario
from dojo.storage.paths import data_dir

INDEX_NAME = "scenario-index.json"
INDEX_VERSION = 1
#: A larger file is no index this dojo wrote: it is ignored (and replaced).
MAX_INDEX_BYTES = 64 * 1024 * 1024
#: Entries kept for files not seen in this run (other DOJO_SCENARIOS directories), at most.
MAX_ENTRIES = 10_000

_DOJO_DIR = Path(__file__).resolve().parent.parent


class Listed(BaseModel):
    """What a listing shows of a valid scenario (its path and origin are known from where it was found)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    domain: str
    difficulty: str
    persona: list[str]
    premise: str
    learner: str

    @classmethod
    def of(cls, scenario: Scenario) -> Listed:
        return Listed(  # not cls: a subclass adds fields a scenario alone cannot fill
            id=scenario.id, title=scenario.title, domain=scenario.domain, difficulty=scenario.difficulty,
            persona=[t.value for t in scenario.learner.persona], premise=scenario.premise,
            learner=scenario.learner.name,
        )


class Entry(BaseModel):
    """One file: its stamp and the outcome of checking it (without the schema-line check)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    size: int
    mtime_ns: int
    sha256: str
    first_line: str
    listed: Listed | None = None
    problems: list[tuple[int | None, str, str]] = []  # (line, field path, message)


class _IndexFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    fingerprint: str
    entries: dict[str, Entry]


@dataclass(frozen=True)
class Outcome:
    """One file checked: what it lists as (valid) or its problems, with the file as shown now."""

    path: Path
    listed: Listed | None
    problems: tuple[Problem, ...]
    first_line: str | None  # None: the file could not be read as text (no schema-line check then)

    def error(self) -> ScenarioError:
        return ScenarioError(display_path(self.path), self.problems)

    def strict_problems(self) -> list[Problem]:
        """The problems ``dojo scenarios validate`` reports: with the schema-line check, sorted."""
        schema = (
            [] if self.first_line is None
            else loader.schema_line_problems(self.first_line, display_path(self.path), self.path.parent)
        )
        return sorted([*schema, *self.problems], key=Problem.sort_key)


def fingerprint() -> str:
    """Which build of the checks wrote an index: the versions of the dojo and of the parser and validator
    it uses, and the stamps of the code that checks a scenario (an edited check makes every entry stale)."""
    h = hashlib.sha256(f"{__version__}/{pydantic.VERSION}/{ruamel.yaml.__version__}".encode())
    for package in ("scenarios", "sim", "."):
        for p in sorted((_DOJO_DIR / package).glob("*.py")):
            with contextlib.suppress(OSError):
                st = p.stat()
                h.update(f"{package}/{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:32]


def default_location() -> Path | None:
    """Where the index lives: the data directory (None when there is none to be had)."""
    try:
        return data_dir() / INDEX_NAME
    except (UserError, OSError, RuntimeError, ValueError):
        return None


class ScenarioIndex:
    """The index as read at the start of a run; :meth:`check` each file, then :meth:`save` once."""

    def __init__(self, location: Path | None, *, write: bool = True) -> None:
        self.location = location
        self.write = write and location is not None
        self._fingerprint = fingerprint()
        self._old = self._read()
        self._seen: dict[str, Entry] = {}
        self._changed = False

    @classmethod
    def open(cls, *, write: bool = True) -> ScenarioIndex:
        return cls(default_location(), write=write)

    # -- reading and writing ---------------------------------------------------------------------

    def _read(self) -> dict[str, Entry]:
        if self.location is None:
            return {}
        try:
            st = self.location.stat()
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_INDEX_BYTES:
                return {}
            with self.location.open("rb") as f:
                data = _IndexFile.model_validate_json(f.read(MAX_INDEX_BYTES + 1))
        except (OSError, ValueError, ValidationError, RecursionError, MemoryError):
            return {}  # missing, unreadable, corrupt: rebuilt
        if data.version != INDEX_VERSION or data.fingerprint != self._fingerprint:
            return {}
        return data.entries

    def save(self) -> None:
        """Write the index if anything changed; quietly nothing when it cannot be written."""
        if not self.write or self.location is None:
            return
        unseen = {k: e for k, e in self._old.items() if k not in self._seen}
        seen_dirs = {str(Path(k).parent) for k in self._seen}
        gone = [k for k in unseen if str(Path(k).parent) in seen_dirs]  # every file there was looked at
        if not self._changed and not gone:
            return
        for k in gone:
            del unseen[k]
        kept = {k: e for k, e in unseen.items() if _is_file(k)}
        entries = dict(list(kept.items())[: max(0, MAX_ENTRIES - len(self._seen))]) | self._seen
        text = _IndexFile(version=INDEX_VERSION, fingerprint=self._fingerprint, entries=entries).model_dump_json()
        _write_atomically(self.location, text)

    # -- checking ---------------------------------------------------------------------------------

    def check(self, path: Path) -> Outcome:
        """The outcome of checking ``path``: from the index when its stamp is unchanged, else parsed now."""
        try:
            real = path.resolve(strict=True)
            st = real.stat()
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SCENARIO_BYTES:
                return _direct(path)
            with real.open("rb") as f:
                data = f.read(MAX_SCENARIO_BYTES + 1)
            text = data.decode("utf-8-sig")
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long, not UTF-8 …
            return _direct(path)
        if len(data) != st.st_size:
            return _direct(path)  # being written as we read: nothing to keep
        key, sha = str(real), hashlib.sha256(data).hexdigest()
        entry = self._old.get(key)
        if entry is None or (entry.size, entry.mtime_ns, entry.sha256) != (st.st_size, st.st_mtime_ns, sha):
            scenario, problems = loader.check_text(text, display_path(path))
            entry = Entry(
                size=st.st_size, mtime_ns=st.st_mtime_ns, sha256=sha, first_line=loader.first_line(text)[:1000],
                listed=Listed.of(scenario) if scenario is not None else None,
                problems=[(p.line, p.path, p.message) for p in problems],
            )
            self._changed = True
        self._seen[key] = entry
        shown = display_path(path)
        return Outcome(path, entry.listed, tuple(Problem(shown, *p) for p in entry.problems), entry.first_line)


def _direct(path: Path) -> Outcome:
    """A file checked without the index (it cannot be read as it is): never kept."""
    shown = display_path(path)
    text, problems = loader.read_problems(path, shown)
    if text is None:
        return Outcome(path, None, tuple(problems), None)
    scenario, problems = loader.check_text(text, shown)
    return Outcome(path, Listed.of(scenario) if scenario else None, tuple(problems), loader.first_line(text))


def _is_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _write_atomically(location: Path, text: str) -> None:
    """``text`` into ``location`` whole (:func:`dojo.files.write_atomically`); nothing on any OS error."""
    # Read-only, full, a file where the directory should be: no caching this time.
    with contextlib.suppress(OSError, ValueError):
        write_atomically(location, text, mode=0o644)  # as readable as the database next to it
