"""The transcript format shared by headless play and the scorer.

Plain text: one utterance per line; ``coach:`` or ``learner:`` prefixes (any case),
a line without a prefix is a coach line; ``---`` ends the current coaching cycle;
blank lines and ``#`` comments are ignored. JSON Lines with
``{"speaker": ..., "text": ...}`` objects are read too (a ``{"cycle_end": true}``
object, or speaker ``"---"``, ends a cycle there; ``cycle_end`` is a JSON boolean, so
``"false"`` is an error, not a true value).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from dojo.errors import UserError
from dojo.files import read_text

Speaker = Literal["coach", "learner"]

#: One utterance longer than this is refused: nobody says 10,000 characters in a coaching turn.
MAX_UTTERANCE_CHARS = 10_000

_SURROGATE = re.compile("[\ud800-\udfff]")
_PREFIX = re.compile(r"^\s*(coach|learner)\s*:\s?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    speaker: Speaker
    text: str
    lineno: int = 0


@dataclass(slots=True)
class Transcript:
    """Utterances grouped by coaching cycle. ``source`` names the file for messages."""

    cycles: list[list[Line]] = field(default_factory=list)
    source: str = "<transcript>"

    @property
    def lines(self) -> list[Line]:
        return [line for cycle in self.cycles for line in cycle]

    def coach_lines(self) -> list[Line]:
        return [line for line in self.lines if line.speaker == "coach"]


def parse(text: str, source: str = "<transcript>", *, first_line: int = 1) -> Transcript:
    """Parse transcript text (plain or JSON Lines). Raises UserError with ``source:line``.

    ``first_line``: the number of the text's first line in its source (a line read on its own).
    """
    rows = text.splitlines()
    first = next((r.strip() for r in rows if r.strip() and not r.strip().startswith("#")), "")
    cycles = _parse_jsonl(rows, source, first_line) if first.startswith("{") else _parse_plain(rows, source, first_line)
    cycles = [c for c in cycles if c]
    if not cycles:
        raise UserError(f"{source}: the transcript has no utterances")
    return Transcript(cycles=cycles, source=source)


def load(path: str | Path) -> Transcript:
    return parse(read_text(path, what="transcript"), source=str(path))


def _check_length(text: str, source: str, lineno: int) -> None:
    if len(text) > MAX_UTTERANCE_CHARS:
        raise UserError(
            f"{source}:{lineno}: utterance is {len(text):,} characters long (the limit is {MAX_UTTERANCE_CHARS:,})"
        )


def _parse_plain(rows: list[str], source: str, first_line: int) -> list[list[Line]]:
    cycles: list[list[Line]] = [[]]
    for lineno, raw in enumerate(rows, start=first_line):
        row = raw.strip()
        if not row or row.startswith("#"):
            continue
        if row == "---":
            cycles.append([])
            continue
        _check_length(row, source, lineno)
        m = _PREFIX.match(row)
        speaker = cast(Speaker, m.group(1).lower() if m else "coach")  # the pattern matches only these two
        body = row[m.end():].strip() if m else row
        if not body:
            continue
        cycles[-1].append(Line(speaker, body, lineno))
    return cycles


def _json_short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _parse_jsonl(rows: list[str], source: str, first_line: int) -> list[list[Line]]:
    cycles: list[list[Line]] = [[]]
    for lineno, raw in enumerate(rows, start=first_line):
        row = raw.strip()
        if not row or row.startswith("#"):
            continue
        if row == "---":
            cycles.append([])
            continue
        _check_length(row, source, lineno)
        try:
            obj = json.loads(row)
        except json.JSONDecodeError as exc:
            raise UserError(f"{source}:{lineno}: not a JSON object: {exc.msg}") from None
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise UserError(f"{source}:{lineno}: not a JSON object a transcript holds: {str(exc).split(';')[0]}") from None
        except RecursionError:
            raise UserError(f"{source}:{lineno}: JSON nested too deeply for a transcript line") from None
        if not isinstance(obj, dict):
            raise UserError(f"{source}:{lineno}: expected a JSON object with speaker and text")
        cycle_end = obj.get("cycle_end", False)
        if not isinstance(cycle_end, bool):  # "false" is a string, and a string is not false
            raise UserError(f"{source}:{lineno}: 'cycle_end' must be true or false, not {_json_short(cycle_end)}")
        speaker = obj.get("speaker", "coach")
        if not isinstance(speaker, str):
            raise UserError(f"{source}:{lineno}: 'speaker' must be a string, not {_json_short(speaker)}")
        speaker = speaker.strip().lower()
        if cycle_end or speaker == "---":
            cycles.append([])
            continue
        if speaker not in ("coach", "learner"):
            raise UserError(f"{source}:{lineno}: speaker must be 'coach' or 'learner', not {speaker!r}")
        text = obj.get("text")
        if not isinstance(text, str):
            raise UserError(f"{source}:{lineno}: 'text' must be a string")
        text = text.strip()
        lone = _SURROGATE.search(text)  # only a JSON escape can make one: a file is read as strict UTF-8
        if lone is not None:
            raise UserError(f"{source}:{lineno}: 'text' holds a lone surrogate (\\u{ord(lone.group()):04x}), not valid Unicode")
        if text:
            cycles[-1].append(Line(speaker, text, lineno))  # type: ignore[arg-type]  # speaker checked above
    return cycles
