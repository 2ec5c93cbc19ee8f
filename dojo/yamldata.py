"""Reading a YAML file a person wrote (a scenario, a plan) as data: safe, bounded, every problem at its line.

Nothing in such a file is evaluated or turned into an object other than plain mappings,
lists, strings, numbers, booleans and dates. ruamel.yaml's round-trip loader (``typ="rt"``)
keeps the line of every key and item (``.lc``), so a pydantic error at
``process.stations.1.mean`` is reported at the line where that key is written.

Every problem in a file is collected before anything is raised:

* read problems (missing file, a directory, too large, not UTF-8) and YAML problems
  (syntax error, duplicate key, nesting deeper than 40, aliases that expand too far, a
  top level that is not a mapping) stop there: there is no data to check further;
* otherwise explicit tags (each one a problem; the value is read as plain text, list or
  mapping so the rest can still be checked), keys that are not text and all pydantic
  errors are reported together, sorted by line.

A problem renders as ``FILE:LINE: field.path: message`` (``FILE: message`` when there is
no line, e.g. a missing file). List indices in paths count from 0, lines from 1.

What differs between kinds of file (the model, its name in messages, its schema file) is a
:class:`Kind`; :mod:`dojo.scenarios.loader` and :mod:`dojo.plans.loader` each define one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from dojo.errors import UserError
from dojo.files import read_text

#: Aliases (``*name``) are allowed, but the expanded document must stay this small
#: ("billion laughs" files are refused instead of hanging the validator).
MAX_VALUES = 50_000
#: Keys and values as written (parser events): a built-in scenario has about 900, and the
#: pure-Python parser takes a fraction of a millisecond for each.
MAX_NODES = 10_000
#: ... and this much text (a built-in scenario has about 40,000 characters).
MAX_EXPANDED_CHARS = 2_000_000

#: Deeper nesting is refused while parsing (the YAML composer is recursive).
MAX_DEPTH = 40

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a line (1-based) and a dotted field path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.path, self.message)



@dataclass(frozen=True)
class Kind:
    """A kind of YAML file: its model, how messages name it, and the schema its first line points at."""

    name: str  #: "scenario", "plan"
    model: type[BaseModel]
    #: keys shown in "the top level must be a mapping of keys (id:, title:, ...)"
    keys_hint: str
    #: how many keys and values a typical file holds, for the "too many" message
    typical_nodes: str
    #: top-level keys only this kind has: a file with none of them is "not a scenario" in one line
    marks: frozenset[str]
    #: some of them, as the message names them: "id, process, storyboard, ..."
    marks_hint: str
    max_bytes: int
    schema_file: str  #: "scenario.schema.json"
    #: words a pydantic error this kind's own way: None for the usual wording, "" to leave it out
    message: Callable[[dict[str, Any]], str | None] | None = None

    @property
    def schema_line(self) -> str:
        return f"# yaml-language-server: $schema={self.schema_file}"


class FileProblems(UserError):
    """A ``kind`` file has problems. ``str()`` is one line (the first problem, and how to see the
    rest: ``dojo scenarios validate FILE``); ``problems`` has them all, sorted by line."""

    def __init__(self, file: str, problems: Iterable[Problem], kind: Kind) -> None:
        self.file = file
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        first = str(self.problems[0]) if self.problems else f"{file}: invalid {kind.name}"
        more = len(self.problems) - 1
        if more > 0:
            first += f" (and {more} more problem{'s' if more > 1 else ''}; see: dojo {kind.name}s validate {file})"
        super().__init__(first)


def display_path(path: str | Path) -> str:
    """A path as the user should see it: relative to the working directory when under it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return str(p)


# --------------------------------------------------------------------------- reading


