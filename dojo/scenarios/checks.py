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
* ``events.N.cycle`` is within ``cycles``; event ids are not used twice;
* ``target_condition.achieve_by`` is not before ``start_date``;
* ``alternatives``: causes, effects and event timings name known experiments, obstacles,
  stations and events; a drawn focus is a visible obstacle; an ``observe`` step gets no
  variants; drawn cycles are within ``cycles``; nothing is given twice.

:func:`check_changes` then applies every experiment's and event's changes, for the
scenario as written and for every draw of its alternatives (:func:`.alternatives.corners`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

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
    import difflib

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
    events = _items(data.get("events"))
    event_ids, dup = _ids(events, ("events",), "event")
    findings += dup
    for i, event in events:
        findings += _changes(event.get("changes"), ("events", i, "changes"), stations)
        cycle = event.get("cycle")
        if isinstance(cycles, int) and isinstance(cycle, int) and not isinstance(cycle, bool) and cycle > cycles:
            findings.append((("events", i, "cycle"), f"cycle {cycle} is after the last cycle ({cycles})"))

    # only text can be an id: a list or mapping written there is pydantic's to report (and is unhashable)
    hidden = {o["id"] for _, o in _items(storyboard.get("obstacles")) if isinstance(o.get("id"), str) and o.get("hidden") is True}
    kinds = {e["id"]: e.get("kind") for _, e in experiments if isinstance(e.get("id"), str)}
    findings += _alternatives(
        _map(data.get("alternatives")), stations, obstacles, hidden, [str(k) for k in kinds if isinstance(k, str)],
        kinds, event_ids, cycles,
    )

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


def _alternatives(
    alt: dict,
    stations: list[str],
    obstacles: list[str],
    hidden: set,
    experiments: list[str],
    kinds: dict,
    events: list[str],
    cycles: Any,
) -> Iterator[Finding]:
    base: Loc = ("alternatives",)

    def known(value: Any, loc: Loc, choices: list[str], what: str) -> Iterator[Finding]:
        if isinstance(value, str) and value not in choices:
            yield loc, f"unknown {what} {value!r}{_suggest(value, choices)}"

    causes = _items(alt.get("causes"))
    _, dup = _ids(causes, (*base, "causes"), "cause")
    yield from dup
    for i, cause in causes:
        loc = (*base, "causes", i)
        yield from _changes(cause.get("process"), (*loc, "process"), stations)
        for key in ("reveals", "learned"):
            for exp, value in _map(cause.get(key)).items():
                yield from known(exp, (*loc, key, exp), experiments, "experiment")
                if key == "reveals" and isinstance(value, list):
                    for j, ident in enumerate(value):
                        yield from known(ident, (*loc, key, exp, j), obstacles, "obstacle")

    focus = alt.get("focus_obstacle")
    if isinstance(focus, list):
        for i, ident in enumerate(focus):
            yield from known(ident, (*base, "focus_obstacle", i), obstacles, "obstacle")
            if isinstance(ident, str) and ident in hidden:
                yield (*base, "focus_obstacle", i), f"obstacle {ident!r} is hidden; the learner cannot start focused on it"
        if len(set(map(str, focus))) < len(focus):
            yield (*base, "focus_obstacle"), "an obstacle is listed twice"

    seen: dict[str, int] = {}
    for i, effect in _items(alt.get("effects")):
        loc = (*base, "effects", i)
        exp = effect.get("experiment")
        yield from known(exp, (*loc, "experiment"), experiments, "experiment")
        if isinstance(exp, str):
            if exp in seen:
                yield (*loc, "experiment"), f"effects of {exp!r} are given twice (also alternatives.effects.{seen[exp]})"
            seen.setdefault(exp, i)
        variants = effect.get("variants")
        if isinstance(variants, list):
            if isinstance(exp, str) and kinds.get(exp) == "observe" and any(v for v in variants):
                yield (*loc, "variants"), "an 'observe' step changes nothing; it has no variants"
            for j, variant in enumerate(variants):
                yield from _changes(variant, (*loc, "variants", j), stations)

    timed: dict[str, int] = {}
    for i, timing in _items(alt.get("events")):
        loc = (*base, "events", i)
        ident = timing.get("event")
        yield from known(ident, (*loc, "event"), events, "event id")
        if isinstance(ident, str):
            if ident in timed:
                yield (*loc, "event"), f"event {ident!r} is timed twice (also alternatives.events.{timed[ident]})"
            timed.setdefault(ident, i)
        drawn = timing.get("cycles")
        if isinstance(drawn, list) and isinstance(cycles, int):
            for j, cycle in enumerate(drawn):
                if isinstance(cycle, int) and not isinstance(cycle, bool) and not 1 <= cycle <= cycles:
                    yield (*loc, "cycles", j), f"cycle {cycle} is not in the session's cycles (1 to {cycles})"


def _placeholder_hint(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(FIELDS), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {{{close[0]}}}?"
    return "; the placeholders are listed in dojo/scenarios/templates.py (FIELDS)"


def check_changes(scenario: Scenario) -> list[Finding]:
    """Apply every experiment's and event's changes as a session could, for the scenario as
    written and for every draw of its alternatives, so a change that pushes the process out
    of range is found by the author, not mid-session."""
    findings = _check_concrete(scenario)
    if findings or scenario.alternatives is None:
        return findings
    from dojo.scenarios.alternatives import apply, corners

    alt = scenario.alternatives
    blamed: set[Loc] = set()
    loc: Loc
    for drawn in corners(scenario):
        try:
            realised = apply(scenario, drawn)
        except (KeyError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            index = next(i for i, c in enumerate(alt.causes) if c.id == drawn.cause)
            loc = ("alternatives", "causes", index, "process", _first_failing(scenario, alt.causes[index].process))
            message = f"applying this cause fails: {_why(exc)}"
        else:
            problems = _check_concrete(realised)
            if not problems:
                continue
            loc, message = _blame(scenario, drawn, problems[0][0]), f"with {drawn.describe()}: {problems[0][1]}"
        if loc not in blamed:
            blamed.add(loc)
            findings.append((loc, message))
    return findings


def _first_failing(scenario: Scenario, changes: list) -> int:
    """The index of the first of ``changes`` that cannot be applied (in order) to the process as written."""
    from dojo.sim.changes import apply_changes

    for j in range(len(changes)):
        try:
            apply_changes(scenario.process, changes[: j + 1])
        except (KeyError, ValueError):
            return j
    return len(changes) - 1


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return f"{where}: {err['msg']}" if where else err["msg"]
    return str(exc).strip("'\"") or type(exc).__name__


def _blame(scenario: Scenario, drawn: Any, loc: Loc) -> Loc:
    """Where a problem found in a draw is reported: the alternative that changed the failing
    experiment, else the cause drawn, else where the scenario as written has it."""
    alt = scenario.alternatives
    assert alt is not None
    if loc[:1] == ("experiments",) and isinstance(loc[1], int):
        exp = scenario.experiments[loc[1]].id
        for i, effect in enumerate(alt.effects):
            if effect.experiment == exp:
                if exp in drawn.variants and (exp not in drawn.strengths or _fails_unscaled(scenario, drawn, exp)):
                    return ("alternatives", "effects", i, "variants", drawn.variants[exp])
                return ("alternatives", "effects", i, "strength")
    if drawn.cause is not None:
        return ("alternatives", "causes", next(i for i, c in enumerate(alt.causes) if c.id == drawn.cause))
    return loc


def _fails_unscaled(scenario: Scenario, drawn: Any, experiment: str) -> bool:
    """Does the draw still fail with ``experiment``'s changes at their strength as written?"""
    from dataclasses import replace

    from dojo.scenarios.alternatives import apply

    strengths = {e: k for e, k in drawn.strengths.items() if e != experiment}
    return bool(_check_concrete(apply(scenario, replace(drawn, strengths=strengths))))


def _check_concrete(scenario: Scenario) -> list[Finding]:
    """Apply every experiment's and event's changes of one concrete scenario.

    Each change is tried alone on the base process, then all of them cumulatively in
    file order (a session can run every experiment and meet every event).
    """
    from dojo.sim.changes import apply_changes

    findings: list[Finding] = []
    sources = [(("experiments", i, "changes"), e.changes) for i, e in enumerate(scenario.experiments)]
    sources += [(("events", i, "changes"), e.changes) for i, e in enumerate(scenario.events)]
    cumulative = scenario.process
    for loc, changes in sources:
        for model, how in ((scenario.process, ""), (cumulative, " after the changes before it")):
            try:
                applied = apply_changes(model, changes)
            except (KeyError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
                message = _why(exc)
            else:
                if how:
                    cumulative = applied
                continue
            findings.append((loc, f"applying these changes{how} fails: {message}"))
            break
    return findings
