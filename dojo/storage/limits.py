"""What a real session can hold: the bounds an imported file is checked against before anything is stored.

A session file comes from outside (a peer, a script, an attacker). Before pydantic even
sees it, the parsed JSON must be shallow, bounded in size, with finite numbers and text
that is valid Unicode; after it, every time must be a real moment, the seed a 64-bit
number and the session no longer than a person could play. Everything else in a practice
session (transcript, scores, run chart) is not trusted but rebuilt from its record.
"""

from __future__ import annotations

import math
from typing import Any

from dojo.errors import UserError
from dojo.scenarios import MAX_SCENARIO_BYTES
from dojo.session.record import MAX_ACTIONS as MAX_ACTIONS  # re-exported: what a session holds is the session's to say

MAX_DEPTH = 40  # a session export nests about 8 deep
MAX_ITEMS = 20_000  # items in one list or object
MAX_STRING = 20_000  # characters in one string (an utterance is at most 10,000)
MAX_NUMBER = 1e15  # larger magnitudes are never a time, a score or a measurement
MAX_NOTES = 1_000
MAX_TITLE = 300
MAX_AUTHOR = 200
#: The one longer text: the copy of the scenario a record carries, as long as a scenario file may be.
LONG_STRINGS = {"record.scenario_text": MAX_SCENARIO_BYTES}
#: Seconds since the epoch: from 1970 to the start of 2100.
TIME_RANGE = (0.0, 4_102_444_800.0)
SEED_RANGE = (-(2**63), 2**63 - 1)  # what SQLite's INTEGER holds


def reject_constant(name: str) -> Any:
    """``json.loads(parse_constant=...)``: NaN and infinities are not numbers a session holds."""
    raise UserError(f"{name} is not a number a session can hold")


def check_tree(data: Any, source: str) -> None:
    """Depth, sizes, numbers and text of parsed JSON, without recursion (so any depth is safe)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        at = where or "(top)"
        if depth > MAX_DEPTH:
            raise UserError(f"{source}: {at}: nested more than {MAX_DEPTH} levels deep; no session export is")
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                raise UserError(f"{source}: {at}: {len(value):,} keys (the limit is {MAX_ITEMS:,})")
            for key, item in value.items():
                _check_string(key, f"{at} (a key)", source)
                stack.append((item, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise UserError(f"{source}: {at}: {len(value):,} items (the limit is {MAX_ITEMS:,})")
            stack.extend((item, f"{where}.{i}", depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            _check_string(value, at, source, LONG_STRINGS.get(at, MAX_STRING))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) and where.rsplit(".", 1)[-1] == "seed":
            check_seed(value, at, source)
        elif isinstance(value, (int, float)) and (
            (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER
        ):
            raise UserError(f"{source}: {at}: {_short(value)} is out of range for a session")


def _check_string(text: str, at: str, source: str, limit: int = MAX_STRING) -> None:
    if len(text) > limit:
        raise UserError(f"{source}: {at}: text of {len(text):,} characters (the limit is {limit:,})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(f"{source}: {at}: text holds a lone surrogate (\\u{ord(text[_bad(text)]):04x}), not valid Unicode") from None


def _bad(text: str) -> int:
    return next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)


def _short(value: float) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


def check_time(value: float | None, at: str, source: str) -> None:
    if value is not None and not TIME_RANGE[0] <= value <= TIME_RANGE[1]:
        raise UserError(f"{source}: {at}: {_short(value)} is not a time between 1970 and 2100")


def check_seed(value: int | None, at: str, source: str) -> None:
    if value is not None and not SEED_RANGE[0] <= value <= SEED_RANGE[1]:
        raise UserError(f"{source}: {at}: the seed {_short(value)} does not fit in 64 bits")


def check_int(data: dict[str, Any], key: str, at: str, source: str) -> None:
    """``true`` is not the integer 1: a version or count must be written as a number."""
    if key in data and isinstance(data[key], bool):
        raise UserError(f"{source}: {at}{key}: {str(data[key]).lower()} is not an integer")