def _exists(path: Path) -> bool:
    """Whether ``path`` is a file; False for a name too long or a symlink loop too."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


#: Integers beyond this are no count, size or time a scenario holds (and Python refuses to
#: turn more than 4,300 digits into a number at all).
MAX_INT = 10**15


class _BadScalar(Exception):
    """A plain value the YAML parser accepts but no Python value can hold (``2026-02-30``, 5,000 digits)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def _scalar_text(node: Any) -> str:
    text = str(node.value)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text):,} characters)"


def _guarded(construct: Any, what: str) -> Any:
    """A constructor method that turns ``ValueError``/``OverflowError`` into :class:`_BadScalar` at the node's line."""

    def method(self: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            value = construct(self, node, *args, **kwargs)
        except (ValueError, OverflowError) as exc:
            detail = str(exc).split(";")[0]
            if "offset must be" in detail:
                detail = "a time zone offset is less than 24 hours"
            elif "digits" in detail:
                detail = f"too large a number (the limit is {MAX_INT:.0e})"
            raise _BadScalar(node.start_mark.line + 1, f"{_scalar_text(node)} is not a valid {what}: {detail}") from None
        if what == "integer" and isinstance(value, int) and abs(value) > MAX_INT:
            raise _BadScalar(node.start_mark.line + 1, f"{_scalar_text(node)} is too large a number (the limit is {MAX_INT:.0e})")
        return value

    return method


def _yaml(checked: list[tuple[int, str]] | None = None) -> YAML:
    """A round-trip YAML 1.2 loader.

    With ``checked`` (a list), explicit tags are stripped as they are parsed (the value is
    then read as a plain string, mapping or list) and ``(line, tag)`` appended to it, and
    nesting deeper than :data:`MAX_DEPTH` raises :class:`_TooDeep` before the recursive
    composer sees it. Done in the parser's event stream, so the text is parsed once.
    """
    y = YAML(typ="rt")
    y.version = (1, 2)  # the document is read as YAML 1.2 whatever it declares
    y.allow_duplicate_keys = False
    if checked is None:
        return y
    found = checked
    base = y.Parser

    class CheckingParser(base):  # type: ignore[misc, valid-type]  # ruamel.yaml picks its parser class at run time
        _dojo_depth = 0
        _dojo_nodes = 0  # parser events: keys, values, lists and mappings as written
        _dojo_size = 0  # characters of text (and one per node) the document holds with its aliases expanded
        _dojo_anchors: dict[str, int]
        _dojo_open: list[tuple[str | None, int]]

        def get_event(self) -> Any:
            ev = super().get_event()
            self._dojo_count(ev)
            if isinstance(ev, (ScalarEvent, CollectionStartEvent)) and ev.ctag is not None:
                found.append((ev.start_mark.line + 1, str(ev.ctag)))
                ev.ctag = None
            if isinstance(ev, CollectionStartEvent):
                self._dojo_depth += 1
                if self._dojo_depth > MAX_DEPTH:
                    raise _TooDeep(ev.start_mark.line + 1)
            elif isinstance(ev, CollectionEndEvent):
                self._dojo_depth -= 1
            return ev

        def _dojo_count(self, ev: Any) -> None:
            """Add the event's expanded size; an alias adds its anchor's whole size again."""
            if not hasattr(self, "_dojo_anchors"):
                self._dojo_anchors, self._dojo_open = {}, []
            if isinstance(ev, ScalarEvent):
                size = len(ev.value) + 1
                self._dojo_size += size
                if ev.anchor:
                    self._dojo_anchors[ev.anchor] = size
            elif isinstance(ev, CollectionStartEvent):
                self._dojo_open.append((ev.anchor, self._dojo_size))
                self._dojo_size += 1
            elif isinstance(ev, CollectionEndEvent) and self._dojo_open:
                anchor, start = self._dojo_open.pop()
                if anchor:
                    self._dojo_anchors[anchor] = self._dojo_size - start
            elif isinstance(ev, AliasEvent):
                self._dojo_size += self._dojo_anchors.get(ev.anchor, 0) + 1
            self._dojo_nodes += 1
            if self._dojo_nodes > MAX_NODES:
                raise _TooBig(f"more than {MAX_NODES:,} keys and values as written", expanded=False)
            if self._dojo_size > MAX_EXPANDED_CHARS:
                raise _TooBig(f"more than {MAX_EXPANDED_CHARS:,} characters of text")

    y.Parser = CheckingParser

    class CheckingConstructor(y.Constructor):  # type: ignore[name-defined]  # ruamel.yaml picks its constructor class at run time
        construct_yaml_int = _guarded(y.Constructor.construct_yaml_int, "integer")
        construct_yaml_float = _guarded(y.Constructor.construct_yaml_float, "number")
        construct_yaml_timestamp = _guarded(y.Constructor.construct_yaml_timestamp, "date")

    for tag, name in (("int", "construct_yaml_int"), ("float", "construct_yaml_float"), ("timestamp", "construct_yaml_timestamp")):
        CheckingConstructor.add_constructor(f"tag:yaml.org,2002:{tag}", getattr(CheckingConstructor, name))
    y.Constructor = CheckingConstructor
    return y

def read_problems(path: Path, file: str, kind: Kind) -> tuple[str | None, list[Problem]]:
    """The text of a ``kind`` file, or (None, the problem reading it) with ``file`` as its label."""
    try:
        return read_text(path, what=f"{kind.name} file", max_bytes=kind.max_bytes), []
    except UserError as exc:
        # read_text says "PATH: message" or "PATH:LINE: message"; keep our own FILE label.
        msg = str(exc)
        prefix = str(path)
        line = None
        if msg.startswith(prefix + ":"):
            msg = msg[len(prefix) + 1 :]
            m = re.match(r"(\d+): (.*)", msg, re.S)
            if m:
                line, msg = int(m.group(1)), m.group(2)
            msg = msg.strip()
        return None, [Problem(file, line, "", msg)]


class _TooBig(Exception):
    def __init__(self, what: str, *, expanded: bool = True) -> None:
        self.what = what
        self.expanded = expanded


class _Budget:
    """What the expanded document may still hold: values, and characters of text.

    Counted while aliases are expanded, so a small file whose aliases repeat a 300 kB
    string 40,000 times is refused after the first few copies are counted, not after
    12 GB of them are made.
    """

    def __init__(self) -> None:
        self.values = MAX_VALUES
        self.chars = MAX_EXPANDED_CHARS

    def take(self, chars: int = 0) -> None:
        self.values -= 1
        self.chars -= chars
        if self.values < 0:
            raise _TooBig(f"more than {MAX_VALUES:,} values")
        if self.chars < 0:
            raise _TooBig(f"more than {MAX_EXPANDED_CHARS:,} characters of text")


def _plain(obj: Any, budget: _Budget, stack: set[int], bad_keys: list[tuple[int | None, str]]) -> Any:
    """A plain-Python copy (dict, list, str, int, float, bool, date, None) with aliases expanded, bounded.

    Keys that are not text (``1:``, ``null:``, ``2026-01-01:``, ``? [a, b]``) become
    text, and ``(line, key)`` goes to ``bad_keys``.
    """
    budget.take(len(obj) if isinstance(obj, str) else 0)
    if isinstance(obj, dict):
        if id(obj) in stack:
            raise _TooBig("a recursive alias")
        stack.add(id(obj))
        out = {}
        for k, v in obj.items():
            key = k
            if not isinstance(k, str):
                pos = obj.lc.key(k) if isinstance(obj, CommentedMap) else None
                key = _key_text(k)
                bad_keys.append((pos[0] + 1 if pos else None, key))
            budget.take(len(key))
            out[str(key)] = _plain(v, budget, stack, bad_keys)
        stack.discard(id(obj))
        return out
    if isinstance(obj, (list, tuple)):
        if id(obj) in stack:
            raise _TooBig("a recursive alias")
        stack.add(id(obj))
        out_l = [_plain(v, budget, stack, bad_keys) for v in obj]
        stack.discard(id(obj))
        return out_l
    if isinstance(obj, bool):
        return bool(obj)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, dt.datetime):
        return dt.datetime(obj.year, obj.month, obj.day, obj.hour, obj.minute, obj.second, obj.microsecond, obj.tzinfo)
    if isinstance(obj, dt.date):
        return dt.date(obj.year, obj.month, obj.day)
    if obj is None:
        return None
    return str(obj)  # anything else the round-trip loader makes (sets, bytes...) is tags, refused earlier


