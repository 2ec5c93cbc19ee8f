"""Cross-reference checks a pydantic model cannot make on its own.

They run on the plain parsed data (not on a validated :class:`Scenario`), so they still
report when other parts of the file are invalid, and they tolerate any shape: a value
of the wrong type is pydantic's to report and is skipped here.

Each check yields ``(location, message)``; the loader turns the location into a line.

Checked:

* duplicate ids: stations, obstacles, experiments;
* ``experiments.N.obstacle``, ``experiments.N.reveals.M`` and ``storyboard.focus_obstacle``
  name a known obstacle;
* every ``changes.N.station`` (in experiments and events) names a known station;
* an ``observe`` experiment changes nothing;
* response templates use only placeholders from :data:`dojo.scenarios.templates.FIELDS`
  (only ``responses`` are templates; other prose is shown as written);
* every key in :data:`REQUIRED_RESPONSES` is present, and no response list or line is empty;
* ``events.N.cycle`` is within ``cycles``;
* ``target_condition.achieve_by`` is not before ``start_date``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from pydantic import ValidationError

from dojo.scenarios.models import REQUIRED_RESPONSES, Scenario
from dojo.scenarios.templates import FIELDS, unknown_placeholders

Loc = tuple[str | int, ...]
Finding = tuple[Loc, str]


def _map(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[tuple[int, dict]]:
    """``(index, mapping)`` for each mapping in a list."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _suggest(word: str, choices: list[str]) -> str:
    import difflib  # noqa: PLC0415

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; known: {', '.join(choices)}" if choices else "; none are defined"


def _ids(entries: list[tuple[int, dict]], base: Loc, what: str) -> tuple[list[str], list[Finding]]:
    """The ids in order, and a finding for each id used again."""
    seen: dict[str, int] = {}
    findings: list[Finding] = []
    for i, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            findings.append(((*base, i, "id"), f"duplicate {what} id {ident!r} (also {'.'.join(map(str, base))}.{seen[ident]})"))
        else:
            seen[ident] = i
    return list(seen), findings


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _changes(changes: Any, base: Loc, stations: list[str]) -> Iterator[Finding]:
    for k, change in _items(changes):
        station = change.get("station")
        if isinstance(station, str) and station not in stations:
            yield (*base, k, "station"), f"unknown station {station!r}{_suggest(station, stations)}"


def cross_check(data: dict) -> list[Finding]:
    """Every cross-reference problem in the plain parsed scenario data."""
    findings: list[Finding] = []
    process = _map(data.get("process"))
    stations, dup = _ids(_items(process.get("stations")), ("process", "stations"), "station")
    findings += dup

    storyboard = _map(data.get("storyboard"))
    obstacles, dup = _ids(_items(storyboard.get("obstacles")), ("storyboard", "obstacles"), "obstacle")
    findings += dup
    focus = storyboard.get("focus_obstacle")
    if isinstance(focus, str) and focus not in obstacles:
        findings.append((("storyboard", "focus_obstacle"), f"unknown obstacle {focus!r}{_suggest(focus, obstacles)}"))

    experiments = _items(data.get("experiments"))
    _, dup = _ids(experiments, ("experiments",), "experiment")
    findings += dup
    for i, exp in experiments:
        obstacle = exp.get("obstacle")
        if isinstance(obstacle, str) and obstacle not in obstacles:
            findings.append((("experiments", i, "obstacle"), f"unknown obstacle {obstacle!r}{_suggest(obstacle, obstacles)}"))
        reveals = exp.get("reveals")
        if isinstance(reveals, list):
            for j, ident in enumerate(reveals):
                if isinstance(ident, str) and ident not in obstacles:
                    findings.append((("experiments", i, "reveals", j), f"unknown obstacle {ident!r}{_suggest(ident, obstacles)}"))
        findings += _changes(exp.get("changes"), ("experiments", i, "changes"), stations)
        if exp.get("kind") == "observe" and isinstance(exp.get("changes"), list) and exp["changes"]:
            findings.append((("experiments", i, "changes"), "an 'observe' step changes nothing; drop 'changes' or use kind: change"))

    cycles = data.get("cycles")
    for i, event in _items(data.get("events")):
        findings += _changes(event.get("changes"), ("events", i, "changes"), stations)
        cycle = event.get("cycle")
        if isinstance(cycles, int) and isinstance(cycle, int) and not isinstance(cycle, bool) and cycle > cycles:
            findings.append((("events", i, "cycle"), f"cycle {cycle} is after the last cycle ({cycles})"))

    responses = data.get("responses")
    if isinstance(responses, dict):
        for key in sorted(REQUIRED_RESPONSES - set(responses)):
            findings.append((("responses", key.value), "missing required response (every scenario needs the card-step responses)"))
        for key, lines in responses.items():
            if not isinstance(lines, list):
                continue
            if not lines:
                findings.append((("responses", key), "empty list; give at least one line"))
            for j, text in enumerate(lines):
                if not isinstance(text, str):
                    continue
                if not text.strip():
                    findings.append((("responses", key, j), "empty response line"))
                for name in unknown_placeholders(text):
                    findings.append(
                        (("responses", key, j), f"unknown placeholder {{{name}}}{_placeholder_hint(name)}")
                    )

    target = _map(data.get("target_condition"))
    start, achieve_by = _date(data.get("start_date")), _date(target.get("achieve_by"))
    if start and achieve_by and achieve_by < start:
        findings.append(
            (("target_condition", "achieve_by"), f"achieve_by {achieve_by.isoformat()} is before start_date {start.isoformat()}")
        )
    return findings


def _placeholder_hint(name: str) -> str:
    import difflib  # noqa: PLC0415

    close = difflib.get_close_matches(name, list(FIELDS), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {{{close[0]}}}?"
    return "; the placeholders are listed in dojo/scenarios/templates.py (FIELDS)"


def check_changes(scenario: Scenario) -> list[Finding]:
    """Apply every experiment's and event's changes as a session could, so a change that
    pushes the process out of range is found by the author, not mid-session.

    Each change is tried alone on the base process, then all of them cumulatively in
    file order (a session can run every experiment and meet every event).
    """
    from dojo.sim.changes import apply_changes  # noqa: PLC0415

    findings: list[Finding] = []
    sources = [(("experiments", i, "changes"), e.changes) for i, e in enumerate(scenario.experiments)]
    sources += [(("events", i, "changes"), e.changes) for i, e in enumerate(scenario.events)]
    cumulative = scenario.process
    for loc, changes in sources:
        for model, how in ((scenario.process, ""), (cumulative, " after the changes before it")):
            try:
                applied = apply_changes(model, changes)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                message = f"{where}: {err['msg']}" if where else err["msg"]
            except (KeyError, ValueError) as exc:
                message = str(exc).strip("'\"") or type(exc).__name__
            else:
                if how:
                    cumulative = applied
                continue
            findings.append((loc, f"applying these changes{how} fails: {message}"))
            break
    return findings