def _key_text(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (dt.date, int, float)):
        return key.isoformat() if isinstance(key, dt.date) else str(key)
    if isinstance(key, (list, tuple)):
        return "[" + ", ".join(_key_text(k) for k in key) + "]"
    if isinstance(key, Mapping):
        return "{" + ", ".join(f"{_key_text(k)}: {_key_text(v)}" for k, v in key.items()) + "}"
    return " ".join(str(key).split())


def parse_yaml(text: str, file: str, kind: Kind) -> tuple[CommentedMap | None, Any, list[Problem]]:
    """Parse the text of a ``kind`` file: ``(raw data with line info, plain data, problems)``.

    The raw data is None when the file cannot be read as data at all. Explicit tags are
    problems, but their values are kept as plain strings/mappings/lists so the rest of
    the file is still checked.
    """
    tags: list[tuple[int, str]] = []
    try:
        raw = _yaml(tags).load(text)
    except _TooDeep as exc:
        return None, None, [Problem(file, exc.line, "", f"nested more than {MAX_DEPTH} levels deep")]
    except _BadScalar as exc:
        return None, None, [Problem(file, exc.line, "", exc.message)]
    except _TooBig as exc:
        if not exc.expanded:
            return None, None, [Problem(file, None, "", f"the document holds {exc.what}; a {kind.name} has about {kind.typical_nodes}")]
        return None, None, [Problem(file, None, "", f"the document expands to {exc.what} (recursive or repeated aliases?)")]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = "duplicate key" if type(exc).__name__ == "DuplicateKeyError" else "YAML syntax error"
        detail = _dup_detail(exc) if what == "duplicate key" else _syntax_detail(exc)
        return None, None, [Problem(file, line, "", f"{what}: {detail}".rstrip(": "))]
    except YAMLError as exc:
        return None, None, [Problem(file, None, "", f"YAML error: {_one_line(str(exc))}")]
    except RecursionError:
        return None, None, [Problem(file, None, "", "YAML is nested too deeply")]
    except TypeError as exc:  # ruamel cannot build a mapping whose key is a list or a mapping ("? - a")
        return None, None, [Problem(file, None, "", f"YAML error: a key must be a plain value, not a list or mapping ({_one_line(str(exc))})")]
    tag_problems = [
        Problem(file, line, "", f"YAML tags are not allowed in {kind.name} files (found {tag.replace('tag:yaml.org,2002:', '!!')}); write plain values")
        for line, tag in tags
    ]
    if raw is None:
        return None, None, tag_problems or [Problem(file, 1, "", f"the file is empty; a {kind.name} is a mapping ({kind.keys_hint})")]
    if not isinstance(raw, CommentedMap):
        what = "a list" if isinstance(raw, list) else f"a single value ({type(raw).__name__})"
        line = raw.lc.line + 1 if isinstance(raw, CommentedSeq) else 1
        return None, None, [*tag_problems, Problem(file, line, "", f"the top level must be a mapping of keys ({kind.keys_hint}), not {what}")]
    try:
        bad_keys: list[tuple[int | None, str]] = []
        plain = _plain(raw, _Budget(), set(), bad_keys)
    except (_TooBig, RecursionError) as exc:
        what = exc.what if isinstance(exc, _TooBig) else "too deep a nesting"
        return None, None, [
            *tag_problems,
            Problem(file, None, "", f"the document expands to {what} (recursive or repeated aliases?)"),
        ]
    key_problems = [Problem(file, line, "", f"keys must be text: put {key!r} in quotes") for line, key in bad_keys]
    return raw, plain, tag_problems + key_problems


def _dup_detail(exc: MarkedYAMLError) -> str:
    m = re.search(r'duplicate key "([^"]*)"', str(exc.problem))
    first = exc.context_mark.line + 1 if exc.context_mark is not None else None
    key = m.group(1) if m else "?"
    return f"{key!r} is given twice" + (f" (the mapping starts at line {first})" if first else "")


def _syntax_detail(exc: MarkedYAMLError) -> str:
    problem, context = (_one_line(str(x)) if x else "" for x in (exc.problem, exc.context))
    if problem.startswith("but ") and context:
        return f"{context}, {problem}"
    return f"{problem} ({context})" if problem and context else problem or context


def _one_line(s: str) -> str:
    return " ".join(s.split())

# --------------------------------------------------------------------------- locations


def locate(raw: CommentedMap, loc: Loc, *, keep_missing_last: bool = False) -> tuple[int, str]:
    """The YAML line (1-based) and dotted path of a pydantic location.

    Parts that are not in the data (pydantic's union tags such as ``literal[...]``) are
    dropped from the path; a missing key is reported at its parent's line.
    """
    node: Any = raw
    line = raw.lc.line + 1
    parts: list[str] = []
    for i, part in enumerate(loc):
        key: Any = part
        if isinstance(node, CommentedMap) and isinstance(part, str) and part not in node:
            # a key that was not text in the file (``1:``, ``null:``) was turned into text
            key = next((k for k in node if not isinstance(k, str) and _key_text(k) == part), part)
        if isinstance(node, CommentedMap) and not isinstance(part, int) and key in node:
            pos = node.lc.key(key)
            if pos is not None:
                line = pos[0] + 1
            parts.append(str(part))
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.lc.item(part)
            if pos is not None:
                line = pos[0] + 1
            parts.append(str(part))
            node = node[part]
        elif part == "[key]":
            continue
        elif keep_missing_last and i == len(loc) - 1:
            parts.append(str(part))
        # else: a union tag or a path into a value of the wrong type; stay at the parent
    return line, ".".join(parts)


def _unwrap(tp: Any) -> Any:
    """A model class inside Optional/Union/Annotated, or the type itself."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    return tp


def keys_at(root: type[BaseModel], loc: Loc) -> list[str]:
    """The keys ``root`` allows at a location (empty when it is not a model)."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) is list and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def suggest(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or nothing."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_PATTERNS = {
    r"^[a-z][a-z0-9_-]*$": "an id: lower-case letters, digits, '-' and '_', starting with a letter",
    r"^[a-z][a-z0-9-]*$": "an id: lower-case letters, digits and '-', starting with a letter",
}


def _short(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 40 else s[:37] + "..."


def _message(err: dict[str, Any], root: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    value = err.get("input")
    if kind == "missing":
        return "missing required key"
    if kind == "extra_forbidden":
        allowed = keys_at(root, loc[:-1])
        hint = suggest(str(loc[-1]), allowed) or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return f"unknown key {str(loc[-1])!r}{hint}"
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        if pattern in _PATTERNS:
            return f"should be {_PATTERNS[pattern]} (got {_short(value)})"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    if kind in ("literal_error", "enum") and isinstance(value, (str, int, float)):
        close = suggest(str(value), re.findall(r"'([^']*)'", (err.get("ctx") or {}).get("expected", "")))
        return f"{msg} (got {_short(value)}){close}"
    if isinstance(value, (int, float, bool)) or (isinstance(value, str) and len(value) <= 40):
        return f"{msg} (got {_short(value)})"
    return msg


def pydantic_problems(raw: CommentedMap, exc: ValidationError, file: str, kind: Kind) -> list[Problem]:
    """One problem per pydantic error, at the line of its key; a union of Literals gives one line.

    ``kind.message`` words an error its own way (or says None: the usual wording), and says ""
    for an error another check reports better.
    """
    problems: list[Problem] = []
    seen: set[Problem] = set()  # a set: a file with thousands of errors must not take quadratic time
    literals: dict[tuple[int, str], tuple[list[str], Any]] = {}
    for err in exc.errors():
        special = kind.message(dict(err)) if kind.message is not None else None
        if special == "":
            continue
        line, path = locate(raw, err["loc"], keep_missing_last=err["type"] == "missing")
        if err["type"] == "literal_error":
            # ``StationField | ProcessField`` fails once per member: merge the options.
            options, _ = literals.setdefault((line, path), ([], err.get("input")))
            options += re.findall(r"'[^']*'", (err.get("ctx") or {}).get("expected", ""))
            continue
        problem = Problem(file, line, path, special or _message(dict(err), kind.model))
        if problem not in seen:
            seen.add(problem)
            problems.append(problem)
    for (line, path), (options, value) in literals.items():
        hint = suggest(str(value), [o.strip("'") for o in options])
        problems.append(Problem(file, line, path, f"should be one of {', '.join(options)} (got {_short(value)}){hint}"))
    return problems


def first_line(text: str) -> str:
    return text.split("\n", 1)[0].rstrip("\r")


def schema_line_problems(first: str, file: str, base: Path | None, kind: Kind) -> list[Problem]:
    """What is wrong with a file's first line as the schema line (``base``: the file's directory,
    where a relative schema path must name an existing file). Apart from the rest of the checks
    because it depends on more than the file: the index of scenario files checks it afresh."""
    pattern = r"^#\s*yaml-language-server:\s*\$schema=(\S*" + re.escape(kind.schema_file) + r")\s*$"
    m = re.match(pattern, first)
    if not m:
        return [Problem(file, 1, "", f"the first line should be '{kind.schema_line}' (with the path to the schema) so editors check keys as you type")]
    if base is not None and "://" not in m.group(1) and not _exists(base / m.group(1)):
        return [Problem(file, 1, "", f"the schema {m.group(1)!r} is not there, relative to this file")]
    return []


def not_this_kind(raw: CommentedMap, plain: dict[str, Any], file: str, kind: Kind) -> Problem | None:
    """One problem for a YAML or JSON file of some other kind (none of this kind's own keys at
    its top level), instead of one per missing key; None when it may be one."""
    if any(k in kind.marks for k in plain):
        return None
    return Problem(file, raw.lc.line + 1, "", f"not a {kind.name}: no {kind.marks_hint} at the top level")


@dataclass
class Checked:
    """A file of some kind read and checked against its model: what the kind's own checks build on."""

    raw: CommentedMap | None  #: None: not worth checking further (no YAML mapping, or a file of another kind)
    plain: Any
    model: Any  #: the kind's model, when it validated (``problems`` may still hold the file's others)
    problems: list[Problem]


def check_model(text: str, file: str, kind: Kind, *, require_schema_line: bool = False,
                base: Path | None = None) -> Checked:
    """The checks every kind of file shares: the schema line (when required), the YAML, "is this
    file of this kind at all", and the kind's pydantic model, each problem with its line."""
    problems = schema_line_problems(first_line(text), file, base, kind) if require_schema_line else []
    raw, plain, yaml_problems = parse_yaml(text, file, kind)
    problems += yaml_problems
    if raw is None:
        return Checked(None, plain, None, problems)
    not_one = not_this_kind(raw, plain, file, kind)
    if not_one is not None:
        return Checked(None, plain, None, [*yaml_problems, not_one])
    model = None
    try:
        model = kind.model.model_validate(plain)
    except ValidationError as exc:
        problems += pydantic_problems(raw, exc, file, kind)
    return Checked(raw, plain, model, problems)
